/**
 * `np.dot` and the sums of the book's nets on row-major matrices: each
 * element summed in a fixed order (inner index, or batch rows, ascending,
 * from 0), so that every fast path can reproduce the same bits.
 *
 * @module
 */

import { type Matrix, matrix } from "./matrix.ts";

/** Checks an output buffer's shape. */
function checkOutShape(action: string, out: Matrix, rows: number, cols: number): void {
  if (out.rows !== rows || out.cols !== cols) {
    throw new TypeError(
      `Cannot ${action} as out must be ${rows}x${cols}: out is ${out.rows}x${out.cols}`,
    );
  }
}

/**
 * Matrix product `a · b` (the book's `np.dot` of two 2-D arrays), into `out`
 * when given. Each element is summed left to right over k; `np.dot` calls
 * BLAS, whose blocked, fused-multiply-add order can differ in the last bits.
 *
 * @param a Left matrix, `n × k`.
 * @param b Right matrix, `k × m`.
 * @param out Optional `n × m` result buffer (must not alias `a` or `b`).
 * @returns `out`, or a new `n × m` matrix.
 * @throws {TypeError} When `a.cols !== b.rows` or `out` has the wrong shape.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { fromRows } from "./convert.ts";
 * import { matMul } from "./dot.ts";
 * const c = matMul(fromRows([[1, 2], [3, 4]]), fromRows([[5, 6], [7, 8]]));
 * assert.deepStrictEqual(Array.from(c.data), [19, 22, 43, 50]);
 * ```
 */
export function matMul(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  if (a.cols !== b.rows) {
    throw new TypeError(
      `Cannot multiply matrices as a.cols must equal b.rows: a.cols=${a.cols}, b.rows=${b.rows}`,
    );
  }
  const n = a.rows, k = a.cols, m = b.cols;
  const c = out ?? matrix(n, m);
  checkOutShape("multiply matrices", c, n, m);
  const ad = a.data, bd = b.data, cd = c.data;
  for (let i = 0; i < n; i++) {
    const ci = i * m;
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += ad[i * k + p] * bd[p * m + j];
      cd[ci + j] = s;
    }
  }
  return c;
}

/**
 * Vector–matrix product `x · W` (the book's `np.dot(x, W)` with 1-D `x`).
 *
 * @param x Vector of length `W.rows`.
 * @param w Matrix `k × m`.
 * @returns A new vector of length `W.cols`.
 * @throws {TypeError} When `x.length !== w.rows`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { fromRows } from "./convert.ts";
 * import { vecMat } from "./dot.ts";
 * const y = vecMat(new Float64Array([1, 0.5]), fromRows([[0.1, 0.3], [0.2, 0.4]]));
 * assert.deepStrictEqual(Array.from(y), [0.2, 0.5]);
 * ```
 */
export function vecMat(x: Float64Array, w: Matrix): Float64Array {
  if (x.length !== w.rows) {
    throw new TypeError(
      `Cannot multiply vector and matrix as x.length must equal W.rows: ` +
        `x.length=${x.length}, W.rows=${w.rows}`,
    );
  }
  const m = w.cols, out = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let p = 0; p < x.length; p++) s += x[p] * w.data[p * m + j];
    out[j] = s;
  }
  return out;
}

/**
 * `aᵀ · b` (the book's `np.dot(x.T, dy)` in backpropagation), into `out`
 * when given: element (i, j) is summed over the rows r of `a` and `b` in
 * ascending order, starting from 0.
 *
 * @param a Matrix `n × k`.
 * @param b Matrix `n × m`.
 * @param out Optional `k × m` result buffer (overwritten; must not alias `a` or `b`).
 * @returns `out`, or a new `k × m` matrix.
 * @throws {TypeError} When `a.rows !== b.rows` or `out` has the wrong shape.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { fromRows } from "./convert.ts";
 * import { matMulTransposeA } from "./dot.ts";
 * const c = matMulTransposeA(fromRows([[1, 2], [3, 4]]), fromRows([[5], [6]]));
 * assert.deepStrictEqual(Array.from(c.data), [23, 34]);
 * ```
 */
