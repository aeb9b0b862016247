/**
 * Many seeded training runs of the two-layer net, in parallel Deno Workers,
 * with results that do not depend on the number of workers: each run is
 * deterministic on its own (its own `RandomState`, the book's loop), and the
 * outcomes come back in the order of the run list, whatever order they
 * finish in. Plus the sharding arithmetic for spreading a sweep over the
 * array jobs of an existing scheduler.
 *
 * @module
 */

import { loadMnist, type LoadMnistOptions } from "../data/mod.ts";
import { RandomState } from "../core/random.ts";
import { type EpochRecord, toSparseData, type TrainData, trainTwoLayerNet } from "./trainer.ts";
import { TwoLayerNet } from "../nets/two_layer_net.ts";

/** One training run: the book's job with these settings. */
export interface RunSpec {
  /** Seed of the run's RandomState (initial weights, then batches). */
  readonly seed: number;
  /** Hidden units. */
  readonly hidden: number;
  /** Iterations. */
  readonly iters: number;
  /** Mini-batch size. */
  readonly batchSize: number;
  /** Learning rate. */
  readonly lr: number;
}

/** What one run produced. */
export interface RunOutcome {
  /** The run. */
  readonly spec: RunSpec;
  /** `"completed"` or `"diverged"`. */
  readonly status: "completed" | "diverged";
  /** Iterations done (fewer than `iters` when it diverged). */
  readonly iterationsCompleted: number;
  /** Batch loss after the last update (NaN or ±Infinity when it diverged). */
  readonly finalLoss: number | null;
  /** Per-epoch accuracies. */
  readonly epochs: readonly EpochRecord[];
}

/**
 * Trains one run on already-loaded data, in this thread.
 *
 * @param spec The run.
 * @param data Training and test sets.
 * @param onIteration Called after each iteration (progress only).
 * @returns The outcome.
 */
export async function trainRun(
  spec: RunSpec,
  data: TrainData,
  onIteration?: (iteration: number) => void,
): Promise<RunOutcome> {
  const rng = new RandomState(spec.seed);
  const net = new TwoLayerNet(data.train.x.cols, spec.hidden, 10, { rng });
  const result = await trainTwoLayerNet(
    net,
    rng,
    data,
    { iters: spec.iters, batchSize: spec.batchSize, lr: spec.lr, gradient: "backprop" },
    { onIteration: onIteration ? (i) => onIteration(i) : undefined },
    // One run per worker: no nested workers (the sweep already uses the cores).
    { evalWorkers: 0, stepWorkers: 0 },
  );
  const n = result.losses.length;
  return {
    spec,
    status: result.diverged ? "diverged" : "completed",
    iterationsCompleted: n,
    finalLoss: n > 0 ? result.losses[n - 1] : null,
    epochs: result.epochs,
  };
}

/**
 * Loads MNIST (or Fashion-MNIST) in both forms the trainer needs.
 *
 * @param options Where and what to load.
 * @returns Dense and sparse training and test sets.
 */
export async function loadTrainData(options: LoadMnistOptions): Promise<TrainData> {
  const mnist = await loadMnist({ ...options, normalize: true, oneHotLabel: false });
  const train = { x: mnist.train.x, labels: mnist.train.labels };
  const test = { x: mnist.test.x, labels: mnist.test.labels };
  return { train, test, trainSparse: toSparseData(train), testSparse: toSparseData(test) };
}

/** Options of {@linkcode runSweep}. */
export interface SweepOptions {
  /** Worker threads (0: every run in this thread, one after another). */
  readonly workers: number;
  /** Where the data is (each worker loads it once). */
  readonly data: LoadMnistOptions;
  /** Total iterations done so far over all runs (for one progress display). */
  readonly onProgress?: (iterationsDone: number) => void;
  /** A run finished (in completion order; `index` is its place in the run list). */
  readonly onRunDone?: (index: number, outcome: RunOutcome) => void | Promise<void>;
  /** Stops starting runs and ends the workers; the promise then rejects with an AbortError. */
  readonly signal?: AbortSignal;
}

/** Messages from the sweep worker. */
export type SweepWorkerMessage =
  | { readonly type: "ready" }
  | { readonly type: "progress"; readonly index: number; readonly iteration: number }
  | { readonly type: "done"; readonly index: number; readonly outcome: RunOutcome }
  | { readonly type: "error"; readonly message: string };

/** Messages to the sweep worker. */
export type SweepWorkerRequest =
  | { readonly type: "load"; readonly data: LoadMnistOptions }
  | { readonly type: "run"; readonly index: number; readonly spec: RunSpec };

/** Iterations between progress messages from a worker. */
const PROGRESS_EVERY = 100;

/**
 * Runs every spec and returns the outcomes in the order of `specs`. With
 * `workers > 0`, each worker loads the data once and takes the next run
 * whenever it is free; a run's numbers do not depend on where it ran.
 *
 * @param specs The runs.
 * @param options Workers, data, progress, cancellation.
 * @returns One outcome per spec, in order.
 * @throws {RangeError} When `workers` is not a non-negative integer.
 */
