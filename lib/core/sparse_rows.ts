/**
 * Fast kernels for the first layer of the two-layer net, where almost all the
 * work is: `x · W1` (forward) and `xᵀ · dz1` (backward), on inputs stored as
 * sparse rows. MNIST images are about 81% exact zeros; a zero pixel adds
 * `0 · w = ±0` to a sum, which changes no bit of it, so skipping the zeros
 * while keeping the other terms in their order gives bit-identical results
 * to the dense loops of `lib/nets/two_layer_net.ts` (as long as the weights are
 * finite: `0 · Infinity` would be NaN in the dense sum).
 *
 * This file holds the data structure; `sparse_matmul.ts` the readable
 * kernels on it, the reference of the WebAssembly kernels.
 *
 * @module
 */

import type { Matrix } from "./matrix.ts";

/**
 * Rows of a matrix with only their nonzero entries (compressed sparse rows):
 * row r's entries are `value[p]` at column `index[p]` for
 * `p` in `[rowStart[r], rowStart[r + 1])`, columns ascending.
 */
export interface SparseRows {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns of the dense matrix. */
  readonly cols: number;
  /** `rows + 1` offsets into `index` and `value`. */
  readonly rowStart: Int32Array;
  /** Column of each stored entry. */
  readonly index: Int32Array;
  /** Value of each stored entry (never ±0). */
  readonly value: Float64Array;
}

/**
 * Where {@linkcode toSparseRows} puts a matrix's arrays: given the row count
 * and the number of nonzeros, arrays of `rows + 1`, `nnz` and `nnz` elements
 * (the engine's shared memory, say; by default new typed arrays).
 */
export type SparseRowsArrays = (rows: number, nnz: number) => {
  readonly rowStart: Int32Array;
  readonly index: Int32Array;
  readonly value: Float64Array;
};

function newArrays(rows: number, nnz: number) {
  return {
    rowStart: new Int32Array(rows + 1),
    index: new Int32Array(nnz),
    value: new Float64Array(nnz),
  };
}

/**
 * Compresses a dense matrix to its nonzero entries, built once per data set.
 *
 * @param m Dense matrix.
 * @param arrays Where to put the arrays (default: new typed arrays).
 * @returns The sparse rows.
 * @throws {RangeError} When `arrays` gives arrays of other lengths.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { fromRows } from "./convert.ts";
 * import { toSparseRows } from "./sparse_rows.ts";
 * const s = toSparseRows(fromRows([[0, 0.5, 0], [1, 0, 2]]));
 * assert.deepStrictEqual(Array.from(s.rowStart), [0, 1, 3]);
 * assert.deepStrictEqual(Array.from(s.index), [1, 0, 2]);
 * assert.deepStrictEqual(Array.from(s.value), [0.5, 1, 2]);
 * ```
 */
export function toSparseRows(m: Matrix, arrays: SparseRowsArrays = newArrays): SparseRows {
  const d = m.data;
  let nnz = 0;
  for (let i = 0; i < d.length; i++) if (d[i] !== 0) nnz++;
  const { rowStart, index, value } = arrays(m.rows, nnz);
  if (rowStart.length !== m.rows + 1 || index.length !== nnz || value.length !== nnz) {
    throw new RangeError(
      `Cannot compress the matrix as the arrays must hold rows + 1, nnz and nnz elements: ` +
        `rows=${m.rows}, nnz=${nnz}, got ${rowStart.length}, ${index.length}, ${value.length}`,
    );
  }
  let p = 0;
  for (let r = 0; r < m.rows; r++) {
    rowStart[r] = p;
    const off = r * m.cols;
    for (let c = 0; c < m.cols; c++) {
      const v = d[off + c];
      if (v !== 0) {
        index[p] = c;
        value[p] = v;
        p++;
      }
    }
  }
  rowStart[m.rows] = p;
  return { rows: m.rows, cols: m.cols, rowStart, index, value };
}
