/**
 * Matrices to and from nested arrays (the book's NumPy literals), copies and
 * transposes.
 *
 * @module
 */

import { type Matrix, matrix } from "./matrix.ts";

/**
 * Copies nested arrays (as the book writes them, `np.array([[...], ...])`)
 * into a new matrix. For literals and tests, not for hot code.
 *
 * @param values Rows of equal length.
 * @returns A new `values.length × values[0].length` matrix.
 * @throws {TypeError} When rows differ in length or there are no rows.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { fromRows } from "./convert.ts";
 * const w = fromRows([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]);
 * assert.deepStrictEqual([w.rows, w.cols, w.data[3]], [2, 3, 0.2]);
 * ```
 */
export function fromRows(values: readonly (readonly number[])[]): Matrix {
  if (!Array.isArray(values) || values.length === 0) {
    throw new TypeError("Cannot make a matrix from rows as there must be at least one row");
  }
  const cols = values[0].length;
  const out = matrix(values.length, cols);
  values.forEach((row, i) => {
    if (row.length !== cols) {
      throw new TypeError(
        `Cannot make a matrix from rows as every row must have the same length: ` +
          `row 0 has ${cols}, row ${i} has ${row.length}`,
      );
    }
    out.data.set(row, i * cols);
  });
  return out;
}

/**
 * Copies a matrix into nested arrays, for printing and JSON results.
 *
 * @param m The matrix.
 * @returns `m.rows` arrays of `m.cols` numbers.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { fromRows, toRows } from "./convert.ts";
 * assert.deepStrictEqual(toRows(fromRows([[1, 2], [3, 4]])), [[1, 2], [3, 4]]);
 * ```
 */
export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) {
    out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  }
  return out;
}

/**
 * Copies a matrix (new buffer).
 *
 * @param m The matrix.
 * @returns A matrix with the same shape and a copy of the data.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { cloneMatrix, fromRows } from "./convert.ts";
 * const a = fromRows([[1, 2]]);
 * const b = cloneMatrix(a);
 * b.data[0] = 9;
 * assert.strictEqual(a.data[0], 1);
 * ```
 */
export function cloneMatrix(m: Matrix): Matrix {
  return { rows: m.rows, cols: m.cols, data: m.data.slice() };
}

/**
 * Transpose (new matrix).
 *
 * @param m Matrix `n × k`.
 * @returns A new `k × n` matrix.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { fromRows, toRows, transpose } from "./convert.ts";
 * assert.deepStrictEqual(toRows(transpose(fromRows([[1, 2, 3]]))), [[1], [2], [3]]);
 * ```
 */
export function transpose(m: Matrix): Matrix {
  const out = matrix(m.cols, m.rows);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) out.data[j * m.rows + i] = m.data[i * m.cols + j];
  }
  return out;
}
