/**
 * The unperturbed forward pass of the fast numerical gradient, keeping what
 * the perturbed passes reuse: the same sums as `TwoLayerNet.predict` and
 * `loss` (`lib/nets/two_layer_net.ts`) in the same order, over the batch's
 * nonzero inputs only (a zero input adds ±0, which changes no bit).
 *
 * @module
 */

import { CROSS_ENTROPY_DELTA } from "../../core/loss.ts";
import { pairwiseSum } from "../../core/pairwise_sum.ts";
import type { NumgradBatch as CoreBatch, NumgradParams as CoreParams } from "./types.ts";
import type { Workspace } from "./workspace.ts";
import { logRecord } from "./log_refs.ts";

/** The batch loss `−Σ terms / N` as the naive method's `crossEntropyErrorLabels`. */
export function batchLoss(terms: Float64Array, N: number): number {
  return -pairwiseSum(terms, 0, N) / N;
}

/**
 * The unperturbed forward pass, with what the perturbed passes reuse: a1 sums,
 * z1, S2 (prefix sums of z1·W2 per row and output, before each hidden unit),
 * Q (the products z1·W2), a2, each row's max and exps (and the records the
 * perturbed rows' exps and logs start from), and each row's loss term; plus, for
 * every input, the (row, position) pairs where it is nonzero.
 * Returns the batch loss.
 */
export function forwardPass(ws: Workspace, p: CoreParams, b: CoreBatch): number {
  const { F, vB, S2B, QB, W2B, b2B, a1sum, z1, a2sum, a2, rowMax, rowExp, terms } = ws;
  const { D, Hn, K, W1, b1, W2, b2 } = p;
  const { N, rowStart, index, value, labels } = b;
  const nnz = rowStart[N];
  for (let q = 0; q < nnz; q++) F[vB + q] = value[q];
  for (let i = 0; i < Hn * K; i++) F[W2B + i] = W2[i];
  for (let k = 0; k < K; k++) F[b2B + k] = b2[k];
  // a1 = x·W1 + b1 (each sum over the row's nonzeros in order, from +0), z1 = sigmoid(a1)
  a1sum.fill(0, 0, N * Hn);
  for (let n = 0; n < N; n++) {
    const o = n * Hn;
    for (let q = rowStart[n]; q < rowStart[n + 1]; q++) {
      const v = value[q], r = index[q] * Hn;
      for (let j = 0; j < Hn; j++) a1sum[o + j] += v * W1[r + j];
    }
    for (let j = 0; j < Hn; j++) z1[o + j] = 1 / (1 + Math.exp(-(a1sum[o + j] + b1[j])));
  }
  // a2 = z1·W2 + b2, keeping the prefix sums and the products
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const o = (n * K + k) * Hn;
      let s = 0;
      for (let j = 0; j < Hn; j++) {
        F[S2B + o + j] = s;
        const x = z1[n * Hn + j] * W2[j * K + k];
        F[QB + o + j] = x;
        s += x;
      }
      a2sum[n * K + k] = s;
      a2[n * K + k] = s + b2[k];
    }
  }
  // softmax and log terms, keeping each row's max and exps
  const e = ws.e;
  for (let n = 0; n < N; n++) {
    const o = n * K;
    let c = a2[o];
    for (let k = 1; k < K; k++) {
      const x = a2[o + k];
      if (!(x <= c)) c = Number.isNaN(c) ? c : x;
    }
    rowMax[n] = c;
    for (let k = 0; k < K; k++) {
      const x = a2[o + k] - c;
      F[ws.argB + o + k] = x;
      e[k] = rowExp[o + k] = x === 0 ? 1 : Math.exp(x);
    }
    const prob = e[labels[n]] / pairwiseSum(e, 0, K) + CROSS_ENTROPY_DELTA;
    terms[n] = Math.log(prob);
    logRecord(F, ws.logB + 6 * n, prob, terms[n]);
  }
  ws.kernels.exp_refs(8 * ws.argB, N * K, 8 * ws.refB); // what the perturbed rows' exps start from
  for (let n = 0; n < N; n++) F[ws.pairB + 2 * n] = F[ws.pairB + 2 * n + 1] = terms[n];
  // column lists: the (row, position) pairs of each input, rows ascending
  const { colStart, colFill, colRow, colPos } = ws;
  colStart.fill(0);
  for (let q = 0; q < nnz; q++) colStart[index[q] + 1]++;
  for (let i = 0; i < D; i++) {
    colStart[i + 1] += colStart[i];
    colFill[i] = colStart[i];
  }
  for (let n = 0; n < N; n++) {
    for (let q = rowStart[n]; q < rowStart[n + 1]; q++) {
      const c = colFill[index[q]]++;
      colRow[c] = n;
      colPos[c] = q;
    }
  }
  return batchLoss(terms, N);
}

/** Hidden unit j's W1 column at each nonzero (wcol), the terms x·W1 (prod) and the row prefix sums (pref). */
export function columnProducts(ws: Workspace, p: CoreParams, b: CoreBatch, j: number): void {
  const { F, vB, wB, prefB, prodB } = ws;
  const { Hn, W1 } = p;
  const { N, rowStart, index } = b;
  for (let n = 0; n < N; n++) {
    let s = 0;
    for (let q = rowStart[n], en = rowStart[n + 1]; q < en; q++) {
      F[prefB + q] = s;
      const w = W1[index[q] * Hn + j];
      F[wB + q] = w;
      const x = F[vB + q] * w;
      F[prodB + q] = x;
      s += x;
    }
  }
}
