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
 * book). The work runs on an engine with buffers allocated once and the
 * first layer on sparse rows; its sums are the reference net's sums in the
 * reference order, so the results are the bits `TwoLayerNet.gradient`,
 * `loss` and `accuracy` give. Two engines:
 *
 * - `"wasm"` (default): WebAssembly kernels (`lib/engine/wasm/kernels.wat`, f64x2
 *   SIMD add/mul, no fused multiply-add) on parameters and data held in one
 *   shared memory; each iteration's work split by output (batch rows, W1
 *   rows) between this thread and `stepWorkers` workers, the accuracy
 *   evaluations split by rows among `evalWorkers` workers that count in the
 *   background while training goes on. No sum is ever split, so the results
 *   do not depend on either number. Its `exp` (sigmoid, softmax) is a
 *   correctly rounded two-lane exp that calls `Math.exp` whenever its error
 *   bound leaves the rounding open; V8's `Math.exp` is correctly rounded, so
 *   both give the same bits (tested on millions of arguments).
 * - `"ts"`: the TypeScript kernels of `lib/core/sparse_rows.ts` in this thread, the
 *   readable reference the WebAssembly kernels are tested against.
 *
 * Skipping zero pixels is exact only while W1 (forward) and dz1 (backward)
 * are finite (`0 · Infinity` is NaN in the dense sums). When they are not —
 * a diverging run — the trainer does that work with the dense reference
 * `TwoLayerNet` itself, so even a diverging run has the reference's bits.
 *
 * @module
 */

import { Crew, type EngineSet, newEngineMemory, Phase, planEngine } from "../engine/crew.ts";
import { f64View, i32View } from "../engine/wasm/instance.ts";
import { sigmoid, softmaxRows } from "../core/functions.ts";
import { crossEntropyErrorLabels } from "../core/loss.ts";
import {
  sparseMatMul,
  sparseMatMulTransposeA,
  type SparseRows,
  toSparseRows,
} from "../core/sparse_rows.ts";
import {
  addRowVectorInPlace,
  argmax,
  matMul,
  matMulTransposeA,
  matMulTransposeB,
  type Matrix,
  matrix,
  sumRows,
} from "../core/matrix.ts";
import type { TrainCheckpoint } from "./checkpoint.ts";
import {
  type FastNumericalGradient,
  makeFastNumericalGradient,
} from "../engine/fast_numerical_gradient.ts";
import type { RandomState } from "../core/random.ts";
import {
  type Labels,
  PARAM_KEYS,
  paramData,
  type TwoLayerNet,
  type TwoLayerParams,
  zeroParamsLike,
} from "../nets/two_layer_net.ts";

/** Images (one per row, normalized) and their labels. */
export interface LabeledData {
  /** `N × inputSize` inputs. */
  readonly x: Matrix;
  /** `N` labels. */
  readonly labels: Labels;
}

/** Images as sparse rows plus labels: what the engine trains on (built once per data set). */
export interface SparseData {
  /** The inputs' nonzero entries. */
  readonly x: SparseRows;
  /** `N` labels. */
  readonly labels: Labels;
}

/**
 * Compresses a data set for the engine (skips the ~81% zero pixels of MNIST).
 *
 * @param data Dense images and labels.
 * @returns Sparse images and the same labels.
 * @throws {TypeError} When the label count differs from the row count.
 */
export function toSparseData(data: LabeledData): SparseData {
  if (data.labels.length !== data.x.rows) {
    throw new TypeError(
      `Cannot prepare the data as there must be one label per image: ` +
        `images=${data.x.rows}, labels=${data.labels.length}`,
    );
  }
  return { x: toSparseRows(data.x), labels: data.labels };
}

/** Rows per chunk when evaluating accuracy over a whole data set. */
const EVAL_CHUNK = 1000;

/**
 * The buffers and kernels of one net's training: gradient, loss and
 * accuracy on rows of sparse data, allocating nothing per call.
 */
export interface BatchEngine {
  /**
   * Backprop gradient of the batch `rowIds[0..count)` into `grads` (overwritten).
   * Returns false when dz1 has a non-finite element: then the sparse `xᵀ·dz1`
   * may differ from the dense reference (`0 · Infinity`), and `grads.W1` must
   * not be trusted.
   */
  gradient(
    data: SparseData,
    rowIds: ArrayLike<number>,
    count: number,
    grads: TwoLayerParams,
  ): boolean;
  /** Mean cross-entropy of the batch. */
  loss(data: SparseData, rowIds: ArrayLike<number>, count: number): number;
  /** Number of rows `[start, end)` of `data` whose argmax prediction equals the label. */
  countCorrect(data: SparseData, start: number, end: number): number;
}

