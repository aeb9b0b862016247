/**
 * Row-major `Float64Array` matrices with explicit rows and cols: the
 * {@linkcode Matrix} type and its constructor. A matrix is a plain object,
 * not a class: kernels are free functions that take matrices and, where they
 * write, an explicit `out` — `dot.ts` (`np.dot` and the sums the book's nets
 * need), `argmax.ts` (`np.argmax`), `convert.ts` (nested arrays, copies,
 * transposes).
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

/** Checks a dimension: an integer (TypeError) that is not negative (RangeError). */
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
