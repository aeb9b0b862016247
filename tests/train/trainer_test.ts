// Oracle: the dense reference TwoLayerNet (gradient, loss, accuracy on gathered dense batches)
// driven by the book's loop written out below. The engines compute the same sums in the same
// order, so every loss, accuracy and parameter must be bit-identical — for both kernel sets
// and any number of workers — including runs that diverge.

import assert from "node:assert";
import { assertSameBits } from "../_assert.ts";
import { runScript } from "../_deno.ts";
import { gather, label, RUNS, trainData } from "../_train_data.ts";
import { resolveMnistDir } from "../../lib/data/mod.ts";
import { RandomState } from "../../lib/core/random.ts";
import type { TrainData } from "../../lib/engine/types.ts";
import { loadTrainData } from "../../lib/train/load_data.ts";
import { LOCKED_BACKPROP_LOSSES_HIDDEN10 } from "../_locked_values.ts";
import { makeFastNumericalGradient } from "../../lib/engine/numgrad/fast_numerical_gradient.ts";
import { PHASES, PhaseTimer } from "../../lib/engine/timings.ts";
import { trainTwoLayerNet } from "../../lib/train/trainer.ts";
import type { EpochRecord, TrainConfig, TrainResult } from "../../lib/train/types.ts";
import { PARAM_KEYS, paramData } from "../../lib/nets/params.ts";
import { TwoLayerNet } from "../../lib/nets/two_layer_net.ts";

/** The book's loop on the dense reference net (the oracle). */
function referenceTrain(
  net: TwoLayerNet,
  rng: RandomState,
  data: TrainData,
  config: TrainConfig,
): TrainResult {
  const { iters, batchSize, lr } = config, trainSize = data.train.x.rows;
  const iterPerEpoch = Math.max(trainSize / batchSize, 1);
  const losses: number[] = [], epochs: EpochRecord[] = [];
  // The final parameters' accuracy, evaluated once more after the loop.
  const after = () => ({
    iterations: losses.length,
    trainAcc: net.accuracy(data.train.x, data.train.labels),
    testAcc: net.accuracy(data.test.x, data.test.labels),
  });
  for (let i = 0; i < iters; i++) {
    const [x, t] = gather(data.train, rng.choice(trainSize, batchSize));
    const g = config.gradient === "numerical" ? net.numericalGradient(x, t) : net.gradient(x, t);
    for (const key of PARAM_KEYS) {
      const p = paramData(net.params, key), gk = paramData(g, key);
      for (let k = 0; k < p.length; k++) p[k] -= lr * gk[k];
    }
    const loss = net.loss(x, t);
    losses.push(loss);
    if (!Number.isFinite(loss)) {
      const diverged = { iteration: i, loss };
      return {
        losses: Float64Array.from(losses),
        epochs,
        iterPerEpoch,
        diverged,
        afterTraining: after(),
      };
    }
    if (i % iterPerEpoch === 0) {
      epochs.push({
        epoch: epochs.length,
        iteration: i,
        trainAcc: net.accuracy(data.train.x, data.train.labels),
        testAcc: net.accuracy(data.test.x, data.test.labels),
      });
    }
  }
  return {
    losses: Float64Array.from(losses),
    epochs,
    iterPerEpoch,
    diverged: null,
    afterTraining: after(),
  };
}

function assertSameRun(actual: TrainResult, expected: TrainResult, what: string): void {
  assertSameBits(actual.losses, expected.losses, `${what}: losses`);
  assert.deepStrictEqual(actual.epochs, expected.epochs, `${what}: epochs`);
  assert.deepStrictEqual(actual.diverged, expected.diverged, `${what}: diverged`);
  assert.strictEqual(actual.iterPerEpoch, expected.iterPerEpoch, `${what}: iterPerEpoch`);
  assert.deepStrictEqual(actual.afterTraining, expected.afterTraining, `${what}: afterTraining`);
}

function assertSameParams(actual: TwoLayerNet, expected: TwoLayerNet, what: string): void {
  for (const key of PARAM_KEYS) {
    assertSameBits(
      paramData(actual.params, key),
      paramData(expected.params, key),
      `${what}: ${key}`,
    );
  }
}

