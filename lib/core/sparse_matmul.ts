/**
 * The first layer's products on sparse rows, the readable reference of the
 * WebAssembly kernels (`lib/engine/wasm/kernels.wat`; tests hold the two to
 * the same bits): `x · W1` (forward) and `xᵀ · dz1` (backward) over the
 * nonzero entries only, each sum in the dense loop's order — so the bits
 * are `matMul`'s and `matMulTransposeA`'s (`tests/core/sparse_rows_test.ts`)
 * while the weights are finite.
 *
 * @module
 */

import type { Matrix } from "./matrix.ts";
import type { SparseRows } from "./sparse_rows.ts";

function checkRows(action: string, x: SparseRows, rowIds: ArrayLike<number>, count: number): void {
  if (count > rowIds.length) {
    throw new RangeError(
      `Cannot ${action} as count must not exceed the row ids given: count=${count}, rowIds=${rowIds.length}`,
    );
  }
  for (let r = 0; r < count; r++) {
    const id = rowIds[r];
    if (!(id >= 0 && id < x.rows && Number.isInteger(id))) {
      throw new RangeError(
        `Cannot ${action} as row ids must be integers in [0, ${x.rows}): rowIds[${r}]=${id}`,
      );
    }
  }
}

/** Hidden units kept in locals at once; 10 locals halve the time of the plain loop. */
const BLOCK = 10;

/**
 * `out = x[rowIds] · w` for sparse `x`: row r of `out` is the sum over the
 * nonzeros of row `rowIds[r]` of `value · w[index, :]`, taken in column
 * order from 0 — the same sum as the dense `matMul`, without the zero terms.
 *
 * @param x Sparse rows, `cols = w.rows`.
 * @param rowIds Which rows of `x`, in output order (a mini-batch's indices).
 * @param count How many of `rowIds` to use (`out.rows`).
 * @param w Weights, `x.cols × h`.
 * @param out Result, `count × h` (overwritten).
 * @returns `out`.
 * @throws {TypeError} When shapes disagree.
 * @throws {RangeError} When a row id is out of range.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { fromRows } from "./convert.ts";
 * import { matMul } from "./dot.ts";
 * import { matrix } from "./matrix.ts";
 * import { sparseMatMul } from "./sparse_matmul.ts";
 * import { toSparseRows } from "./sparse_rows.ts";
 * const x = fromRows([[0, 0.5, 0], [1, 0, 2]]);
 * const w = fromRows([[1, 2], [3, 4], [5, 6]]);
 * const out = sparseMatMul(toSparseRows(x), [1, 0], 2, w, matrix(2, 2));
 * assert.deepStrictEqual(Array.from(out.data), [11, 14, 1.5, 2]);
 * assert.deepStrictEqual(Array.from(matMul(x, w).data), [1.5, 2, 11, 14]);
 * ```
 */
export function sparseMatMul(
  x: SparseRows,
  rowIds: ArrayLike<number>,
  count: number,
  w: Matrix,
  out: Matrix,
): Matrix {
  if (x.cols !== w.rows) {
    throw new TypeError(
      `Cannot multiply matrices as a.cols must equal b.rows: a.cols=${x.cols}, b.rows=${w.rows}`,
    );
  }
  if (out.rows !== count || out.cols !== w.cols) {
    throw new TypeError(
      `Cannot multiply matrices as out must be ${count}x${w.cols}: out is ${out.rows}x${out.cols}`,
    );
  }
  checkRows("multiply matrices", x, rowIds, count);
  const h = w.cols, wd = w.data, od = out.data;
  const { rowStart, index, value } = x;
  for (let r = 0; r < count; r++) {
    const id = rowIds[r];
    const start = rowStart[id], end = rowStart[id + 1];
    const o = r * h;
    let j = 0;
    for (; j + BLOCK <= h; j += BLOCK) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0, s8 = 0, s9 = 0;
      for (let p = start; p < end; p++) {
        const v = value[p];
        const b = index[p] * h + j;
        s0 += v * wd[b];
        s1 += v * wd[b + 1];
        s2 += v * wd[b + 2];
        s3 += v * wd[b + 3];
        s4 += v * wd[b + 4];
        s5 += v * wd[b + 5];
        s6 += v * wd[b + 6];
        s7 += v * wd[b + 7];
        s8 += v * wd[b + 8];
        s9 += v * wd[b + 9];
      }
      od[o + j] = s0;
      od[o + j + 1] = s1;
      od[o + j + 2] = s2;
      od[o + j + 3] = s3;
      od[o + j + 4] = s4;
      od[o + j + 5] = s5;
      od[o + j + 6] = s6;
      od[o + j + 7] = s7;
      od[o + j + 8] = s8;
      od[o + j + 9] = s9;
    }
    for (; j < h; j++) {
      let s = 0;
      for (let p = start; p < end; p++) s += value[p] * wd[index[p] * h + j];
      od[o + j] = s;
    }
  }
  return out;
}

/**
 * `out = x[rowIds]ᵀ · d` for sparse `x`: element (i, j) is the sum over the
 * batch rows r, in order, of `x[rowIds[r], i] · d[r, j]`, skipping zero
 * pixels — the same sums as the dense `matMulTransposeA`.
 *
 * @param x Sparse rows.
 * @param rowIds Which rows of `x` (the batch), matching the rows of `d`.
 * @param count How many of `rowIds` to use (`d.rows`).
 * @param d Matrix `count × h` (e.g. `dz1`).
 * @param out Result, `x.cols × h` (overwritten).
 * @returns `out`.
 * @throws {TypeError} When shapes disagree.
 * @throws {RangeError} When a row id is out of range.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { fromRows } from "./convert.ts";
 * import { matMulTransposeA } from "./dot.ts";
 * import { matrix } from "./matrix.ts";
 * import { sparseMatMulTransposeA } from "./sparse_matmul.ts";
 * import { toSparseRows } from "./sparse_rows.ts";
 * const x = fromRows([[0, 0.5, 0], [1, 0, 2]]);
 * const d = fromRows([[1, 2], [3, 4]]);
 * const out = sparseMatMulTransposeA(toSparseRows(x), [0, 1], 2, d, matrix(3, 2));
 * assert.deepStrictEqual(out.data, matMulTransposeA(x, d).data);
 * ```
 */
export function sparseMatMulTransposeA(
  x: SparseRows,
  rowIds: ArrayLike<number>,
  count: number,
  d: Matrix,
  out: Matrix,
): Matrix {
  if (d.rows !== count) {
    throw new TypeError(
      `Cannot multiply aᵀ by b as a.rows must equal b.rows: a.rows=${count}, b.rows=${d.rows}`,
    );
  }
  if (out.rows !== x.cols || out.cols !== d.cols) {
    throw new TypeError(
      `Cannot multiply aᵀ by b as out must be ${x.cols}x${d.cols}: out is ${out.rows}x${out.cols}`,
    );
  }
  checkRows("multiply aᵀ by b", x, rowIds, count);
  const h = d.cols, dd = d.data, od = out.data;
  const { rowStart, index, value } = x;
  od.fill(0);
  for (let r = 0; r < count; r++) {
    const id = rowIds[r];
    const dr = r * h;
    for (let p = rowStart[id], end = rowStart[id + 1]; p < end; p++) {
      const v = value[p];
      const o = index[p] * h;
      for (let j = 0; j < h; j++) od[o + j] += v * dd[dr + j];
    }
  }
  return out;
}
