/**
 * The types the training loop and its checkpoints share (kept here, not in
 * either file, so that neither imports the other).
 *
 * @module
 */

import type { RandomStateSnapshot } from "../core/random.ts";
import type { EngineOptions, NumericalGradient } from "../engine/types.ts";
import type { TwoLayerParams } from "../nets/params.ts";

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
  /**
   * Accuracy of the parameters the run ended with, after its last completed
   * iteration (the last per-epoch evaluation when that was the last
   * iteration; otherwise one more evaluation, which draws nothing from the
   * generator, so no other number moves). With 0 iterations: the initial net's.
   */
  readonly afterTraining: AfterTraining;
}

/** The accuracies of a run's final parameters (see {@linkcode TrainResult.afterTraining}). */
export interface AfterTraining {
  /** Iterations completed before this evaluation. */
  readonly iterations: number;
  /** Accuracy on the whole training set. */
  readonly trainAcc: number;
  /** Accuracy on the whole test set. */
  readonly testAcc: number;
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

/** The state of a training run after `iteration` completed iterations. */
export interface TrainCheckpoint {
  /** Iterations completed (the next one to run is this index). */
  readonly iteration: number;
  /** The parameters after those iterations. */
  readonly params: TwoLayerParams;
  /** The generator's state after them (see `RandomState.getState`). */
  readonly rngState: RandomStateSnapshot;
  /** Their losses, `iteration` of them. */
  readonly losses: Float64Array;
  /** The evaluations so far. */
  readonly epochs: readonly EpochRecord[];
}

/** How {@linkcode trainTwoLayerNet} runs (never what it computes). */
export interface TrainOptions extends EngineOptions {
  /**
   * The fast numerical gradient to use with `gradient: "numerical"` (e.g.
   * `makeFastNumericalGradient()` of `lib/engine/numgrad/`; the caller
   * disposes it). Without it the loop uses the book's own method,
   * `TwoLayerNet.numericalGradient` — the same bits, about 2,000 times slower.
   */
  readonly numericalGradient?: NumericalGradient;
  /** Iterations between `onCheckpoint` calls (default: never). */
  readonly checkpointEvery?: number;
  /**
   * Continue a run from a checkpoint: its losses and evaluations are kept and
   * the loop starts at `resume.iteration`. The caller restores the net's
   * parameters and the generator's state from the same checkpoint.
   */
  readonly resume?: Pick<TrainCheckpoint, "iteration" | "losses" | "epochs">;
}