/**
 * Makes an engine for `params` (read live: updates to the parameters are seen
 * by the next call) and batches of up to `maxBatch` rows.
 *
 * @param params The net's parameters.
 * @param maxBatch Largest batch.
 * @returns The engine.
 */
export function makeBatchEngine(params: TwoLayerParams, maxBatch: number): BatchEngine {
  const { W1, b1, W2, b2 } = params;
  const hidden = W1.cols, out = W2.cols;
  const rows = Math.max(maxBatch, EVAL_CHUNK);
  const a1Buf = new Float64Array(rows * hidden);
  const z1Buf = new Float64Array(rows * hidden);
  const a2Buf = new Float64Array(rows * out);
  const dyBuf = new Float64Array(rows * out);
  const da1Buf = new Float64Array(rows * hidden);
  const terms = new Float64Array(rows);
  const batchLabels = new Int32Array(rows);
  const ids = new Int32Array(EVAL_CHUNK);
  const view = (buf: Float64Array, n: number, cols: number): Matrix =>
    matrix(n, cols, buf.subarray(0, n * cols));

  /** a1 = x·W1 + b1, z1 = sigmoid(a1), y = softmax(z1·W2 + b2); y is left in a2Buf. */
  function forward(x: SparseRows, rowIds: ArrayLike<number>, n: number) {
    const a1 = addRowVectorInPlace(sparseMatMul(x, rowIds, n, W1, view(a1Buf, n, hidden)), b1);
    const z1 = view(z1Buf, n, hidden);
    sigmoid(a1.data, z1.data);
    const a2 = addRowVectorInPlace(matMul(z1, W2, view(a2Buf, n, out)), b2);
    const y = softmaxRows(a2, a2);
    return { a1, z1, y };
  }

  return {
    gradient(data, rowIds, count, grads) {
      const n = count;
      // forward
      const { z1, y } = forward(data.x, rowIds, n);
      // backward
      const dy = view(dyBuf, n, out);
      for (let r = 0; r < n; r++) {
        const label = data.labels[rowIds[r]];
        for (let k = 0; k < out; k++) {
          const i = r * out + k;
          dy.data[i] = (y.data[i] - (k === label ? 1 : 0)) / n;
        }
      }
      matMulTransposeA(z1, dy, grads.W2); // np.dot(z1.T, dy)
      sumRows(dy, grads.b2); // np.sum(dy, axis=0)
      const da1 = matMulTransposeB(dy, W2, view(da1Buf, n, hidden)); // np.dot(dy, W2.T)
      const dz1 = da1; // dz1 = sigmoid_grad(a1) * da1, in place
      let finite = true;
      for (let i = 0; i < n * hidden; i++) {
        const s = z1.data[i];
        dz1.data[i] = ((1 - s) * s) * da1.data[i];
        if (!Number.isFinite(dz1.data[i])) finite = false;
      }
      sparseMatMulTransposeA(data.x, rowIds, n, dz1, grads.W1); // np.dot(x.T, dz1)
      sumRows(dz1, grads.b1); // np.sum(dz1, axis=0)
      return finite;
    },
    loss(data, rowIds, count) {
      const { y } = forward(data.x, rowIds, count);
      for (let r = 0; r < count; r++) batchLabels[r] = data.labels[rowIds[r]];
      return crossEntropyErrorLabels(y, batchLabels.subarray(0, count), terms);
    },
    countCorrect(data, start, end) {
      let correct = 0;
      for (let s = start; s < end; s += EVAL_CHUNK) {
        const n = Math.min(EVAL_CHUNK, end - s);
        for (let r = 0; r < n; r++) ids[r] = s + r;
        const { y } = forward(data.x, ids, n);
        for (let r = 0; r < n; r++) {
          if (argmax(y.data, r * out, out) === data.labels[s + r]) correct++;
        }
      }
      return correct;
    },
  };
}

