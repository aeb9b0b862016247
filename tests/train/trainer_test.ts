// Oracle: the dense reference TwoLayerNet (gradient, loss, accuracy on gathered dense batches)
// driven by the book's loop written out below. The engines compute the same sums in the same
// order, so every loss, accuracy and parameter must be bit-identical — for both kernel sets
// and any number of workers — including runs that diverge.

import assert from "node:assert";
import { assertSameBits } from "../_assert.ts";
import { fileURLToPath } from "node:url";
import { type Matrix, matrix } from "../../lib/core/matrix.ts";
import { resolveMnistDir } from "../../lib/data/mod.ts";
import { RandomState } from "../../lib/core/random.ts";
import { loadTrainData } from "../../lib/train/sweep.ts";
import { LOCKED_BACKPROP_LOSSES_HIDDEN10 } from "../_locked_values.ts";
import {
  type EpochRecord,
  type LabeledData,
  makeTrainingEngine,
  toSparseData,
  type TrainConfig,
  type TrainData,
  type TrainOptions,
  type TrainResult,
  trainTwoLayerNet,
} from "../../lib/train/trainer.ts";
import {
  PARAM_KEYS,
  paramData,
  TwoLayerNet,
  zeroParamsLike,
} from "../../lib/nets/two_layer_net.ts";
import { Crew, newEngineMemory, planEngine } from "../../lib/engine/crew.ts";

/** MNIST-like images: ~81% zeros, the rest float32(k / 255); labels from the images. */
function imageSet(rng: RandomState, rows: number, cols: number): LabeledData {
  const x = matrix(rows, cols), labels = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) {
      if (rng.random() < 0.19) {
        const v = Math.fround((1 + rng.randint(0, 255, 1)[0]) / 255);
        x.data[r * cols + c] = v;
        s += c * v;
      }
    }
    labels[r] = Math.floor(s) % 10;
  }
  return { x, labels };
}

function trainData(seed: number, cols = 64, trainRows = 300, testRows = 120): TrainData {
  const rng = new RandomState(seed);
  const train = imageSet(rng, trainRows, cols), test = imageSet(rng, testRows, cols);
  return { train, test, trainSparse: toSparseData(train), testSparse: toSparseData(test) };
}

function gather(data: LabeledData, ids: ArrayLike<number>): [Matrix, Uint8Array] {
  const cols = data.x.cols, x = matrix(ids.length, cols), t = new Uint8Array(ids.length);
  for (let r = 0; r < ids.length; r++) {
    x.data.set(data.x.data.subarray(ids[r] * cols, (ids[r] + 1) * cols), r * cols);
    t[r] = data.labels[ids[r]];
  }
  return [x, t];
}

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
      return {
        losses: Float64Array.from(losses),
        epochs,
        iterPerEpoch,
        diverged: { iteration: i, loss },
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
  return { losses: Float64Array.from(losses), epochs, iterPerEpoch, diverged: null };
}

