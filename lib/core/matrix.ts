/**
 * Row-major `Float64Array` matrices with explicit rows and cols, and the few
 * kernels chapter 3–4 of the book needs (`np.dot`, `np.sum`, `np.argmax`).
 *
 * A {@linkcode Matrix} is a plain object, not a class: kernels are free
 * functions that take matrices and, where they write, an explicit `out`.
 *
 * @module
 */

/** A row-major matrix: element (i, j) is `data[i * cols + j]`. */
export interface Matrix {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** The `rows * cols` elements, row after row. */
  readonly data: Float64Array;
}

function checkDimension(action: string, name: string, value: number): void {
  if (!Number.isInteger(value)) {
    throw new TypeError(`Cannot ${action} as ${name} must be an integer: ${name}=${String(value)}`);
  }
  if (value < 0) {
    throw new RangeError(`Cannot ${action} as ${name} must be non-negative: ${name}=${value}`);
  }
}

/**
 * Makes a `rows × cols` matrix, zero-filled or wrapping `data` (not copied).
 *
 * @param rows Number of rows.
 * @param cols Number of columns.
 * @param data Optional `rows * cols` elements in row-major order; shared, not copied.
 * @returns The matrix.
 * @throws {TypeError} When `data` has the wrong length.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { matrix } from "./matrix.ts";
 * const m = matrix(2, 3, new Float64Array([1, 2, 3, 4, 5, 6]));
 * assert.strictEqual(m.data[1 * m.cols + 2], 6);
 * assert.deepStrictEqual(matrix(1, 2).data, new Float64Array(2));
 * ```
 */
export function matrix(rows: number, cols: number, data?: Float64Array): Matrix {
  checkDimension("make a matrix", "rows", rows);
  checkDimension("make a matrix", "cols", cols);
  if (data === undefined) return { rows, cols, data: new Float64Array(rows * cols) };
  if (!(data instanceof Float64Array)) {
    throw new TypeError("Cannot make a matrix as data must be a Float64Array");
  }
  if (data.length !== rows * cols) {
    throw new TypeError(
      `Cannot make a matrix as data.length must equal rows*cols: ` +
        `data.length=${data.length}, rows=${rows}, cols=${cols}`,
    );
  }
  return { rows, cols, data };
}

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
 * import { fromRows } from "./matrix.ts";
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
 * import { fromRows, toRows } from "./matrix.ts";
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
 * import { cloneMatrix, fromRows } from "./matrix.ts";
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
 * import { fromRows, matMul } from "./matrix.ts";
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
 * import { fromRows, vecMat } from "./matrix.ts";
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

function checkOutShape(action: string, out: Matrix, rows: number, cols: number): void {
  if (out.rows !== rows || out.cols !== cols) {
    throw new TypeError(
      `Cannot ${action} as out must be ${rows}x${cols}: out is ${out.rows}x${out.cols}`,
    );
  }
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
 * import { addRowVectorInPlace, fromRows } from "./matrix.ts";
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
 * Transpose (new matrix).
 *
 * @param m Matrix `n × k`.
 * @returns A new `k × n` matrix.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { fromRows, toRows, transpose } from "./matrix.ts";
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
 * import { argmax } from "./matrix.ts";
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
 * import { argmaxRows, fromRows } from "./matrix.ts";
 * assert.deepStrictEqual(Array.from(argmaxRows(fromRows([[0, 1], [5, 2]]))), [1, 0]);
 * ```
 */
export function argmaxRows(m: Matrix): Int32Array {
  const out = new Int32Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = argmax(m.data, i * m.cols, m.cols);
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
 * import { fromRows, matMulTransposeA } from "./matrix.ts";
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
 * import { fromRows, matMulTransposeB } from "./matrix.ts";
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
 * import { fromRows, sumRows } from "./matrix.ts";
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
