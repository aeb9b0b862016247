/**
 * Many seeded training runs of the two-layer net, in parallel Deno Workers,
 * with results that do not depend on the number of workers: each run is
 * deterministic on its own (its own `RandomState`, the book's loop), and the
 * outcomes come back in the order of the run list, whatever order they
 * finish in. One run is `sweep_run.ts`'s; spreading a sweep over the array
 * jobs of a scheduler is `sweep_shard.ts`'s.
 *
 * @module
 */

import type { LoadMnistOptions } from "../data/load.ts";
import { startWorker, type WorkerProgram } from "../engine/worker.ts";
import { SWEEP_WORKER_SOURCE } from "./_sweep_worker_bundle.ts";
import { loadTrainData } from "./load_data.ts";
import {
  type RunOutcome,
  type RunSpec,
  type SweepWorkerMessage,
  type SweepWorkerRequest,
  trainRun,
} from "./sweep_run.ts";

/** The sweep's worker program (`_sweep_worker.ts`, bundled: it loads the data and trains runs). */
export const SWEEP_WORKER: WorkerProgram = { name: "sweep worker", source: SWEEP_WORKER_SOURCE };

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
  /** The workers' program (default {@linkcode SWEEP_WORKER}; tests give a stand-in). */
  readonly program?: WorkerProgram;
}

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
  let next = 0, closed = false;
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
        w.postMessage({ index, spec: specs[index] } satisfies SweepWorkerRequest);
      };
      const serve = (w: Worker) => {
        // A worker that is ready only after the others did every run (or after a failure)
        // gets nothing to do: end it, or it would keep the process alive.
        if (closed) return w.terminate();
        threads.push(w);
        if (failed) return;
        w.onerror = (event) => {
          event.preventDefault();
          fail(new Error(`A sweep worker failed: ${event.message}`));
        };
        w.onmessage = async (event: MessageEvent<SweepWorkerMessage>) => {
          const m = event.data;
          if (m.type === "progress") {
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
        dispatch(w);
      };
      // Each worker loads the data once (its set-up), then takes the next run whenever it is free.
      const program = options.program ?? SWEEP_WORKER;
      for (let k = 0; k < pool; k++) {
        const label = `${program.name} ${k}`;
        startWorker(program, options.data satisfies LoadMnistOptions, { label })
          .then(serve, fail);
      }
    });
  } finally {
    closed = true;
    for (const w of threads) w.terminate();
  }
  return outcomes;
}