/** The 64-13-10 backprop run (seed 5, 50 iterations) of the next tests, by the reference loop. */
function referenceRun() {
  const data = trainData(21);
  const config: TrainConfig = { iters: 50, batchSize: 20, lr: 0.5, gradient: "backprop" };
  const refRng = new RandomState(5);
  const refNet = new TwoLayerNet(64, 13, 10, { rng: refRng, weightInitStd: 0.1 });
  return { data, config, refRng, refNet, expected: referenceTrain(refNet, refRng, data, config) };
}

Deno.test("trainTwoLayerNet() gives the reference loop's bits with any workers", async (t) => {
  const { data, config, refRng, refNet, expected } = referenceRun();
  assert.strictEqual(expected.epochs.length, 4); // iterations 0, 15, 30, 45
  for (const options of RUNS) {
    await t.step(label(options), async () => {
      const rng = new RandomState(5);
      const net = new TwoLayerNet(64, 13, 10, { rng, weightInitStd: 0.1 });
      const seen: EpochRecord[] = [];
      let iterations = 0;
      const result = await trainTwoLayerNet(net, rng, data, config, {
        onEpoch: (r) => seen.push(r),
        onIteration: (i) => assert.strictEqual(i, iterations++),
      }, options);
      assertSameRun(result, expected, label(options));
      assertSameParams(net, refNet, label(options));
      assert.deepStrictEqual(
        rng.getState(),
        refRng.getState(),
        "the generator ends where the book's does",
      );
      assert.deepStrictEqual(seen, expected.epochs, "onEpoch in epoch order");
      assert.strictEqual(iterations, config.iters);
    });
  }
});

Deno.test("a run timed phase by phase (PhaseTimer) gives the same bits, and times each phase it runs", async (t) => {
  const { data, config, refNet, expected } = referenceRun();
  for (const options of RUNS) {
    await t.step(label(options), async () => {
      const rng = new RandomState(5);
      const net = new TwoLayerNet(64, 13, 10, { rng, weightInitStd: 0.1 });
      const timer = new PhaseTimer();
      const t0 = performance.now();
      const result = await trainTwoLayerNet(net, rng, data, config, {}, { ...options, timer });
      const wall = performance.now() - t0;
      assertSameRun(result, expected, label(options));
      assertSameParams(net, refNet, label(options));
      const ms = timer.times();
      for (const phase of PHASES) {
        if (phase === "wait") continue;
        assert.ok(ms[phase] > 0, `${phase} timed: ${ms[phase]} ms`);
      }
      // Only a run with step workers waits for them.
      assert.strictEqual(ms.wait > 0, (options.stepWorkers ?? 0) > 0, `wait ${ms.wait} ms`);
      const sum = PHASES.reduce((a, p) => a + ms[p], 0);
      assert.ok(sum <= wall, `the phases (${sum} ms) fit in the run (${wall} ms)`);
    });
  }
});

Deno.test("trainTwoLayerNet() reports the accuracy after the last iteration without drawing from the generator", async (t) => {
  const data = trainData(23);
  // 15 iterations per epoch: 46 ends on an evaluation (iteration 45), 50 does not, 0 has none.
  for (const iters of [46, 50, 0]) {
    await t.step(`${iters} iterations`, async () => {
      const config: TrainConfig = { iters, batchSize: 20, lr: 0.5, gradient: "backprop" };
      const refRng = new RandomState(6);
      const refNet = new TwoLayerNet(64, 13, 10, { rng: refRng, weightInitStd: 0.1 });
      const expected = referenceTrain(refNet, refRng, data, config);
      const rng = new RandomState(6);
      const net = new TwoLayerNet(64, 13, 10, { rng, weightInitStd: 0.1 });
      const result = await trainTwoLayerNet(net, rng, data, config, {}, RUNS[3]);
      assertSameRun(result, expected, `${iters} iterations`);
      assert.strictEqual(result.afterTraining.iterations, iters);
      if (iters === 46) {
        const last = result.epochs.at(-1)!;
        assert.deepStrictEqual([last.trainAcc, last.testAcc], [
          result.afterTraining.trainAcc,
          result.afterTraining.testAcc,
        ]);
      }
      assert.deepStrictEqual(rng.getState(), refRng.getState(), "nothing more drawn");
    });
  }
});