export async function runSweep(
  specs: readonly RunSpec[],
  options: SweepOptions,
): Promise<RunOutcome[]> {
  const { workers, signal } = options;
  if (!Number.isInteger(workers) || workers < 0) {
    throw new RangeError(
      `Cannot run the sweep as workers must be a non-negative integer: workers=${workers}`,
    );
  }
  const outcomes: RunOutcome[] = new Array(specs.length);
  const progress = new Float64Array(specs.length);
  const report = () => options.onProgress?.(progress.reduce((s, v) => s + v, 0));
  if (specs.length === 0) return outcomes;
  signal?.throwIfAborted();

  if (workers === 0) {
    const data = await loadTrainData(options.data);
    for (let index = 0; index < specs.length; index++) {
      signal?.throwIfAborted();
      const outcome = await trainRun(specs[index], data, (i) => {
        if ((i + 1) % PROGRESS_EVERY === 0) {
          progress[index] = i + 1;
          report();
        }
      });
      progress[index] = outcome.iterationsCompleted;
      report();
      outcomes[index] = outcome;
      await options.onRunDone?.(index, outcome);
    }
    return outcomes;
  }

  const pool = Math.min(workers, specs.length);
  const threads: Worker[] = [];
  let next = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let finished = 0, failed = false;
      const fail = (error: unknown) => {
        if (failed) return;
        failed = true;
        reject(error);
      };
      signal?.addEventListener("abort", () => fail(signal.reason), { once: true });
      const dispatch = (w: Worker) => {
        if (failed || next >= specs.length) return;
        const index = next++;
        w.postMessage({ type: "run", index, spec: specs[index] } satisfies SweepWorkerRequest);
      };
      for (let k = 0; k < pool; k++) {
        const w = new Worker(new URL("./_sweep_worker.ts", import.meta.url), { type: "module" });
        threads.push(w);
        w.onerror = (event) => {
          event.preventDefault();
          fail(new Error(`A sweep worker failed: ${event.message}`));
        };
        w.onmessage = async (event: MessageEvent<SweepWorkerMessage>) => {
          const m = event.data;
          if (m.type === "ready") dispatch(w);
          else if (m.type === "progress") {
            progress[m.index] = m.iteration;
            report();
          } else if (m.type === "error") fail(new Error(m.message));
          else if (m.type === "done") {
            outcomes[m.index] = m.outcome;
            progress[m.index] = m.outcome.iterationsCompleted;
            report();
            try {
              await options.onRunDone?.(m.index, m.outcome);
            } catch (error) {
              fail(error);
              return;
            }
            if (++finished === specs.length) resolve();
            else dispatch(w);
          }
        };
        w.postMessage({ type: "load", data: options.data } satisfies SweepWorkerRequest);
      }
    });
  } finally {
    for (const w of threads) w.terminate();
  }
  return outcomes;
}

/** A share of a sweep: shard `index` of `count` (0-based, like a job array index). */
export interface Shard {
  /** 0 … count − 1. */
  readonly index: number;
  /** Number of shards. */
  readonly count: number;
}

/**
 * Parses `K/N` (0 ≤ K < N), the `--shard` flag.
 *
 * @param text E.g. `"2/4"`.
 * @returns The shard.
 * @throws {RangeError} When the text is not `K/N` with 0 ≤ K < N.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseShard } from "./sweep.ts";
 * assert.deepStrictEqual(parseShard("2/4"), { index: 2, count: 4 });
 * assert.throws(() => parseShard("4/4"), RangeError);
 * ```
 */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN, count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index < count) || !Number.isSafeInteger(count)) {
    throw new RangeError(
      `Cannot use the shard as it must be K/N with 0 <= K < N (K is the 0-based array index): got ${
        JSON.stringify(text)
      }`,
    );
  }
  return { index, count };
}

/**
 * The positions in a run list of `total` runs that belong to a shard: every
 * N-th run starting at K (round robin, so shards get similar mixes).
 *
 * @param total Runs in the whole sweep.
 * @param shard The shard.
 * @returns Ascending run positions.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { shardIndices } from "./sweep.ts";
 * assert.deepStrictEqual(shardIndices(7, { index: 1, count: 3 }), [1, 4]);
 * ```
 */
export function shardIndices(total: number, shard: Shard): number[] {
  const out: number[] = [];
  for (let i = shard.index; i < total; i += shard.count) out.push(i);
  return out;
}

/**
 * Mean and sample standard deviation (n − 1 in the denominator; NaN for one value).
 *
 * @param values The values, summed in their order.
 * @returns `{ mean, std }`.
 * @throws {RangeError} When `values` is empty.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { meanStd } from "./sweep.ts";
 * assert.deepStrictEqual(meanStd([1, 2, 3]), { mean: 2, std: 1 });
 * ```
 */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  if (values.length === 0) {
    throw new RangeError("Cannot take a mean as there are no values: length=0");
  }
  let s = 0;
  for (const v of values) s += v;
  const mean = s / values.length;
  if (values.length === 1) return { mean, std: NaN };
  let q = 0;
  for (const v of values) q += (v - mean) * (v - mean);
  return { mean, std: Math.sqrt(q / (values.length - 1)) };
}
