/**
 * The engine's types: data sets in the two forms training uses (dense for the
 * reference net, sparse rows for the fast paths), and the interface of a
 * training engine, as the trainer (`lib/train/trainer.ts`) sees it.
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";
import type { SparseRows } from "../core/sparse_rows.ts";
import type { Labels, TwoLayerParams } from "../nets/params.ts";
import type { PhaseTimer } from "./timings.ts";

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

/** A data set in both forms: dense (for the reference fallbacks) and sparse. */
export interface TrainData {
  /** Dense training set (the numerical gradient and the exactness fallbacks use it). */
  readonly train: LabeledData;
  /** Dense test set. */
  readonly test: LabeledData;
  /** The training set as sparse rows (`toSparseData`). */
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

/** How an engine runs (never what it computes). */
export interface EngineOptions {
  /**
   * Workers for the accuracy evaluations, which count in the background on a
   * copy of the parameters while training goes on; 0: this thread and the
   * step workers count, between iterations (default: see `defaultWorkerCounts`).
   */
  readonly evalWorkers?: number;
  /** Workers that share each iteration's work with this thread (default: see `defaultWorkerCounts`). */
  readonly stepWorkers?: number;
  /** Adds the main thread's time per phase into this timer (for the benchmarks; `timings.ts`). */
  readonly timer?: PhaseTimer;
}

/**
 * A numerical gradient of the net's batch loss (the fast one of `numgrad/`
 * is one): writes into `out` the gradient on rows `rowIds[0..count)` of
 * `data`, and resolves with it.
 */
export interface NumericalGradient {
  gradient(
    params: TwoLayerParams,
    data: SparseData,
    rowIds: ArrayLike<number>,
    count: number,
    out: TwoLayerParams,
  ): Promise<TwoLayerParams>;
}
