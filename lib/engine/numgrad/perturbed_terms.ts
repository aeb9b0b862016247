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

/**
 * x ↦ 1 / (1 + exp(−x)) on F[from … from + count), as `sigmoid`: the kernel
 * `sigmoid` (exp.wat), whose exp has Math.exp's bits.
 */
export function sigmoidInPlace(ws: Workspace, from: number, count: number): void {
  ws.kernels.sigmoid(8 * from, count, 8 * from);
}

/** Bytes of a row's exp records (K of 40 bytes, `exp_refs`) and of its log record (`near_logs`). */
const EXP_RECORD = 40, LOG_RECORD = 48;

/**
 * Loss terms log(softmax(a)[label] + δ) of `rows` rows whose exp arguments
 * a_k − max(a) are stored as pairs from F[b] (row u's output k at
 * F[b + (u >> 1)·2K + 2k + (u & 1)], see the kernel `softmax_args`), which
 * are overwritten with the exps. All in WebAssembly, each step near the
 * unperturbed batch row's (the records of `forwardPass`): the exps
 * (`pair_probs`, Math.exp's bits), the pairwise sums, `e[label] / sum + δ`,
 * and the logs (`near_logs`, Math.log's bits). Pair i is batch row `row`
 * (`perPair` 0), or row + i (`perPair` 1, its label at I32[2·labB + i];
 * else the label at I32[2·labB]).
 */
export function termsFromPairArgs(
  ws: Workspace,
  b: number,
  rows: number,
  K: number,
  row: number,
  perPair: 0 | 1,
  out: Float64Array,
): void {
  const { F, probB } = ws, pairs = (rows + 1) >> 1;
  ws.kernels.pair_probs(
    8 * b,
    pairs,
    K,
    8 * ws.labB,
    4 * perPair,
    CROSS_ENTROPY_DELTA,
    8 * ws.refB + EXP_RECORD * K * row,
    EXP_RECORD * K * perPair,
    8 * probB,
  );
  ws.kernels.near_logs(
    8 * probB,
    pairs,
    8 * ws.logB + LOG_RECORD * row,
    LOG_RECORD * perPair,
    8 * probB,
  );
  for (let u = 0; u < rows; u++) out[u] = F[probB + u];
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
  const { kernels, I32, zB, uB, aoB, uterm, termP, termM } = ws;
  const { Hn, K } = p;
  const st = b.rowStart[n], en = b.rowStart[n + 1], L = en - st;
  // a1 with each of the row's inputs perturbed: the +h, −h pairs at F[zB…]
  kernels.a1_chains(8 * ws.vB, 8 * ws.wB, 8 * ws.prefB, 8 * ws.prodB, st, en, H, p.b1[j], 8 * zB);
  const U = dedupe(ws, 2 * L);
  const pairs = (U + 1) >> 1;
  sigmoidInPlace(ws, uB, 2 * pairs);
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
  I32[2 * ws.labB] = b.labels[n];
  termsFromPairArgs(ws, aoB, U, K, n, 0, uterm); // all rows are row n
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
