/**
 * Loss functions of §4.2 (the book's `common/functions.py`): sum of squared
 * errors and cross-entropy, for one sample and for mini-batches, with sums in
 * NumPy's order so the book's printed values come out to the last digit.
 *
 * @module
 */

import type { Matrix } from "./matrix.ts";
import { pairwiseSum } from "./pairwise_sum.ts";

/** Added inside the log so that `log(0)` never gives -Infinity (§4.2.2). */
export const CROSS_ENTROPY_DELTA = 1e-7;

function checkPair(action: string, y: ArrayLike<number>, t: ArrayLike<number>): void {
  if (y.length !== t.length) {
    throw new TypeError(
      `Cannot compute ${action} as y and t must have the same length: y.length=${y.length}, t.length=${t.length}`,
    );
  }
}

/**
 * Sum of squared errors `0.5 * Σ (y_k - t_k)²` (§4.2.1), summed in NumPy's
 * pairwise order: the book's 0.5975 (a left-to-right loop gives 0.5974999999999999).
 *
 * @param y Network output.
 * @param t Target (one-hot or any values), same length.
 * @returns The loss.
 * @throws {TypeError} When the lengths differ.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { sumSquaredError } from "./loss.ts";
 * const t = new Float64Array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
 * const y = new Float64Array([0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0]);
 * assert.strictEqual(sumSquaredError(y, t), 0.09750000000000003);
 * ```
 */
export function sumSquaredError(y: Float64Array, t: ArrayLike<number>): number {
  checkPair("the sum of squared errors", y, t);
  const sq = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const d = y[i] - t[i];
    sq[i] = d * d;
  }
  return 0.5 * pairwiseSum(sq);
}

/**
 * Cross-entropy error of one sample `-Σ t_k log(y_k + 1e-7)` (§4.2.2).
 *
 * @param y Network output (probabilities).
 * @param t One-hot target, same length.
 * @returns The loss.
 * @throws {TypeError} When the lengths differ.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { crossEntropyError } from "./loss.ts";
 * const t = new Float64Array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
 * const y = new Float64Array([0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0]);
 * assert.strictEqual(crossEntropyError(y, t), 0.510825457099338);
 * ```
 */
export function crossEntropyError(y: Float64Array, t: ArrayLike<number>): number {
  checkPair("the cross-entropy error", y, t);
  const terms = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) terms[i] = t[i] * Math.log(y[i] + CROSS_ENTROPY_DELTA);
  return -pairwiseSum(terms);
}

/**
 * Mean cross-entropy of a batch with one-hot targets (§4.2.4):
 * `-Σ t log(y + 1e-7) / N`, the sum taken over all `N × K` entries.
 *
 * @param y Outputs, `N × K`.
 * @param t One-hot targets, `N × K`.
 * @returns The mean loss.
 * @throws {TypeError} When the shapes differ or the batch is empty.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { fromRows } from "./convert.ts";
 * import { crossEntropyErrorBatch } from "./loss.ts";
 * const y = fromRows([[0.5, 0.5], [0.9, 0.1]]);
 * const t = fromRows([[1, 0], [1, 0]]);
 * assert.ok(Math.abs(crossEntropyErrorBatch(y, t) - (Math.log(2) - Math.log(0.9)) / 2) < 1e-6);
 * ```
 */
export function crossEntropyErrorBatch(y: Matrix, t: Matrix): number {
  if (y.rows !== t.rows || y.cols !== t.cols) {
    throw new TypeError(
      `Cannot compute the cross-entropy error as y and t must have the same shape: ` +
        `y is ${y.rows}x${y.cols}, t is ${t.rows}x${t.cols}`,
    );
  }
  checkBatch(y);
  const terms = new Float64Array(y.data.length);
  for (let i = 0; i < terms.length; i++) {
    terms[i] = t.data[i] * Math.log(y.data[i] + CROSS_ENTROPY_DELTA);
  }
  return -pairwiseSum(terms) / y.rows;
}

function checkBatch(y: Matrix): void {
  if (y.rows === 0) {
    throw new TypeError(
      "Cannot compute the cross-entropy error as the batch must not be empty: rows=0",
    );
  }
}

/**
 * Mean cross-entropy of a batch with integer labels (§4.2.4, the book's
 * `-np.sum(np.log(y[np.arange(N), t] + 1e-7)) / N`): only each row's entry
 * at its label enters the sum.
 *
 * @param y Outputs, `N × K`.
 * @param labels `N` integer labels in `[0, K)`.
 * @param scratch Optional buffer of at least `N` elements for the terms, so a
 *   training loop does not allocate per call.
 * @returns The mean loss.
 * @throws {TypeError} When `labels.length !== N`, the batch is empty or `scratch` is too short.
 * @throws {RangeError} When a label is not an integer in `[0, K)`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { fromRows } from "./convert.ts";
 * import { crossEntropyErrorBatch, crossEntropyErrorLabels } from "./loss.ts";
 * const y = fromRows([[0.5, 0.5], [0.9, 0.1]]);
 * const oneHot = crossEntropyErrorBatch(y, fromRows([[1, 0], [1, 0]]));
 * assert.strictEqual(crossEntropyErrorLabels(y, new Uint8Array([0, 0])), oneHot);
 * ```
 */
export function crossEntropyErrorLabels(
  y: Matrix,
  labels: ArrayLike<number>,
  scratch?: Float64Array,
): number {
  if (labels.length !== y.rows) {
    throw new TypeError(
      `Cannot compute the cross-entropy error as there must be one label per row: ` +
        `y.rows=${y.rows}, labels.length=${labels.length}`,
    );
  }
  checkBatch(y);
  if (scratch !== undefined && scratch.length < y.rows) {
    throw new TypeError(
      `Cannot compute the cross-entropy error as scratch must hold one term per row: ` +
        `scratch.length=${scratch.length}, y.rows=${y.rows}`,
    );
  }
  const terms = scratch ?? new Float64Array(y.rows);
  for (let i = 0; i < y.rows; i++) {
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= y.cols) {
      throw new RangeError(
        `Cannot compute the cross-entropy error as labels must be integers in [0, ${y.cols}): ` +
          `labels[${i}]=${label}`,
      );
    }
    terms[i] = Math.log(y.data[i * y.cols + label] + CROSS_ENTROPY_DELTA);
  }
  return -pairwiseSum(terms, 0, y.rows) / y.rows;
}
