/**
 * Activation and output functions of chapter 3 (the book's
 * `common/functions.py`): identity, step, sigmoid and its gradient, ReLU and
 * softmax, on `Float64Array` vectors and row-major matrices.
 *
 * @module
 */

import { type Matrix, matrix } from "./matrix.ts";
import { pairwiseSum } from "./pairwise_sum.ts";

/**
 * The identity function `σ(x) = x`, the output layer of a regression net (§3.5.1).
 *
 * @param x Input vector.
 * @returns A copy of `x`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { identityFunction } from "./functions.ts";
 * assert.deepStrictEqual(identityFunction(new Float64Array([0.3, -1])), new Float64Array([0.3, -1]));
 * ```
 */
export function identityFunction(x: Float64Array): Float64Array {
  return x.slice();
}

/**
 * The step function (§3.2.2): 1 where `x > 0`, else 0.
 *
 * @param x Input vector.
 * @returns A new vector of 0s and 1s.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { stepFunction } from "./functions.ts";
 * assert.deepStrictEqual(Array.from(stepFunction(new Float64Array([-1, 0, 2]))), [0, 0, 1]);
 * ```
 */
export function stepFunction(x: Float64Array): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? 1 : 0;
  return y;
}

/**
 * The sigmoid `1 / (1 + exp(-x))` (§3.2.4), element-wise.
 *
 * @param x Input vector.
 * @param out Optional output buffer of the same length (may be `x`).
 * @returns `out`, or a new vector.
 * @throws {TypeError} When `out` has another length.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { sigmoid } from "./functions.ts";
 * assert.deepStrictEqual(Array.from(sigmoid(new Float64Array([0]))), [0.5]);
 * ```
 */
export function sigmoid(
  x: Float64Array,
  out: Float64Array = new Float64Array(x.length),
): Float64Array {
  checkSameLength("apply sigmoid", x, out);
  for (let i = 0; i < x.length; i++) out[i] = 1 / (1 + Math.exp(-x[i]));
  return out;
}

/**
 * The sigmoid's derivative `(1 - sigmoid(x)) * sigmoid(x)` (the book's
 * `sigmoid_grad`), element-wise, in the book's order of operations.
 *
 * @param x Input vector (pre-activation).
 * @returns A new vector.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { sigmoidGrad } from "./functions.ts";
 * assert.deepStrictEqual(Array.from(sigmoidGrad(new Float64Array([0]))), [0.25]);
 * ```
 */
export function sigmoidGrad(x: Float64Array): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const s = 1 / (1 + Math.exp(-x[i]));
    y[i] = (1 - s) * s;
  }
  return y;
}

/**
 * ReLU `max(0, x)` (§3.2.7), element-wise.
 *
 * @param x Input vector.
 * @returns A new vector.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { relu } from "./functions.ts";
 * assert.deepStrictEqual(Array.from(relu(new Float64Array([-2, 0, 3]))), [0, 0, 3]);
 * ```
 */
export function relu(x: Float64Array): Float64Array {
  const y = new Float64Array(x.length);
  // NaN stays NaN, as in the book's np.maximum(0, x).
  for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 || Number.isNaN(x[i]) ? x[i] : 0;
  return y;
}

/**
 * Softmax of one vector (§3.5.2): `exp(a - max(a)) / sum(exp(a - max(a)))`.
 * Subtracting the maximum first keeps `exp` from overflowing (the book's
 * `[1010, 1000, 990]` example); the sum is in NumPy's order.
 *
 * @param a Input scores, at least one.
 * @returns A new vector of probabilities summing to 1.
 * @throws {TypeError} When `a` is empty.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { softmax } from "./functions.ts";
 * const y = softmax(new Float64Array([1010, 1000, 990]));
 * assert.ok(y.every(Number.isFinite));
 * assert.ok(Math.abs(y[0] - 0.999954600070331) < 1e-15);
 * ```
 */
export function softmax(a: Float64Array): Float64Array {
  if (a.length === 0) {
    throw new TypeError("Cannot apply softmax as the input must not be empty: length=0");
  }
  const y = new Float64Array(a.length);
  softmaxRange(a, y, 0, a.length);
  return y;
}

/** Writes softmax of `x[off..off+n)` into `y[off..off+n)`. */
function softmaxRange(x: Float64Array, y: Float64Array, off: number, n: number): void {
  // Subtract the max so exp never overflows (§3.5.2); NaN propagates as in NumPy.
  let c = x[off];
  for (let i = 1; i < n; i++) if (!(x[off + i] <= c)) c = Number.isNaN(c) ? c : x[off + i];
  for (let i = 0; i < n; i++) y[off + i] = Math.exp(x[off + i] - c);
  const s = pairwiseSum(y, off, n);
  for (let i = 0; i < n; i++) y[off + i] /= s;
}

/**
 * Row-wise softmax of a batch (the book's `softmax` on a 2-D array): each
 * row shifted by its own maximum.
 *
 * @param a Scores, `n × k` with `k > 0`.
 * @param out Optional `n × k` output (may be `a`).
 * @returns `out`, or a new matrix.
 * @throws {TypeError} When `a` has no columns or `out` has another shape.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { fromRows } from "./convert.ts";
 * import { softmaxRows } from "./functions.ts";
 * const y = softmaxRows(fromRows([[0, 0], [1000, 1000]]));
 * assert.deepStrictEqual(Array.from(y.data), [0.5, 0.5, 0.5, 0.5]);
 * ```
 */
export function softmaxRows(a: Matrix, out: Matrix = matrix(a.rows, a.cols)): Matrix {
  if (a.cols === 0) throw new TypeError("Cannot apply softmax as rows must not be empty: cols=0");
  if (out.rows !== a.rows || out.cols !== a.cols) {
    throw new TypeError(
      `Cannot apply softmax as out must have the input's shape: ` +
        `input ${a.rows}x${a.cols}, out ${out.rows}x${out.cols}`,
    );
  }
  for (let i = 0; i < a.rows; i++) softmaxRange(a.data, out.data, i * a.cols, a.cols);
  return out;
}

function checkSameLength(action: string, x: Float64Array, out: Float64Array): void {
  if (out.length !== x.length) {
    throw new TypeError(
      `Cannot ${action} as out must have the input's length: x.length=${x.length}, out.length=${out.length}`,
    );
  }
}
