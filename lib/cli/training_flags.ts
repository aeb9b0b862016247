/**
 * The flags of the book's training job (`ch04/train_neuralnet.py`'s
 * hyperparameters), shared by the experiments that train the two-layer net,
 * and the worker count of the fast numerical gradient.
 *
 * @module
 */

import type { FlagsOf } from "./experiment.ts";
import { type Flag, intFlag, numberFlag } from "./flags.ts";

/** The training job's settings; the defaults are the book's. */
export interface TrainingFlagsConfig {
  /** Seed of the one RandomState behind the initial weights and then the batches. */
  readonly seed: number;
  /** Hidden units. */
  readonly hidden: number;
  /** Iterations. */
  readonly iters: number;
  /** Mini-batch size. */
  readonly batch: number;
  /** Learning rate. */
  readonly lr: number;
}

/**
 * `--seed`, `--hidden`, `--iters`, `--batch`, `--lr`, with the book's defaults
 * (seed 0, 50 hidden units, 10000 iterations of 100, lr 0.1).
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseCli } from "./run.ts";
 * import { trainingFlags } from "./training_flags.ts";
 * const c = parseCli({ usage: "t", description: "", flags: trainingFlags }, ["--iters", "300"]);
 * assert.deepStrictEqual(c, { seed: 0, hidden: 50, iters: 300, batch: 100, lr: 0.1, positionals: [] });
 * ```
 */
export const trainingFlags: FlagsOf<TrainingFlagsConfig> = {
  seed: intFlag(0, "seed of the RandomState (initial weights, then batches)", {
    min: 0,
    max: 2 ** 32 - 1,
  }),
  hidden: intFlag(50, "hidden units", { min: 1, max: 100000 }),
  iters: intFlag(10000, "iterations", { min: 0 }),
  batch: intFlag(100, "mini-batch size", { min: 1 }),
  lr: numberFlag(0.1, "learning rate", { positive: true }),
};

/** `--workers N` of the fast numerical gradient: one per core by default; 0 computes in this thread. */
export const numericalWorkersFlag: Flag<number> = intFlag(
  navigator.hardwareConcurrency ?? 1,
  "workers for the fast numerical gradient (0: this thread); never changes a result",
  { min: 0, max: 64 },
);