/** Settings of {@linkcode trainTwoLayerNet} (the book's hyperparameters by default). */
export interface TrainConfig {
  /** Iterations (book: 10000). */
  readonly iters: number;
  /** Mini-batch size (book: 100). */
  readonly batchSize: number;
  /** Learning rate (book: 0.1). */
  readonly lr: number;
  /** `"backprop"` (book ch. 5, fast) or `"numerical"` (book ch. 4, central differences). */
  readonly gradient: "backprop" | "numerical";
}

/** One accuracy evaluation (once per epoch). */
export interface EpochRecord {
  /** 0 for the evaluation before any full epoch (at iteration 0). */
  readonly epoch: number;
  /** The iteration after whose update it was taken. */
  readonly iteration: number;
  /** Accuracy on the whole training set. */
  readonly trainAcc: number;
  /** Accuracy on the whole test set. */
  readonly testAcc: number;
}

/** Where a run stopped because the loss stopped being a finite number. */
export interface Divergence {
  /** Iteration whose loss was not finite. */
  readonly iteration: number;
  /** That loss (NaN or ±Infinity). */
  readonly loss: number;
}

/** What {@linkcode trainTwoLayerNet} returns. */
export interface TrainResult {
  /** Batch loss after each completed iteration's update. */
  readonly losses: Float64Array;
  /** One record per evaluation. */
  readonly epochs: readonly EpochRecord[];
  /** `iterPerEpoch` as the book computes it. */
  readonly iterPerEpoch: number;
  /** Set when the loss became NaN or infinite; training stopped there. */
  readonly diverged: Divergence | null;
}

/** Callbacks for progress display; they cannot change the run. */
export interface TrainHooks {
  /** After each evaluation. */
  readonly onEpoch?: (record: EpochRecord) => void;
  /** After each iteration with its loss. */
  readonly onIteration?: (iteration: number, loss: number) => void;
  /**
   * Every `checkpointEvery` iterations (see {@linkcode TrainOptions}): the run's
   * whole state, to save; resuming from it (`TrainOptions.resume`) ends with
   * the bits of a run that never stopped. Awaited before training goes on.
   */
  readonly onCheckpoint?: (checkpoint: TrainCheckpoint) => void | Promise<void>;
}

/**
 * Accuracy of the net's engine on a whole data set.
 *
 * @param engine The engine.
 * @param data Sparse data.
 * @returns Fraction correct.
 */
// deno-lint-ignore require-await
export async function engineAccuracy(engine: BatchEngine, data: SparseData): Promise<number> {
  return engine.countCorrect(data, 0, data.x.rows) / data.x.rows;
}

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

/** How {@linkcode trainTwoLayerNet} runs (never what it computes). */
export interface TrainOptions {
  /**
   * `"wasm"` (default): the WebAssembly kernels, with worker threads;
   * `"ts"`: the TypeScript kernels in this thread (the readable reference).
   */
  readonly kernels?: "wasm" | "ts";
  /**
   * Workers for the accuracy evaluations, which count in the background on a
   * copy of the parameters while training goes on; 0: this thread and the
   * step workers count, between iterations (default: see
   * {@linkcode defaultWorkerCounts}). `"wasm"` only.
   */
  readonly evalWorkers?: number;
  /**
   * Workers that share each iteration's work with this thread (default: see
   * {@linkcode defaultWorkerCounts}). `"wasm"` only.
   */
  readonly stepWorkers?: number;
  /**
   * Workers for the numerical gradient (`gradient: "numerical"`; default: one
   * per core, see `makeFastNumericalGradient`; 0: this thread).
   */
  readonly numericalWorkers?: number;
  /** Iterations between `onCheckpoint` calls (default: never). */
  readonly checkpointEvery?: number;
  /**
   * Continue a run from a checkpoint: its losses and evaluations are kept and
   * the loop starts at `resume.iteration`. The caller restores the net's
   * parameters and the generator's state from the same checkpoint.
   */
  readonly resume?: Pick<TrainCheckpoint, "iteration" | "losses" | "epochs">;
}