Deno.test("trainTwoLayerNet() stops where the reference diverges, with the same losses", async (t) => {
  const data = trainData(31);
  const cases: { name: string; lr: number; poison?: (net: TwoLayerNet) => void }[] = [
    { name: "huge lr", lr: 1e308 }, // the loss is NaN at iteration 2
    // Infinity in W1 at an input that is zero in some images: 0 · Infinity is NaN in the dense
    // sums, so the sparse kernels must not be used (the trainer falls back to the reference).
    {
      name: "Infinity in W1",
      lr: 0.1,
      poison: (net) => (net.params.W1.data[3 * 13 + 2] = Infinity),
    },
    { name: "NaN in W2", lr: 0.1, poison: (net) => (net.params.W2.data[7] = NaN) },
  ];
  for (const c of cases) {
    const config: TrainConfig = { iters: 40, batchSize: 20, lr: c.lr, gradient: "backprop" };
    const refRng = new RandomState(8), refNet = new TwoLayerNet(64, 13, 10, { rng: refRng });
    c.poison?.(refNet);
    const expected = referenceTrain(refNet, refRng, data, config);
    assert.notStrictEqual(expected.diverged, null, c.name);
    if (c.name === "huge lr") assert.strictEqual(expected.diverged?.iteration, 2);
    for (const options of RUNS) {
      await t.step(`${c.name}, ${label(options)}`, async () => {
        const rng = new RandomState(8), net = new TwoLayerNet(64, 13, 10, { rng });
        c.poison?.(net);
        const result = await trainTwoLayerNet(net, rng, data, config, {}, options);
        assertSameRun(result, expected, c.name);
        assertSameParams(net, refNet, c.name);
        // The batch drawn ahead for the step that never came is taken back.
        assert.deepStrictEqual(rng.getState(), refRng.getState(), "generator state");
      });
    }
  }
});

Deno.test("trainTwoLayerNet() passes a hook's error on, with the generator where the book's loop leaves it", async () => {
  const data = trainData(71, 16, 60, 20);
  const config: TrainConfig = { iters: 20, batchSize: 6, lr: 0.1, gradient: "backprop" };
  const refRng = new RandomState(4), refNet = new TwoLayerNet(16, 5, 10, { rng: refRng });
  referenceTrain(refNet, refRng, data, { ...config, iters: 8 }); // iterations 0 … 7
  for (const options of RUNS) {
    const rng = new RandomState(4), net = new TwoLayerNet(16, 5, 10, { rng });
    const stop = new Error("stop here");
    await assert.rejects(
      trainTwoLayerNet(net, rng, data, config, {
        onIteration: (i) => {
          if (i === 7) throw stop;
        },
      }, options),
      (e) => e === stop,
    );
    assert.deepStrictEqual(rng.getState(), refRng.getState(), label(options));
    assertSameParams(net, refNet, label(options));
  }
});

Deno.test("trainTwoLayerNet() with the numerical gradient follows the reference loop", async (t) => {
  const data = trainData(41, 6, 30, 10);
  const config: TrainConfig = { iters: 3, batchSize: 4, lr: 0.1, gradient: "numerical" };
  const refRng = new RandomState(2), refNet = new TwoLayerNet(6, 3, 10, { rng: refRng });
  const expected = referenceTrain(refNet, refRng, data, config);
  // The book's naive method (no numericalGradient given), then the fast one in 0 and 2 workers.
  for (const workers of [undefined, 0, 2]) {
    for (const options of [RUNS[0], RUNS[1]]) {
      const what = `${workers === undefined ? "naive" : `fast, ${workers} workers`}, ${
        label(options)
      }`;
      await t.step(what, async () => {
        const numericalGradient = workers === undefined
          ? undefined
          : makeFastNumericalGradient({ workers });
        try {
          const rng = new RandomState(2), net = new TwoLayerNet(6, 3, 10, { rng });
          const result = await trainTwoLayerNet(net, rng, data, config, {}, {
            ...options,
            numericalGradient,
          });
          assertSameRun(result, expected, what);
          assertSameParams(net, refNet, what);
        } finally {
          await numericalGradient?.dispose();
        }
      });
    }
  }
});