function assertSameRun(actual: TrainResult, expected: TrainResult, what: string): void {
  assertSameBits(actual.losses, expected.losses, `${what}: losses`);
  assert.deepStrictEqual(actual.epochs, expected.epochs, `${what}: epochs`);
  assert.deepStrictEqual(actual.diverged, expected.diverged, `${what}: diverged`);
  assert.strictEqual(actual.iterPerEpoch, expected.iterPerEpoch, `${what}: iterPerEpoch`);
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

const RUNS: readonly TrainOptions[] = [
  { kernels: "ts" },
  { kernels: "wasm", stepWorkers: 0, evalWorkers: 0 },
  { kernels: "wasm", stepWorkers: 1, evalWorkers: 0 },
  { kernels: "wasm", stepWorkers: 0, evalWorkers: 1 },
  { kernels: "wasm", stepWorkers: 2, evalWorkers: 2 },
];

const label = (o: TrainOptions) =>
  `${o.kernels} step ${o.stepWorkers ?? "-"} eval ${o.evalWorkers ?? "-"}`;

Deno.test("engine gradient(), loss() and evaluate() equal TwoLayerNet's bit for bit", async (t) => {
  const data = trainData(11, 40, 90, 37);
  for (const hidden of [1, 7, 25, 50]) {
    const rng = new RandomState(hidden);
    const net = new TwoLayerNet(40, hidden, 10, { rng, weightInitStd: 0.3 });
    for (let i = 0; i < net.params.b1.length; i++) net.params.b1[i] = rng.standardNormal();
    for (const batch of [[4], [0, 17, 17, 89, 3, 50, 22, 8, 61]]) {
      const [x, tb] = gather(data.train, batch);
      const ref = net.gradient(x, tb);
      for (const options of RUNS) {
        await t.step(`hidden ${hidden}, batch of ${batch.length}, ${label(options)}`, async () => {
          const engine = await makeTrainingEngine(net.params, data, 12, options);
          try {
            const grads = zeroParamsLike(net.params);
            assert.strictEqual(engine.gradient(batch, batch.length, grads), true);
            for (const key of PARAM_KEYS) {
              assertSameBits(paramData(grads, key), paramData(ref, key), key);
            }
            assert.ok(Object.is(engine.loss(batch, batch.length), net.loss(x, tb)), "loss");
            assert.deepStrictEqual(await engine.evaluate().wait(), [
              net.accuracy(data.train.x, data.train.labels),
              net.accuracy(data.test.x, data.test.labels),
            ]);
          } finally {
            engine.dispose();
          }
        });
      }
    }
  }
});

Deno.test("trainTwoLayerNet() gives the reference loop's bits with either kernels and any workers", async (t) => {
  const data = trainData(21);
  const config: TrainConfig = { iters: 50, batchSize: 20, lr: 0.5, gradient: "backprop" };
  const refRng = new RandomState(5);
  const refNet = new TwoLayerNet(64, 13, 10, { rng: refRng, weightInitStd: 0.1 });
  const expected = referenceTrain(refNet, refRng, data, config);
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

Deno.test("trainTwoLayerNet() with the numerical gradient follows the reference loop", async () => {
  const data = trainData(41, 6, 30, 10);
  const config: TrainConfig = { iters: 3, batchSize: 4, lr: 0.1, gradient: "numerical" };
  const refRng = new RandomState(2), refNet = new TwoLayerNet(6, 3, 10, { rng: refRng });
  const expected = referenceTrain(refNet, refRng, data, config);
  for (const options of [RUNS[0], RUNS[2]]) {
    const rng = new RandomState(2), net = new TwoLayerNet(6, 3, 10, { rng });
    const result = await trainTwoLayerNet(net, rng, data, config, {}, options);
    assertSameRun(result, expected, label(options));
    assertSameParams(net, refNet, label(options));
  }
});

Deno.test("trainTwoLayerNet() rejects bad settings with precise errors", async (t) => {
  const data = trainData(51, 8, 20, 5);
  const net = () => new TwoLayerNet(8, 3, 10, { rng: new RandomState(0) });
  const config: TrainConfig = { iters: 1, batchSize: 5, lr: 0.1, gradient: "backprop" };
  await t.step("kernels", async () => {
    await assert.rejects(
      trainTwoLayerNet(net(), new RandomState(0), data, config, {}, { kernels: "gpu" as "ts" }),
      {
        name: "RangeError",
        message: 'Cannot train as kernels must be "wasm" or "ts": kernels=gpu',
      },
    );
  });
  await t.step("workers", async () => {
    await assert.rejects(
      trainTwoLayerNet(net(), new RandomState(0), data, config, {}, { evalWorkers: -1 }),
      {
        name: "RangeError",
        message: "Cannot train as evalWorkers must be an integer in [0, 256]: evalWorkers=-1",
      },
    );
    await assert.rejects(
      trainTwoLayerNet(net(), new RandomState(0), data, config, {}, { stepWorkers: 1.5 }),
      {
        name: "RangeError",
        message: "Cannot train as stepWorkers must be an integer in [0, 256]: stepWorkers=1.5",
      },
    );
  });
  await t.step("batch ids", async () => {
    const engine = await makeTrainingEngine(net().params, data, 5, {
      stepWorkers: 0,
      evalWorkers: 0,
    });
    try {
      assert.throws(() => engine.loss([0, 20], 2), {
        name: "RangeError",
        message: "Cannot use the batch as row ids must be integers in [0, 20): rowIds[1]=20",
      });
      assert.throws(() => engine.loss([0], 6), {
        name: "RangeError",
        message: "Cannot use the batch as count must be an integer in [1, 1]: count=6",
      });
    } finally {
      engine.dispose();
    }
  });
});

Deno.test("a failing worker surfaces as an error naming the worker and its message", async (t) => {
  const data = trainData(61, 8, 20, 5);
  const sets = [data.trainSparse, data.testSparse].map((s) => ({ x: s.x, labels: s.labels }));
  const plan = {
    inputSize: 8,
    hidden: 3,
    output: 10,
    maxBatch: 4,
    evalChunk: 8,
    stepShards: 1,
    evalShards: 1,
  };
  await t.step("a worker that cannot start", async () => {
    const layout = planEngine(plan, sets);
    await assert.rejects(
      Crew.start(
        newEngineMemory(layout, sets),
        layout,
        // A worker that answers as the engine's workers do when their set-up throws.
        new URL(
          `data:text/javascript,self.onmessage = () => self.postMessage(${
            encodeURIComponent(
              JSON.stringify({ ready: false, message: "RangeError: no worker here" }),
            )
          })`,
        ),
      ),
      (e: Error) => {
        assert.strictEqual(e.message, "Cannot start training worker 1: RangeError: no worker here");
        return true;
      },
    );
  });
  await t.step("a worker whose command throws", async () => {
    // A layout whose test set lies beyond the memory: the worker's kernel traps.
    const good = planEngine(plan, sets);
    const bad = { ...good, sets: [good.sets[0], { ...good.sets[1], rowStart: 0x7fff0000 }] };
    const crew = await Crew.start(newEngineMemory(good, sets), bad);
    try {
      await assert.rejects(crew.finish(crew.startEvaluation()), (e: Error) => {
        assert.match(e.message, /^Cannot train as training worker 1 failed: RuntimeError: /);
        return true;
      });
    } finally {
      crew.dispose();
    }
  });
});

Deno.test("a script that trains with workers exits by itself", async () => {
  const script = `
    import { RandomState } from "${new URL("../../lib/core/random.ts", import.meta.url)}";
    import { TwoLayerNet } from "${new URL("../../lib/nets/two_layer_net.ts", import.meta.url)}";
    import { matrix } from "${new URL("../../lib/core/matrix.ts", import.meta.url)}";
    import { toSparseData, trainTwoLayerNet } from "${new URL(
    "../../lib/train/trainer.ts",
    import.meta.url,
  )}";
    const x = matrix(40, 5, new Float64Array(200).map((_, i) => (i % 3) / 3));
    const set = { x, labels: new Uint8Array(40).map((_, i) => i % 10) };
    const data = { train: set, test: set, trainSparse: toSparseData(set), testSparse: toSparseData(set) };
    const rng = new RandomState(0);
    const r = await trainTwoLayerNet(new TwoLayerNet(5, 4, 10, { rng }), rng, data,
      { iters: 9, batchSize: 4, lr: 0.1, gradient: "backprop" }, {}, { stepWorkers: 1, evalWorkers: 2 });
    console.log(r.epochs.length);
  `;
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/train_exits.ts`;
    await Deno.writeTextFile(file, script);
    const out = await new Deno.Command("deno", {
      args: ["run", "--no-lock", "--allow-read", file],
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      signal: AbortSignal.timeout(30_000),
    }).output();
    assert.strictEqual(
      new TextDecoder().decode(out.stderr).includes("error"),
      false,
      new TextDecoder().decode(out.stderr),
    );
    assert.strictEqual(out.code, 0);
    assert.strictEqual(new TextDecoder().decode(out.stdout).trim(), "1");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
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