/**
 * The worker counts {@linkcode trainTwoLayerNet} uses by default: one step
 * worker when there are at least 2 cores (the iteration is split in two; more
 * parts would mostly add waiting), and the other cores for background
 * evaluations, at least one when there are 2 cores. Measured on 2 cores, the
 * default job: 1 step + 1 evaluation worker ≈ 12 s, 1 + 0 ≈ 13 s, 1 + 2 ≈ 13 s
 * (the evaluations then crowd the step threads), 0 + 0 ≈ 20 s.
 *
 * @param cores Logical cores (default `navigator.hardwareConcurrency`).
 * @returns The counts.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { defaultWorkerCounts } from "./trainer.ts";
 * assert.deepStrictEqual(defaultWorkerCounts(2), { stepWorkers: 1, evalWorkers: 1 });
 * assert.deepStrictEqual(defaultWorkerCounts(1), { stepWorkers: 0, evalWorkers: 0 });
 * ```
 */
export function defaultWorkerCounts(
  cores: number = navigator.hardwareConcurrency ?? 1,
): { stepWorkers: number; evalWorkers: number } {
  const stepWorkers = cores >= 2 ? 1 : 0;
  return { stepWorkers, evalWorkers: Math.max(stepWorkers, cores - 1 - stepWorkers) };
}

/** A data set in both forms: dense (for the reference fallbacks) and sparse. */
export interface TrainData {
  /** Dense training set (the numerical gradient and the exactness fallbacks use it). */
  readonly train: LabeledData;
  /** Dense test set. */
  readonly test: LabeledData;
  /** The training set as sparse rows ({@linkcode toSparseData}). */
  readonly trainSparse: SparseData;
  /** The test set as sparse rows. */
  readonly testSparse: SparseData;
}

/**
 * What the trainer needs from an engine: one net's training on one data set,
 * on parameters the engine holds (copied in by `writeParams`, out by
 * `readParams`).
 */
export interface TrainingEngine {
  /** False once W1 has a non-finite element: then the sparse forward pass is not exact. */
  readonly exact: boolean;
  /** Copies `params` in. */
  writeParams(params: TwoLayerParams): void;
  /** Copies the engine's parameters into `out`. */
  readParams(out: TwoLayerParams): void;
  /**
   * Backprop gradient of training rows `rowIds[0..count)` into `grads`; false
   * (and `grads` not to be trusted) when it could not be computed exactly.
   */
  gradient(rowIds: ArrayLike<number>, count: number, grads: TwoLayerParams): boolean;
  /** `params −= lr · gradient` on the batch; false (nothing changed) when not exact. */
  step(rowIds: ArrayLike<number>, count: number, lr: number): boolean;
  /** Mean cross-entropy of the batch (requires `exact`). */
  loss(rowIds: ArrayLike<number>, count: number): number;
  /**
   * Starts computing the current parameters' accuracy on the whole training
   * and test sets (requires `exact`); later steps do not change the answer.
   */
  evaluate(): PendingAccuracy;
  /** Stops its workers; idempotent. */
  dispose(): void;
}

/** Accuracies being computed, maybe by workers while training goes on. */
export interface PendingAccuracy {
  /** `[train, test]` accuracy when known, else null; never waits. */
  poll(): readonly [number, number] | null;
  /** Waits for `[train, test]` accuracy. */
  wait(): Promise<readonly [number, number]>;
}

function settled(value: readonly [number, number]): PendingAccuracy {
  return { poll: () => value, wait: () => Promise.resolve(value) };
}

/** Rows per evaluation chunk of the WebAssembly engine. */
const WASM_EVAL_CHUNK = 500;

