/**
 * The training engine: one net's training on one data set —
 * `gradient`, the fused SGD `step`, the batch `loss`, and the accuracy
 * evaluations — on WebAssembly kernels over parameters and data held in one
 * shared memory (`layout.ts`), its work split between this thread and worker
 * threads (`crew.ts`, `shard.ts`).
 *
 * Reproduces, bit for bit, `TwoLayerNet.gradient`, `loss` and `accuracy`
 * (`lib/nets/two_layer_net.ts`) after the same updates, for any number of
 * workers: `tests/engine/training_engine_test.ts`. No sum is ever split
 * between threads, so the results do not depend on their number. The
 * sigmoid's and softmax's `exp` is a correctly rounded two-lane exp that
 * calls `Math.exp` whenever its error bound leaves the rounding open; V8's
 * `Math.exp` is correctly rounded, so both give the same bits (tested on
 * millions of arguments in `tests/engine/kernels_test.ts`).
 *
 * Skipping zero pixels is exact only while W1 (forward) and dz1 (backward)
 * are finite (`0 · Infinity` is NaN in the dense sums): `exact` and the
 * boolean results say when the caller must use the dense reference instead.
 *
 * @module
 */

import { crossEntropyErrorLabels } from "../core/loss.ts";
import { matrix } from "../core/matrix.ts";
import { copyParams, type Labels, type TwoLayerParams } from "../nets/params.ts";
import { Crew } from "./crew.ts";
import { DataMemory, placementOf } from "./data_memory.ts";
import { type EngineSet, fillEngineMemory, planEngine } from "./layout.ts";
import { Phase } from "./protocol.ts";
import { Phases, type PhaseTimer } from "./timings.ts";
import type {
  EngineOptions,
  PendingAccuracy,
  SparseData,
  TrainData,
  TrainingEngine,
} from "./types.ts";
import { f64View, i32View } from "./wasm/instance.ts";

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

/**
 * Accuracies already known, as a {@linkcode PendingAccuracy}.
 *
 * @param value `[train, test]` accuracy.
 * @returns A pending accuracy that is already settled.
 */
export function settledAccuracy(value: readonly [number, number]): PendingAccuracy {
  return { poll: () => value, wait: () => Promise.resolve(value) };
}

function engineSet(data: SparseData): EngineSet {
  return { x: data.x, labels: data.labels };
}

/**
 * The engine: parameters, data and buffers in one shared memory, worked on
 * by a {@linkcode Crew} of shards (this thread and the workers).
 */
class WasmEngine implements TrainingEngine {
  readonly #crew: Crew;
  readonly #trainLabels: Labels;
  readonly #release: () => void;
  readonly #views;
  #exact = true;

  private constructor(crew: Crew, trainLabels: Labels, release: () => void) {
    this.#crew = crew;
    this.#trainLabels = trainLabels;
    this.#release = release;
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
    timer?: PhaseTimer,
  ): Promise<WasmEngine> {
    const sets = [engineSet(data.trainSparse), engineSet(data.testSparse)];
    const plan = {
      inputSize: params.W1.rows,
      hidden: params.W1.cols,
      output: params.W2.cols,
      maxBatch,
      evalChunk: WASM_EVAL_CHUNK,
      stepShards: 1 + stepWorkers,
      evalShards: evalWorkers,
    };
    // The region goes in the memory of the training set's rows; sets elsewhere are copied in.
    const home = placementOf(data.trainSparse.x)?.data ?? new DataMemory();
    const placed = sets.map((s) => {
      const at = placementOf(s.x);
      return at?.data === home ? at.rows : undefined;
    });
    const base = home.reserve(planEngine(plan, sets, placed).bytes);
    const layout = planEngine(plan, sets, placed, base);
    let crew: Crew;
    try {
      fillEngineMemory(home.memory, layout, sets);
      crew = await Crew.start(home.memory, layout);
      crew.main.timer = timer ?? null;
    } catch (error) {
      home.release(base, () => true); // no worker ever got a command
      throw error;
    }
    const engine = new WasmEngine(crew, data.trainSparse.labels, () => {
      home.release(base, () => crew.quiet());
    });
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

  /** Writes the batch's row ids and labels (the timer, if any, counts it as `batch`). */
  #setBatch(rowIds: ArrayLike<number>, count: number): void {
    const L = this.#crew.layout, T = this.#crew.main.timer;
    T?.start();
    checkRowIds(rowIds, count, L.sets[0].rows, L.maxBatch);
    const { ids, labels } = this.#views, t = this.#trainLabels;
    for (let r = 0; r < count; r++) {
      ids[r] = rowIds[r];
      labels[r] = t[rowIds[r]];
    }
    T?.lap(Phases.batch);
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
    const loss = crossEntropyErrorLabels(y, v.labels.subarray(0, count), v.terms);
    this.#crew.main.timer?.lap(Phases.loss);
    return loss;
  }

  evaluate(): PendingAccuracy {
    const crew = this.#crew, sets = crew.layout.sets, T = crew.main.timer;
    T?.start();
    const pending = crew.startEvaluation();
    T?.lap(Phases.evaluation);
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
    if (this.#crew.disposed) return;
    this.#crew.dispose();
    this.#release();
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
 * The worker counts an engine uses by default: one step worker when there
 * are at least 2 cores (the iteration is split in two; more parts would
 * mostly add waiting), and the other cores for background evaluations, at
 * least one when there are 2 cores. Measured on 2 cores, the
 * default job: 1 step + 1 evaluation worker ≈ 12 s, 1 + 0 ≈ 13 s, 1 + 2 ≈ 13 s
 * (the evaluations then crowd the step threads), 0 + 0 ≈ 20 s.
 *
 * @param cores Logical cores (default `navigator.hardwareConcurrency`).
 * @returns The counts.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { defaultWorkerCounts } from "./training_engine.ts";
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

/**
 * Makes the engine `trainTwoLayerNet` uses, with a copy of `params`. Call
 * `dispose()` when done (it stops the workers).
 *
 * @param params The net's parameters (copied).
 * @param data Training and test sets.
 * @param maxBatch Largest batch.
 * @param options Worker counts.
 * @returns The engine.
 * @throws {RangeError} For a bad option.
 * @throws {Error} When a worker fails to start.
 */
export async function makeTrainingEngine(
  params: TwoLayerParams,
  data: TrainData,
  maxBatch: number,
  options: EngineOptions = {},
): Promise<TrainingEngine> {
  const defaults = defaultWorkerCounts();
  const { evalWorkers = defaults.evalWorkers, stepWorkers = defaults.stepWorkers } = options;
  checkWorkers("evalWorkers", evalWorkers);
  checkWorkers("stepWorkers", stepWorkers);
  if (!(Number.isInteger(maxBatch) && maxBatch >= 1)) {
    throw new RangeError(
      `Cannot make an engine as maxBatch must be a positive integer: maxBatch=${maxBatch}`,
    );
  }
  return await WasmEngine.create(params, data, maxBatch, evalWorkers, stepWorkers, options.timer);
}
