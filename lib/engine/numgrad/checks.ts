/**
 * The checks at the fast numerical gradient's API boundary: shapes, values
 * and row ids, with precise errors; and the batch's rows gathered into the
 * flat form the workers are sent.
 *
 * @module
 */

import type { SparseData } from "../types.ts";
import type { TwoLayerParams } from "../../nets/params.ts";
import type { NumgradBatch as CoreBatch, NumgradParams as CoreParams } from "./types.ts";

/** What every error of the fast numerical gradient says it could not do. */
export const ACTION = "compute the numerical gradient";

function shapeError(what: string, got: string, expected: string): TypeError {
  return new TypeError(`Cannot ${ACTION} as ${what}: ${got}, expected ${expected}`);
}

function checkMatrix(name: string, m: { rows: number; cols: number; data: Float64Array }) {
  if (m.data.length !== m.rows * m.cols) {
    throw new TypeError(
      `Cannot ${ACTION} as ${name}.data must hold rows x cols values: ` +
        `${name} is ${m.rows}x${m.cols}, data.length=${m.data.length}`,
    );
  }
}

/** Checks shapes and values, and returns the flat parameters. */
export function checkParams(params: TwoLayerParams, out: TwoLayerParams): CoreParams {
  const { W1, b1, W2, b2 } = params;
  checkMatrix("W1", W1);
  checkMatrix("W2", W2);
  const D = W1.rows, Hn = W1.cols, K = W2.cols;
  if (b1.length !== Hn) {
    throw shapeError("b1 must have one entry per column of W1", `b1.length=${b1.length}`, `${Hn}`);
  }
  if (W2.rows !== Hn) {
    throw shapeError("W2 must have one row per column of W1", `W2.rows=${W2.rows}`, `${Hn}`);
  }
  if (b2.length !== K) {
    throw shapeError("b2 must have one entry per column of W2", `b2.length=${b2.length}`, `${K}`);
  }
  if (
    out.W1.rows !== D || out.W1.cols !== Hn || out.W1.data.length !== D * Hn ||
    out.b1.length !== Hn || out.W2.rows !== Hn || out.W2.cols !== K ||
    out.W2.data.length !== Hn * K || out.b2.length !== K
  ) {
    throw shapeError(
      "out must be shaped like the parameters",
      `out is W1 ${out.W1.rows}x${out.W1.cols}, b1 ${out.b1.length}, W2 ${out.W2.rows}x${out.W2.cols}, b2 ${out.b2.length}`,
      `W1 ${D}x${Hn}, b1 ${Hn}, W2 ${Hn}x${K}, b2 ${K}`,
    );
  }
  const ins = [W1.data, b1, W2.data, b2], outs = [out.W1.data, out.b1, out.W2.data, out.b2];
  if (outs.some((o) => ins.some((i) => o.buffer === i.buffer))) {
    throw new TypeError(`Cannot ${ACTION} as out must not share memory with the parameters`);
  }
  for (let i = 0; i < W1.data.length; i++) {
    if (!Number.isFinite(W1.data[i])) {
      throw new RangeError(
        `Cannot ${ACTION} as W1 must be finite (zero inputs are skipped): W1.data[${i}]=${
          W1.data[i]
        }`,
      );
    }
  }
  return { D, Hn, K, W1: W1.data, b1, W2: W2.data, b2 };
}

/** Checks the batch and copies its rows and labels out of `data`. */
export function gatherBatch(
  data: SparseData,
  rowIds: ArrayLike<number>,
  count: number,
  D: number,
  K: number,
): CoreBatch {
  const x = data.x;
  if (x.cols !== D) {
    throw shapeError("the inputs must have one column per row of W1", `x.cols=${x.cols}`, `${D}`);
  }
  if (data.labels.length !== x.rows) {
    throw shapeError(
      "there must be one label per input row",
      `labels=${data.labels.length}`,
      `${x.rows}`,
    );
  }
  if (!Number.isInteger(count) || count < 1 || count > rowIds.length) {
    throw new RangeError(
      `Cannot ${ACTION} as count must be an integer in [1, rowIds.length]: count=${count}, ` +
        `rowIds.length=${rowIds.length}`,
    );
  }
  const rowStart = new Int32Array(count + 1), labels = new Int32Array(count);
  let nnz = 0;
  for (let r = 0; r < count; r++) {
    const id = rowIds[r];
    if (!(Number.isInteger(id) && id >= 0 && id < x.rows)) {
      throw new RangeError(
        `Cannot ${ACTION} as row ids must be integers in [0, ${x.rows}): rowIds[${r}]=${id}`,
      );
    }
    const label = data.labels[id];
    if (!(Number.isInteger(label) && label >= 0 && label < K)) {
      throw new RangeError(
        `Cannot ${ACTION} as labels must be integers in [0, ${K}): labels[${id}]=${label}`,
      );
    }
    labels[r] = label;
    rowStart[r] = nnz;
    nnz += x.rowStart[id + 1] - x.rowStart[id];
  }
  rowStart[count] = nnz;
  const index = new Int32Array(nnz), value = new Float64Array(nnz);
  for (let r = 0; r < count; r++) {
    const from = x.rowStart[rowIds[r]], len = rowStart[r + 1] - rowStart[r];
    index.set(x.index.subarray(from, from + len), rowStart[r]);
    value.set(x.value.subarray(from, from + len), rowStart[r]);
  }
  return { N: count, rowStart, index, value, labels };
}