export function matMulTransposeA(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  if (a.rows !== b.rows) {
    throw new TypeError(
      `Cannot multiply aᵀ by b as a.rows must equal b.rows: a.rows=${a.rows}, b.rows=${b.rows}`,
    );
  }
  const k = a.cols, m = b.cols;
  const c = out ?? matrix(k, m);
  checkOutShape("multiply aᵀ by b", c, k, m);
  const ad = a.data, bd = b.data, cd = c.data;
  cd.fill(0);
  for (let r = 0; r < a.rows; r++) {
    for (let i = 0; i < k; i++) {
      const v = ad[r * k + i];
      for (let j = 0; j < m; j++) cd[i * m + j] += v * bd[r * m + j];
    }
  }
  return c;
}

/**
 * `a · bᵀ` (the book's `np.dot(dy, W2.T)`), into `out` when given: element
 * (i, j) is summed over the columns in ascending order, starting from 0.
 *
 * @param a Matrix `n × k`.
 * @param b Matrix `m × k`.
 * @param out Optional `n × m` result buffer (must not alias `a` or `b`).
 * @returns `out`, or a new `n × m` matrix.
 * @throws {TypeError} When `a.cols !== b.cols` or `out` has the wrong shape.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { fromRows } from "./convert.ts";
 * import { matMulTransposeB } from "./dot.ts";
 * const c = matMulTransposeB(fromRows([[1, 2]]), fromRows([[3, 4], [5, 6]]));
 * assert.deepStrictEqual(Array.from(c.data), [11, 17]);
 * ```
 */
export function matMulTransposeB(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  if (a.cols !== b.cols) {
    throw new TypeError(
      `Cannot multiply a by bᵀ as a.cols must equal b.cols: a.cols=${a.cols}, b.cols=${b.cols}`,
    );
  }
  const n = a.rows, k = a.cols, m = b.rows;
  const c = out ?? matrix(n, m);
  checkOutShape("multiply a by bᵀ", c, n, m);
  const ad = a.data, bd = b.data, cd = c.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += ad[i * k + p] * bd[j * k + p];
      cd[i * m + j] = s;
    }
  }
  return c;
}

/**
 * Adds the vector `b` to every row of `m` in place (`m + b` broadcasting).
 *
 * @param m Matrix `n × k`, modified.
 * @param b Vector of length `k`.
 * @returns `m`.
 * @throws {TypeError} When `b.length !== m.cols`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { addRowVectorInPlace } from "./dot.ts";
 * import { fromRows } from "./convert.ts";
 * const m = addRowVectorInPlace(fromRows([[1, 2], [3, 4]]), new Float64Array([10, 20]));
 * assert.deepStrictEqual(Array.from(m.data), [11, 22, 13, 24]);
 * ```
 */
export function addRowVectorInPlace(m: Matrix, b: Float64Array): Matrix {
  if (b.length !== m.cols) {
    throw new TypeError(
      `Cannot add a row vector as b.length must equal m.cols: b.length=${b.length}, m.cols=${m.cols}`,
    );
  }
  const d = m.data, k = m.cols;
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < k; j++) d[i * k + j] += b[j];
  }
  return m;
}

/**
 * Column sums, the rows added in order starting from the first row — the
 * order of NumPy's `np.sum(m, axis=0)` on a C-ordered matrix with at least
 * two columns (with one column NumPy sums pairwise; use {@linkcode pairwiseSum}).
 *
 * @param m Matrix `n × k`, `n ≥ 1`.
 * @param out Optional buffer of length `k`.
 * @returns `out`, or a new vector of length `k`.
 * @throws {TypeError} When `m` has no rows or `out` has the wrong length.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { fromRows } from "./convert.ts";
 * import { sumRows } from "./dot.ts";
 * assert.deepStrictEqual(Array.from(sumRows(fromRows([[1, 2], [3, 4]]))), [4, 6]);
 * ```
 */
export function sumRows(m: Matrix, out?: Float64Array): Float64Array {
  if (m.rows === 0) {
    throw new TypeError("Cannot sum the rows as there must be at least one row: rows=0");
  }
  const s = out ?? new Float64Array(m.cols);
  if (s.length !== m.cols) {
    throw new TypeError(
      `Cannot sum the rows as out must have one element per column: out.length=${s.length}, cols=${m.cols}`,
    );
  }
  const d = m.data, k = m.cols;
  for (let j = 0; j < k; j++) s[j] = d[j];
  for (let r = 1; r < m.rows; r++) {
    for (let j = 0; j < k; j++) s[j] += d[r * k + j];
  }
  return s;
}
