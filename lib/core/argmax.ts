/**
 * `np.argmax` over a slice of values or every row of a matrix: the index of
 * the first largest value, NaN counting as largest, as NumPy does.
 *
 * @module
 */

import type { Matrix } from "./matrix.ts";

/**
 * Index of the largest element in `data[offset .. offset+length)`, the first
 * one on ties, as `np.argmax`. A NaN counts as the largest (NumPy's rule).
 *
 * @param data The values.
 * @param offset First index (default 0).
 * @param length How many (default to the end).
 * @returns The index relative to `offset`.
 * @throws {RangeError} When the range is empty.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { argmax } from "./argmax.ts";
 * assert.strictEqual(argmax(new Float64Array([0.1, 0.7, 0.7, 0.2])), 1);
 * ```
 */
export function argmax(
  data: ArrayLike<number>,
  offset: number = 0,
  length: number = data.length - offset,
): number {
  if (length <= 0) {
    throw new RangeError(`Cannot take argmax as the range must not be empty: length=${length}`);
  }
  let best = 0, bestValue = data[offset];
  if (Number.isNaN(bestValue)) return 0;
  for (let i = 1; i < length; i++) {
    const v = data[offset + i];
    if (Number.isNaN(v)) return i;
    if (v > bestValue) {
      bestValue = v;
      best = i;
    }
  }
  return best;
}

/**
 * Row-wise argmax (`np.argmax(y, axis=1)`).
 *
 * @param m Matrix `n × k` with `k > 0`.
 * @returns A new `Int32Array` of `n` column indices.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { argmaxRows } from "./argmax.ts";
 * import { fromRows } from "./convert.ts";
 * assert.deepStrictEqual(Array.from(argmaxRows(fromRows([[0, 1], [5, 2]]))), [1, 0]);
 * ```
 */
export function argmaxRows(m: Matrix): Int32Array {
  const out = new Int32Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = argmax(m.data, i * m.cols, m.cols);
  return out;
}
