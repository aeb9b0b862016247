/**
 * Mini-batch training of the two-layer net (§4.5.2–4.5.3), exactly the book's
 * loop in `ch04/train_neuralnet.py`:
 *
 * ```text
 * for i in 0 … iters−1:
 *   batch = rng.choice(trainSize, batchSize)        # with replacement
 *   grad  = net.gradient(x[batch], t[batch])
 *   params −= lr · grad
 *   record net.loss(x[batch], t[batch])             # after the update
 *   if i % iterPerEpoch == 0: accuracy on all training and test data
 * ```
 *
 * with `iterPerEpoch = max(trainSize / batchSize, 1)` (a float, as in the
 * book). The work runs on the training engine (`lib/engine/training_engine.ts`):
 * buffers allocated once, the first layer on sparse rows, the work shared
 * with worker threads, the accuracy evaluations counted in the background.
 * Its sums are the reference net's sums in the reference order, so the
 * results are the bits `TwoLayerNet.gradient`, `loss` and `accuracy` give
 * (`tests/train/trainer_test.ts` runs this loop against a plain loop over
 * `TwoLayerNet`). With `gradient: "numerical"` the gradient is the one given
 * as `options.numericalGradient` (the fast one of `lib/engine/numgrad/`,
 * which has the naive method's bits), else the book's naive method itself.
 *
 * Skipping zero pixels is exact only while W1 (forward) and dz1 (backward)
 * are finite (`0 · Infinity` is NaN in the dense sums). When they are not —
 * a diverging run — the trainer does that work with the dense reference
 * `TwoLayerNet` itself, so even a diverging run has the reference's bits.
 *
 * @module
 */

import { argmax } from "../core/argmax.ts";

import { type Matrix, matrix } from "../core/matrix.ts";
import type { RandomState } from "../core/random.ts";
import { Phases } from "../engine/timings.ts";
import { makeTrainingEngine, settledAccuracy } from "../engine/training_engine.ts";
import type { LabeledData, PendingAccuracy, TrainData } from "../engine/types.ts";
import { PARAM_KEYS, paramData, type TwoLayerParams, zeroParamsLike } from "../nets/params.ts";
import type { TwoLayerNet } from "../nets/two_layer_net.ts";
import type {
  Divergence,
  EpochRecord,
  TrainConfig,
  TrainHooks,
  TrainOptions,
  TrainResult,
} from "./types.ts";

function gatherDense(
  data: LabeledData,
  rowIds: ArrayLike<number>,
  count: number,
): [Matrix, Int32Array] {
  const cols = data.x.cols;
  const x = matrix(count, cols);
  const t = new Int32Array(count);
  for (let r = 0; r < count; r++) {
    const id = rowIds[r];
    x.data.set(data.x.data.subarray(id * cols, (id + 1) * cols), r * cols);
    t[r] = data.labels[id];
  }
  return [x, t];
}

