/**
 * The loss terms of perturbed rows, the inner work of the fast numerical
 * gradient: a row's a1 with each of its inputs' weights moved by ±h (the
 * chains of additions in WebAssembly, `wasm/numgrad.wat`), carried through
 * the sigmoid, z1·W2 and the softmax exactly as the unperturbed pass sums
 * them, each distinct value once.
 *
 * @module
 */

import { CROSS_ENTROPY_DELTA } from "../../core/loss.ts";
import { H } from "../../core/numerical_gradient.ts";
import { pairwiseSum } from "../../core/pairwise_sum.ts";
import type { NumgradBatch as CoreBatch, NumgradParams as CoreParams } from "./types.ts";
import type { Workspace } from "./workspace.ts";

/**
 * Collects the distinct values (by bits) among the `count` values at F[zB…]
 * into F[uB…] (then one copy of the last, to fill a pair) and each value's
 * index among them into the i32 map at mapB; returns how many are distinct.
 * Equal a1 values give equal everything after them.
 */
function dedupe(ws: Workspace, count: number): number {
  if (ws.gen >= 0x3fffffff) {
    ws.F.fill(0, ws.tableB, ws.tableB + (2 << ws.tableBits));
    ws.gen = 0;
  }
  return ws.kernels.dedupe(
    8 * ws.zB,
    count,
    8 * ws.uB,
    8 * ws.mapB,
    8 * ws.tableB,
    ws.tableBits,
    ++ws.gen,
  );
}

/** x ↦ 1 / (1 + exp(−x)) on F[from … from + count), as `sigmoid`. */
export function sigmoidInPlace(F: Float64Array, from: number, count: number): void {
  for (let i = from, end = from + count; i < end; i++) F[i] = 1 / (1 + Math.exp(-F[i]));
}

/**
 * Loss terms log(softmax(a)[label] + δ) of `rows` rows whose exp arguments
 * a_k − max(a) are stored as pairs from F[b] (row u's output k at
 * F[b + (u >> 1)·2K + 2k + (u & 1)], see the kernel `softmax_args`), which
 * are overwritten with the exps: the exps in one tight loop (`Math.exp(±0)`
 * is 1 by the ECMAScript spec, so the row max costs no call), the pairwise
 * sum, `e[label] / sum + δ`, then the logs.
 */
export function termsFromPairArgs(
  F: Float64Array,
  b: number,
  rows: number,
  K: number,
  lab: Int32Array,
  out: Float64Array,
  e: Float64Array,
): void {
  for (let i = b, end = b + ((rows + 1) >> 1) * 2 * K; i < end; i++) {
    const x = F[i];
    F[i] = x === 0 ? 1 : Math.exp(x);
  }
  if (K === 10) {
    for (let u = 0; u < rows; u++) {
      const o = b + (u >> 1) * 20 + (u & 1);
      // pairwiseSum of 10: eight accumulators combined, the tail, then 0 + it
      let s = ((F[o] + F[o + 2]) + (F[o + 4] + F[o + 6])) +
        ((F[o + 8] + F[o + 10]) + (F[o + 12] + F[o + 14]));
      s += F[o + 16];
      s += F[o + 18];
      out[u] = F[o + 2 * lab[u]] / (0 + s) + CROSS_ENTROPY_DELTA;
    }
  } else {
    for (let u = 0; u < rows; u++) {
      const o = b + (u >> 1) * 2 * K + (u & 1);
      for (let k = 0; k < K; k++) e[k] = F[o + 2 * k];
      out[u] = e[lab[u]] / pairwiseSum(e, 0, K) + CROSS_ENTROPY_DELTA;
    }
  }
  for (let u = 0; u < rows; u++) out[u] = Math.log(out[u]);
}

/**
 * termP/termM[q]: row n's loss term with W1[index[q]][j] perturbed by ±h, for
 * every nonzero position q of row n.
 */
export function perturbedRowTerms(
  ws: Workspace,
  p: CoreParams,
  b: CoreBatch,
  n: number,
  j: number,
): void {
  const { kernels, F, I32, zB, uB, aoB, lab, uterm, termP, termM, e } = ws;
  const { Hn, K } = p;
  const st = b.rowStart[n], en = b.rowStart[n + 1], L = en - st;
  // a1 with each of the row's inputs perturbed: the +h, −h pairs at F[zB…]
  kernels.a1_chains(8 * ws.vB, 8 * ws.wB, 8 * ws.prefB, 8 * ws.prodB, st, en, H, p.b1[j], 8 * zB);
  const U = dedupe(ws, 2 * L);
  const pairs = (U + 1) >> 1;
  sigmoidInPlace(F, uB, 2 * pairs);
  kernels.a2_chains(
    8 * ws.S2B,
    8 * ws.QB,
    8 * ws.W2B,
    8 * ws.b2B,
    8 * uB,
    pairs,
    n,
    j,
    Hn,
    K,
    8 * aoB,
  );
  kernels.softmax_args(8 * aoB, pairs, K);
  lab.fill(b.labels[n], 0, U);
  termsFromPairArgs(F, aoB, U, K, lab, uterm, e);
  for (let i = 0, m = 2 * ws.mapB; i < L; i++) {
    termP[st + i] = uterm[I32[m + 2 * i]];
    termM[st + i] = uterm[I32[m + 2 * i + 1]];
  }
}

/**
 * Row n's loss term when output k's score becomes `ak`. When the row's max is
 * unchanged the other outputs' exps are the unperturbed ones, so only
 * exp(ak − max) is new.
 */
export function outputTerm(
  ws: Workspace,
  K: number,
  n: number,
  k: number,
  ak: number,
  label: number,
): number {
  const { a2, rowMax, rowExp, e } = ws;
  const o = n * K;
  let c = k === 0 ? ak : a2[o];
  for (let kk = 1; kk < K; kk++) {
    const x = kk === k ? ak : a2[o + kk];
    if (!(x <= c)) c = Number.isNaN(c) ? c : x;
  }
  if (c === rowMax[n]) { // equal as numbers: then x − c has the same bits or is ±0 (exp 1)
    for (let kk = 0; kk < K; kk++) e[kk] = rowExp[o + kk];
    const x = ak - c;
    e[k] = x === 0 ? 1 : Math.exp(x);
  } else {
    for (let kk = 0; kk < K; kk++) {
      const x = (kk === k ? ak : a2[o + kk]) - c;
      e[kk] = x === 0 ? 1 : Math.exp(x);
    }
  }
  return Math.log(e[label] / pairwiseSum(e, 0, K) + CROSS_ENTROPY_DELTA);
}