function allFinite(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

function checkRowIds(
  rowIds: ArrayLike<number>,
  count: number,
  rows: number,
  maxBatch: number,
): void {
  if (!(Number.isInteger(count) && count >= 1 && count <= maxBatch && count <= rowIds.length)) {
    throw new RangeError(
      `Cannot use the batch as count must be an integer in [1, ${
        Math.min(maxBatch, rowIds.length)
      }]: ` +
        `count=${count}`,
    );
  }
  for (let r = 0; r < count; r++) {
    const id = rowIds[r];
    if (!(Number.isInteger(id) && id >= 0 && id < rows)) {
      throw new RangeError(
        `Cannot use the batch as row ids must be integers in [0, ${rows}): rowIds[${r}]=${id}`,
      );
    }
  }
}

function copyParams(from: TwoLayerParams, to: TwoLayerParams): void {
  for (const key of PARAM_KEYS) {
    const a = paramData(from, key), b = paramData(to, key);
    if (a.length !== b.length) {
      throw new TypeError(
        `Cannot copy the parameters as ${key} must have ${b.length} elements: got ${a.length}`,
      );
    }
    if (a !== b) b.set(a);
  }
}

/** The TypeScript engine: {@linkcode makeBatchEngine} on its own copy of the parameters. */
class TsEngine implements TrainingEngine {
  readonly #params: TwoLayerParams;
  readonly #engine: BatchEngine;
  readonly #grads: TwoLayerParams;
  #exact = true;

  constructor(params: TwoLayerParams, readonly data: TrainData, readonly maxBatch: number) {
    this.#params = zeroParamsLike(params);
    this.#grads = zeroParamsLike(params);
    this.#engine = makeBatchEngine(this.#params, maxBatch);
    this.writeParams(params);
  }

  get exact(): boolean {
    return this.#exact;
  }

  writeParams(params: TwoLayerParams): void {
    copyParams(params, this.#params);
    this.#exact = allFinite(this.#params.W1.data);
  }

  readParams(out: TwoLayerParams): void {
    copyParams(this.#params, out);
  }

  gradient(rowIds: ArrayLike<number>, count: number, grads: TwoLayerParams): boolean {
    checkRowIds(rowIds, count, this.data.trainSparse.x.rows, this.maxBatch);
    return this.#exact && this.#engine.gradient(this.data.trainSparse, rowIds, count, grads);
  }

  step(rowIds: ArrayLike<number>, count: number, lr: number): boolean {
    if (!this.gradient(rowIds, count, this.#grads)) return false;
    for (const key of PARAM_KEYS) {
      const p = paramData(this.#params, key), g = paramData(this.#grads, key);
      for (let k = 0; k < p.length; k++) p[k] -= lr * g[k];
    }
    this.#exact = allFinite(this.#params.W1.data);
    return true;
  }

  loss(rowIds: ArrayLike<number>, count: number): number {
    checkRowIds(rowIds, count, this.data.trainSparse.x.rows, this.maxBatch);
    return this.#engine.loss(this.data.trainSparse, rowIds, count);
  }

  evaluate(): PendingAccuracy {
    const { trainSparse: train, testSparse: test } = this.data;
    return settled([
      this.#engine.countCorrect(train, 0, train.x.rows) / train.x.rows,
      this.#engine.countCorrect(test, 0, test.x.rows) / test.x.rows,
    ]);
  }

  dispose(): void {}
}

function engineSet(data: SparseData): EngineSet {
  return { x: data.x, labels: data.labels };
}

/** The WebAssembly engine: parameters, data and buffers in one shared memory; see `lib/engine/crew.ts`. */
class WasmEngine implements TrainingEngine {
  readonly #crew: Crew;
  readonly #trainLabels: Labels;
  readonly #views;
  #exact = true;

  private constructor(crew: Crew, trainLabels: Labels) {
    this.#crew = crew;
    this.#trainLabels = trainLabels;
    const L = crew.layout, buf = crew.memory.buffer, h = L.hidden, o = L.output, n = L.inputSize;
    this.#views = {
      W1: f64View(buf, L.W1, n * h),
      b1: f64View(buf, L.b1, h),
      W2: f64View(buf, L.W2, h * o),
      b2: f64View(buf, L.b2, o),
      gW1: f64View(buf, L.gW1, n * h),
      gb1: f64View(buf, L.gb1, h),
      gW2: f64View(buf, L.gW2, h * o),
      gb2: f64View(buf, L.gb2, o),
      ids: i32View(buf, L.ids, L.maxBatch),
      labels: i32View(buf, L.labels, L.maxBatch),
      y: f64View(buf, L.y, L.maxBatch * o),
      terms: new Float64Array(L.maxBatch),
    };
  }

  static async create(
    params: TwoLayerParams,
    data: TrainData,
    maxBatch: number,
    evalWorkers: number,
    stepWorkers: number,
  ): Promise<WasmEngine> {
    const sets = [engineSet(data.trainSparse), engineSet(data.testSparse)];
    const layout = planEngine({
      inputSize: params.W1.rows,
      hidden: params.W1.cols,
      output: params.W2.cols,
      maxBatch,
      evalChunk: WASM_EVAL_CHUNK,
      stepShards: 1 + stepWorkers,
      evalShards: evalWorkers,
    }, sets);
    const memory = newEngineMemory(layout, sets);
    const crew = await Crew.start(memory, layout);
    const engine = new WasmEngine(crew, data.trainSparse.labels);
    engine.writeParams(params);
    return engine;
  }

  get exact(): boolean {
    return this.#exact;
  }

  writeParams(params: TwoLayerParams): void {
    const v = this.#views, L = this.#crew.layout;
    if (
      params.W1.rows !== L.inputSize || params.W1.cols !== L.hidden || params.W2.cols !== L.output
    ) {
      throw new TypeError(
        `Cannot copy the parameters as their shapes must match the engine's ` +
          `${L.inputSize}-${L.hidden}-${L.output}: W1 is ${params.W1.rows}x${params.W1.cols}, ` +
          `W2 is ${params.W2.rows}x${params.W2.cols}`,
      );
    }
    v.W1.set(params.W1.data);
    v.b1.set(params.b1);
    v.W2.set(params.W2.data);
    v.b2.set(params.b2);
    this.#crew.main.k.transpose(L.W2, L.hidden, L.output, L.W2T);
    this.#exact = allFinite(v.W1);
  }

  readParams(out: TwoLayerParams): void {
    const v = this.#views;
    copyParams({
      W1: matrix(out.W1.rows, out.W1.cols, v.W1),
      b1: v.b1,
      W2: matrix(out.W2.rows, out.W2.cols, v.W2),
      b2: v.b2,
    }, out);
  }

  #setBatch(rowIds: ArrayLike<number>, count: number): void {
    const L = this.#crew.layout;
    checkRowIds(rowIds, count, L.sets[0].rows, L.maxBatch);
    const { ids, labels } = this.#views, t = this.#trainLabels;
    for (let r = 0; r < count; r++) {
      ids[r] = rowIds[r];
      labels[r] = t[rowIds[r]];
    }
  }

  gradient(rowIds: ArrayLike<number>, count: number, grads: TwoLayerParams): boolean {
    this.#setBatch(rowIds, count);
    if (!this.#exact || !this.#crew.run(Phase.Forward, { count })) return false;
    this.#crew.run(Phase.Columns, { count, fused: false });
    const v = this.#views;
    copyParams({
      W1: matrix(grads.W1.rows, grads.W1.cols, v.gW1),
      b1: v.gb1,
      W2: matrix(grads.W2.rows, grads.W2.cols, v.gW2),
      b2: v.gb2,
    }, grads);
    return true;
  }

  step(rowIds: ArrayLike<number>, count: number, lr: number): boolean {
    this.#setBatch(rowIds, count);
    if (!this.#exact || !this.#crew.run(Phase.Forward, { count })) return false;
    if (!this.#crew.run(Phase.Columns, { count, fused: true, lr })) this.#exact = false;
    return true;
  }

  loss(rowIds: ArrayLike<number>, count: number): number {
    this.#setBatch(rowIds, count);
    this.#crew.run(Phase.Predict, { count });
    const v = this.#views, o = this.#crew.layout.output;
    const y = matrix(count, o, v.y.subarray(0, count * o));
    return crossEntropyErrorLabels(y, v.labels.subarray(0, count), v.terms);
  }

  evaluate(): PendingAccuracy {
    const crew = this.#crew, sets = crew.layout.sets;
    const pending = crew.startEvaluation();
    const accuracy = (counts: readonly number[]): [number, number] => [
      counts[0] / sets[0].rows,
      counts[1] / sets[1].rows,
    ];
    return {
      poll: () => {
        const counts = crew.poll(pending);
        return counts && accuracy(counts);
      },
      wait: async () => accuracy(await crew.finish(pending)),
    };
  }

  dispose(): void {
    this.#crew.dispose();
  }
}

function checkWorkers(name: string, value: number): void {
  if (!(Number.isInteger(value) && value >= 0 && value <= 256)) {
    throw new RangeError(
      `Cannot train as ${name} must be an integer in [0, 256]: ${name}=${value}`,
    );
  }
}

/**
 * Makes the engine `trainTwoLayerNet` uses, with a copy of `params`. Call
 * `dispose()` when done (it stops the workers).
 *
 * @param params The net's parameters (copied).
 * @param data Training and test sets.
 * @param maxBatch Largest batch.
 * @param options Kernels and worker counts.
 * @returns The engine.
 * @throws {RangeError} For a bad option.
 * @throws {Error} When a worker fails to start.
 */
export async function makeTrainingEngine(
  params: TwoLayerParams,
  data: TrainData,
  maxBatch: number,
  options: TrainOptions = {},
): Promise<TrainingEngine> {
  const defaults = defaultWorkerCounts();
  const {
    kernels = "wasm",
    evalWorkers = defaults.evalWorkers,
    stepWorkers = defaults.stepWorkers,
  } = options;
  if (kernels !== "wasm" && kernels !== "ts") {
    throw new RangeError(
      `Cannot train as kernels must be "wasm" or "ts": kernels=${String(kernels)}`,
    );
  }
  checkWorkers("evalWorkers", evalWorkers);
  checkWorkers("stepWorkers", stepWorkers);
  if (!(Number.isInteger(maxBatch) && maxBatch >= 1)) {
    throw new RangeError(
      `Cannot make an engine as maxBatch must be a positive integer: maxBatch=${maxBatch}`,
    );
  }
  if (kernels === "ts") return new TsEngine(params, data, maxBatch);
  return await WasmEngine.create(params, data, maxBatch, evalWorkers, stepWorkers);
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
 * import { toSparseData, trainTwoLayerNet } from "./trainer.ts";
 * import { TwoLayerNet } from "../nets/two_layer_net.ts";
 * const x = matrix(20, 4, new Float64Array(80).map((_, i) => (i % 5) / 5));
 * const set = { x, labels: new Uint8Array(20).map((_, i) => i % 10) };
 * const data = { train: set, test: set, trainSparse: toSparseData(set), testSparse: toSparseData(set) };
 * const config = { iters: 3, batchSize: 5, lr: 0.1, gradient: "backprop" } as const;
 * const runs = [];
 * for (const options of [{ kernels: "ts" }, { evalWorkers: 0, stepWorkers: 0 }, { stepWorkers: 1 }] as const) {
 *   const rng = new RandomState(0);
 *   runs.push(await trainTwoLayerNet(new TwoLayerNet(4, 3, 10, { rng }), rng, data, config, {}, options));
 * }
 * assert.strictEqual(runs[0].losses.length, 3);
 * assert.deepStrictEqual(runs[1], runs[0]); // the same bits, whatever runs it
 * assert.deepStrictEqual(runs[2], runs[0]);
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
  const engine = await makeTrainingEngine(net.params, data, batchSize, options);
  let numgrad: FastNumericalGradient | undefined;
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
      if (pending) record(await pending.accuracy.wait());
    };
    for (let i = start; i < iters; i++) {
      const batch = rng.choice(trainSize, batchSize);
      if (config.gradient === "numerical" && engine.exact) {
        // The numerical gradient from a cached forward pass: the naive method's bits.
        engine.readParams(net.params);
        numgrad ??= makeFastNumericalGradient({ workers: options.numericalWorkers });
        await numgrad.gradient(net.params, data.trainSparse, batch, batchSize, grads!);
        for (const key of PARAM_KEYS) {
          const p = paramData(net.params, key), gk = paramData(grads!, key);
          for (let k = 0; k < p.length; k++) p[k] -= lr * gk[k];
        }
        engine.writeParams(net.params);
      } else if (config.gradient === "numerical" || !engine.step(batch, batchSize, lr)) {
        // The book's update with a gradient from the dense reference net: the naive
        // numerical gradient, or backprop, when the sparse one is not exact (W1 not finite).
        engine.readParams(net.params);
        const [xb, tb] = gatherDense(data.train, batch, batchSize);
        const g = config.gradient === "numerical"
          ? net.numericalGradient(xb, tb)
          : net.gradient(xb, tb);
        for (const key of PARAM_KEYS) {
          const p = paramData(net.params, key), gk = paramData(g, key);
          for (let k = 0; k < p.length; k++) p[k] -= lr * gk[k];
        }
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
        const accuracy = pending.accuracy.poll();
        if (accuracy) record(accuracy);
      }
      if (i % iterPerEpoch === 0) {
        await settle();
        const epoch = epochs.length;
        if (engine.exact) {
          pending = { epoch, iteration: i, accuracy: engine.evaluate() };
        } else {
          engine.readParams(net.params);
          const accuracy = settled([
            referenceAccuracy(net, data.train),
            referenceAccuracy(net, data.test),
          ]);
          pending = { epoch, iteration: i, accuracy };
        }
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
    return { losses: losses.slice(0, done), epochs, iterPerEpoch, diverged };
  } finally {
    engine.readParams(net.params);
    engine.dispose();
    await numgrad?.dispose();
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