function checkConfig(config: TrainConfig, trainSize: number): void {
  const { iters, batchSize, lr, gradient } = config;
  if (!Number.isInteger(iters) || iters < 0) {
    throw new RangeError(`Cannot train as iters must be a non-negative integer: iters=${iters}`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(
      `Cannot train as batchSize must be a positive integer: batchSize=${batchSize}`,
    );
  }
  if (!(Number.isFinite(lr) && lr > 0)) {
    throw new RangeError(`Cannot train as lr must be a positive finite number: lr=${lr}`);
  }
  if (gradient !== "backprop" && gradient !== "numerical") {
    throw new RangeError(
      `Cannot train as gradient must be "backprop" or "numerical": gradient=${gradient}`,
    );
  }
  if (trainSize < 1) {
    throw new RangeError(`Cannot train as the training set is empty: trainSize=${trainSize}`);
  }
}

/** Rows per chunk of the dense reference accuracy (the fallback for non-finite W1). */
const REFERENCE_CHUNK = 1000;

/** The dense reference's count of correct predictions (`TwoLayerNet.accuracy`, in chunks). */
function referenceAccuracy(net: TwoLayerNet, data: LabeledData): number {
  const { x, labels } = data;
  let correct = 0;
  for (let s = 0; s < x.rows; s += REFERENCE_CHUNK) {
    const n = Math.min(REFERENCE_CHUNK, x.rows - s);
    const y = net.predict(matrix(n, x.cols, x.data.subarray(s * x.cols, (s + n) * x.cols)));
    for (let r = 0; r < n; r++) if (argmax(y.data, r * y.cols, y.cols) === labels[s + r]) correct++;
  }
  return correct / x.rows;
}

/** The book's update: `params[key] −= lr · grads[key]` for every key. */
function sgdUpdateInPlace(params: TwoLayerParams, grads: TwoLayerParams, lr: number): void {
  for (const key of PARAM_KEYS) {
    const p = paramData(params, key), g = paramData(grads, key);
    for (let k = 0; k < p.length; k++) p[k] -= lr * g[k];
  }
}

/**
 * Trains `net` in place with the book's mini-batch SGD loop (see the module
 * doc). `rng` must be the generator that initialised the net, so that — as
 * with `np.random.seed(seed)` in the book's script — the batches continue
 * the stream the weights came from. The engine trains a copy of the
 * parameters, written back to `net.params` at the end (also when a hook
 * throws or the run diverges). `onEpoch` comes in epoch order, but with
 * background evaluation workers a few iterations late (the records are the
 * same). The workers are stopped before this returns or throws.
 *
 * @param net The net (its parameters are updated).
 * @param rng The seeded generator for the batches.
 * @param data Training and test sets, dense (for the numerical gradient and
 *   the exactness fallbacks) and sparse (see {@linkcode toSparseData}).
 * @param config Iterations, batch size, learning rate, gradient method.
 * @param hooks Progress callbacks.
 * @param options Kernels and worker counts; they change no result.
 * @returns Losses, per-epoch accuracies, and where it diverged if it did.
 * @throws {RangeError} For a bad setting.
 * @throws {Error} When a worker fails, with its message.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { matrix } from "../core/matrix.ts";
 * import { RandomState } from "../core/random.ts";
 * import { toTrainData } from "../engine/train_data.ts";
 * import { TwoLayerNet } from "../nets/two_layer_net.ts";
 * import { trainTwoLayerNet } from "./trainer.ts";
 * const x = matrix(20, 4, new Float64Array(80).map((_, i) => (i % 5) / 5));
 * const set = { x, labels: new Uint8Array(20).map((_, i) => i % 10) };
 * const data = toTrainData(set, set);
 * const config = { iters: 3, batchSize: 5, lr: 0.1, gradient: "backprop" } as const;
 * const runs = [];
 * for (const options of [{ evalWorkers: 0, stepWorkers: 0 }, { stepWorkers: 1, evalWorkers: 1 }]) {
 *   const rng = new RandomState(0);
 *   runs.push(await trainTwoLayerNet(new TwoLayerNet(4, 3, 10, { rng }), rng, data, config, {}, options));
 * }
 * assert.strictEqual(runs[0].losses.length, 3);
 * assert.deepStrictEqual(runs[1], runs[0]); // the same bits, whatever runs it
 * ```
 */
export async function trainTwoLayerNet(
  net: TwoLayerNet,
  rng: RandomState,
  data: TrainData,
  config: TrainConfig,
  hooks: TrainHooks = {},
  options: TrainOptions = {},
): Promise<TrainResult> {
  const trainSize = data.trainSparse.x.rows;
  checkConfig(config, trainSize);
  if (data.train.x.rows !== trainSize || data.test.x.rows !== data.testSparse.x.rows) {
    throw new TypeError(
      `Cannot train as the dense and sparse sets must have the same rows: ` +
        `train ${data.train.x.rows} vs ${trainSize}, test ${data.test.x.rows} vs ${data.testSparse.x.rows}`,
    );
  }
  const { iters, batchSize, lr } = config;
  const { checkpointEvery = Infinity, resume } = options;
  if (!(checkpointEvery >= 1)) {
    throw new RangeError(
      `Cannot train as checkpointEvery must be a positive integer: checkpointEvery=${checkpointEvery}`,
    );
  }
  const start = resume?.iteration ?? 0;
  if (
    resume &&
    !(Number.isInteger(start) && start >= 0 && start <= iters && resume.losses.length === start)
  ) {
    throw new RangeError(
      `Cannot train as the resumed iteration must be in [0, iters] with one loss per iteration: ` +
        `iteration=${start}, iters=${iters}, losses=${resume.losses.length}`,
    );
  }
  const numgrad = options.numericalGradient, timer = options.timer;
  timer?.start();
  const engine = await makeTrainingEngine(net.params, data, batchSize, options);
  timer?.lap(Phases.setup);
  try {
    const losses = new Float64Array(iters);
    const epochs: EpochRecord[] = resume ? resume.epochs.map((e) => ({ ...e })) : [];
    if (resume) losses.set(resume.losses);
    const iterPerEpoch = Math.max(trainSize / batchSize, 1);
    let diverged: Divergence | null = null;
    let done = start;
    const grads = config.gradient === "numerical" ? zeroParamsLike(net.params) : undefined;
    // The evaluation under way: the workers count while training goes on; its
    // record is added (and onEpoch called) once it is known, always in epoch order.
    let pending: { epoch: number; iteration: number; accuracy: PendingAccuracy } | null = null;
    const record = (accuracy: readonly [number, number]) => {
      const r: EpochRecord = {
        epoch: pending!.epoch,
        iteration: pending!.iteration,
        trainAcc: accuracy[0],
        testAcc: accuracy[1],
      };
      pending = null;
      epochs.push(r);
      hooks.onEpoch?.(r);
    };
    const settle = async () => {
      if (!pending) return;
      timer?.start();
      const accuracy = await pending.accuracy.wait();
      timer?.lap(Phases.evaluation);
      record(accuracy);
    };
    // The current parameters' accuracy: the engine's (maybe counted in the background), or the
    // dense reference's when the sparse pass is not exact.
    const accuracyNow = (): PendingAccuracy => {
      if (engine.exact) return engine.evaluate();
      engine.readParams(net.params);
      return settledAccuracy([
        referenceAccuracy(net, data.train),
        referenceAccuracy(net, data.test),
      ]);
    };
    for (let i = start; i < iters; i++) {
      timer?.start();
      const batch = rng.choice(trainSize, batchSize);
      timer?.lap(Phases.batch);
      if (config.gradient === "numerical" && numgrad && engine.exact) {
        // The fast numerical gradient (from a cached forward pass): the naive method's bits.
        engine.readParams(net.params);
        await numgrad.gradient(net.params, data.trainSparse, batch, batchSize, grads!);
        sgdUpdateInPlace(net.params, grads!, lr);
        engine.writeParams(net.params);
      } else if (config.gradient === "numerical" || !engine.step(batch, batchSize, lr)) {
        // The book's update with a gradient from the dense reference net: the naive
        // numerical gradient, or backprop, when the sparse one is not exact (W1 not finite).
        engine.readParams(net.params);
        const [xb, tb] = gatherDense(data.train, batch, batchSize);
        const g = config.gradient === "numerical"
          ? net.numericalGradient(xb, tb)
          : net.gradient(xb, tb);
        sgdUpdateInPlace(net.params, g, lr);
        engine.writeParams(net.params);
      }
      let loss: number;
      if (engine.exact) {
        loss = engine.loss(batch, batchSize);
      } else {
        engine.readParams(net.params);
        const [xb, tb] = gatherDense(data.train, batch, batchSize);
        loss = net.loss(xb, tb);
      }
      losses[i] = loss;
      done = i + 1;
      hooks.onIteration?.(i, loss);
      if (!Number.isFinite(loss)) {
        diverged = { iteration: i, loss };
        break;
      }
      if (pending) {
        timer?.start();
        const accuracy = pending.accuracy.poll();
        timer?.lap(Phases.evaluation);
        if (accuracy) record(accuracy);
      }
      if (i % iterPerEpoch === 0) {
        await settle();
        const epoch = epochs.length;
        pending = { epoch, iteration: i, accuracy: accuracyNow() };
      }
      if (hooks.onCheckpoint && (i + 1) % checkpointEvery === 0 && i + 1 < iters) {
        await settle();
        const params = zeroParamsLike(net.params);
        engine.readParams(params);
        await hooks.onCheckpoint({
          iteration: i + 1,
          params,
          rngState: rng.getState(),
          losses: losses.slice(0, i + 1),
          epochs: epochs.map((e) => ({ ...e })),
        });
      }
    }
    await settle();
    const last = epochs.at(-1);
    timer?.start();
    const [trainAcc, testAcc] = last?.iteration === done - 1
      ? [last.trainAcc, last.testAcc]
      : await accuracyNow().wait();
    timer?.lap(Phases.evaluation);
    const afterTraining = { iterations: done, trainAcc, testAcc };
    return { losses: losses.slice(0, done), epochs, iterPerEpoch, diverged, afterTraining };
  } finally {
    timer?.start();
    engine.readParams(net.params);
    engine.dispose();
    timer?.lap(Phases.setup);
  }
}

/**
 * The evaluations as columns, the way results files and plots take them.
 *
 * @param epochs Evaluation records.
 * @returns One array per field, in the records' order.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { epochColumns } from "./trainer.ts";
 * const cols = epochColumns([{ epoch: 0, iteration: 0, trainAcc: 0.1, testAcc: 0.2 }]);
 * assert.deepStrictEqual(cols, { epoch: [0], iteration: [0], trainAcc: [0.1], testAcc: [0.2] });
 * ```
 */
export function epochColumns(epochs: readonly EpochRecord[]): {
  epoch: number[];
  iteration: number[];
  trainAcc: number[];
  testAcc: number[];
} {
  return {
    epoch: epochs.map((e) => e.epoch),
    iteration: epochs.map((e) => e.iteration),
    trainAcc: epochs.map((e) => e.trainAcc),
    testAcc: epochs.map((e) => e.testAcc),
  };
}