Deno.test("a script that trains with workers exits by itself", async () => {
  const script = `
    import { RandomState } from "${new URL("../../lib/core/random.ts", import.meta.url)}";
    import { TwoLayerNet } from "${new URL("../../lib/nets/two_layer_net.ts", import.meta.url)}";
    import { matrix } from "${new URL("../../lib/core/matrix.ts", import.meta.url)}";
    import { trainTwoLayerNet } from "${new URL("../../lib/train/trainer.ts", import.meta.url)}";
    import { toTrainData } from "${new URL("../../lib/engine/train_data.ts", import.meta.url)}";
    const x = matrix(40, 5, new Float64Array(200).map((_, i) => (i % 3) / 3));
    const set = { x, labels: new Uint8Array(40).map((_, i) => i % 10) };
    const data = toTrainData(set, set);
    const rng = new RandomState(0);
    const r = await trainTwoLayerNet(new TwoLayerNet(5, 4, 10, { rng }), rng, data,
      { iters: 9, batchSize: 4, lr: 0.1, gradient: "backprop" }, {}, { stepWorkers: 1, evalWorkers: 2 });
    console.log(r.epochs.length);
  `;
  const out = await runScript("train_exits.ts", script, ["--allow-read"], { timeoutMs: 30_000 });
  assert.strictEqual(out.stderr.includes("error"), false, out.stderr);
  assert.strictEqual(out.code, 0);
  assert.strictEqual(out.stdout.trim(), "1");
});

// Real MNIST ($MNIST_DIR, else data/mnist): ignored without it unless DLFS_REQUIRE_DATA=1 (CI).
const MNIST_DIR = await resolveMnistDir({ format: "idx", env: (n) => Deno.env.get(n) })
  .then((s) => s.dir, () => undefined);

Deno.test({
  name:
    "trainTwoLayerNet() gives the locked losses and NumPy's batches on real MNIST when seeded with 0",
  ignore: MNIST_DIR === undefined && Deno.env.get("DLFS_REQUIRE_DATA") !== "1",
  async fn() {
    const fixture = JSON.parse(
      await Deno.readTextFile(
        new URL("../fixtures/two_layer_net/numpy_losses_seed0_hidden10.json", import.meta.url),
      ),
    );
    const data = await loadTrainData({ dir: MNIST_DIR ?? "data/mnist", format: "idx" });
    const rng = new RandomState(0);
    const net = new TwoLayerNet(784, 10, 10, { rng });
    // The first batch comes right after the weights in the same stream, as in NumPy.
    const probe = new RandomState(0);
    probe.randn(784 * 10 + 10 * 10);
    assert.deepStrictEqual(Array.from(probe.choice(60000, 100)), fixture.firstBatch);
    const result = await trainTwoLayerNet(net, rng, data, {
      iters: 50,
      batchSize: 100,
      lr: 0.1,
      gradient: "backprop",
    });
    // Locked: the exact losses of this project's arithmetic (a change of any bit shows here).
    assertSameBits(result.losses, LOCKED_BACKPROP_LOSSES_HIDDEN10.map(Number), "losses");
    // Oracle: NumPy's run of the same job agrees to rounding (BLAS order, NumPy's SIMD exp/log).
    fixture.losses.map(Number).forEach((expected: number, i: number) => {
      assert.ok(Math.abs(result.losses[i] - expected) <= 1e-14 * expected, `loss ${i}`);
    });
    assert.deepStrictEqual(
      result.epochs.map((e) => [e.trainAcc, e.testAcc]),
      fixture.epochs.map((e: EpochRecord) => [e.trainAcc, e.testAcc]),
    );
  },
});
