// The one way a worker starts (lib/engine/worker.ts): its hand-shake and failures, that every
// committed bundle is what the build writes (so a worker never runs stale code), and that the
// bundled workers need no file permission at all.

import assert from "node:assert";
import { runScript } from "../_deno.ts";
import { startWorker } from "../../lib/engine/worker.ts";
import { buildWorkerBundle, WORKER_BUNDLES } from "../../tools/_workers.ts";
import { fileName } from "../../tools/_wasm.ts";

Deno.test("startWorker() rejects with the label and the worker's message when set-up fails", async () => {
  const program = {
    name: "test worker",
    source: `self.onmessage = () => self.postMessage({ ready: false, message: "RangeError: no" });`,
  };
  await assert.rejects(startWorker(program, null, { label: "test worker 3" }), {
    name: "Error",
    message: "Cannot start test worker 3: RangeError: no",
  });
});

Deno.test("startWorker() reports the failure when the worker's script does not load", async () => {
  await assert.rejects(
    startWorker({ name: "broken worker", source: "this is not JavaScript" }, null),
    (e: Error) => {
      assert.match(e.message, /^Cannot start broken worker: .*SyntaxError/);
      return true;
    },
  );
});

Deno.test("every generated worker bundle is what tools/build.ts writes", async (t) => {
  for (const spec of WORKER_BUNDLES) {
    await t.step(fileName(spec.ts), async () => {
      assert.ok(
        (await Deno.readTextFile(spec.ts)) === (await buildWorkerBundle(spec)),
        `${fileName(spec.ts)} is stale: run \`deno task build\``,
      );
    });
  }
});

Deno.test("the engine's and the numerical gradient's workers run without any permission", async () => {
  const lib = (path: string) => JSON.stringify(new URL(`../../lib/${path}`, import.meta.url).href);
  const script = `
    import { fromRows } from ${lib("core/convert.ts")};
    import { RandomState } from ${lib("core/random.ts")};
    import { toTrainData } from ${lib("engine/train_data.ts")};
    import { TwoLayerNet } from ${lib("nets/two_layer_net.ts")};
    import { trainTwoLayerNet } from ${lib("train/trainer.ts")};
    import { makeFastNumericalGradient } from ${lib("engine/numgrad/fast_numerical_gradient.ts")};
    const numericalGradient = makeFastNumericalGradient({ workers: 2 });
    const set = { x: fromRows([[0, 1], [1, 0], [0.5, 0.5], [1, 1]]), labels: new Uint8Array([0, 1, 0, 1]) };
    for (const gradient of ["backprop", "numerical"]) {
      const rng = new RandomState(0);
      const run = await trainTwoLayerNet(new TwoLayerNet(2, 3, 2, { rng }), rng, toTrainData(set, set),
        { iters: 3, batchSize: 2, lr: 0.1, gradient },
        {}, { stepWorkers: 1, evalWorkers: 1, numericalGradient });
      console.log(gradient, run.losses.length);
    }
    await numericalGradient.dispose();
  `;
  const out = await runScript("no_permissions.ts", script, ["--no-prompt"], { timeoutMs: 60_000 });
  assert.strictEqual(out.code, 0, out.stderr);
  assert.strictEqual(out.stdout, "backprop 3\nnumerical 3\n");
});
