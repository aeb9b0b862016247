/**
 * One run of a sweep: the book's training job with a run's settings, trained
 * in the calling thread (a sweep worker's, or the main thread's), and the
 * messages a sweep worker sends about it.
 *
 * @module
 */

import { RandomState } from "../core/random.ts";
import type { TrainData } from "../engine/types.ts";
import { TwoLayerNet } from "../nets/two_layer_net.ts";
import { trainTwoLayerNet } from "./trainer.ts";
import type { AfterTraining, EpochRecord } from "./types.ts";

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
  /** The final parameters' accuracy. */
  readonly afterTraining: AfterTraining;
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
    afterTraining: result.afterTraining,
  };
}

/** Messages from the sweep worker. */
export type SweepWorkerMessage =
  | { readonly type: "progress"; readonly index: number; readonly iteration: number }
  | { readonly type: "done"; readonly index: number; readonly outcome: RunOutcome }
  | { readonly type: "error"; readonly message: string };

/** A run for the sweep worker (its set-up message is the data's `LoadMnistOptions`). */
export interface SweepWorkerRequest {
  readonly index: number;
  readonly spec: RunSpec;
}
