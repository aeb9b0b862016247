/**
 * The gradient's entries from the perturbed losses: W1's column j, b1[j],
 * W2's row j and b2[k], each `(f(w + h) − f(w − h)) / 2h` with the batch
 * loss recomputed from the unperturbed rows' terms and the changed rows'
 * ones, in the naive method's pairwise order; and a shard's loop over the
 * units of work it takes.
 *
 * @module
 */

import { H } from "../../core/numerical_gradient.ts";
import { batchLoss, columnProducts, forwardPass } from "./forward.ts";
import {
  outputTerm,
  perturbedRowTerms,
  sigmoidInPlace,
  termsFromPairArgs,
} from "./perturbed_terms.ts";
import type {
  NumgradBatch as CoreBatch,
  NumgradGrads as CoreGrads,
  NumgradParams as CoreParams,
} from "./types.ts";
import type { PhaseTimer } from "../timings.ts";
import { type Workspace, workspaceFor } from "./workspace.ts";

/** The central difference's denominator `2 · h`, as the naive method computes it. */
const TWO_H = 2 * H;

/** Column j of the W1 gradient from the perturbed terms (the kernel `column_losses`). */
function w1Column(
  ws: Workspace,
  p: CoreParams,
  b: CoreBatch,
  j: number,
  L0: number,
  gW1: Float64Array,
): void {
  const { D, Hn } = p;
  ws.kernels.column_losses(
    8 * ws.pairB,
    8 * ws.termsB,
    8 * ws.tPB,
    8 * ws.tMB,
    8 * ws.colStartB,
    8 * ws.colRowB,
    8 * ws.colPosB,
    D,
    b.N,
    L0,
    TWO_H,
    8 * ws.gcolB,
  );
  const { F, gcolB } = ws;
  for (let i = 0; i < D; i++) gW1[i * Hn + j] = F[gcolB + i];
}

/** b1[j]: every row's hidden unit j is a1sum + (b1[j] ± h). */
function b1Entry(ws: Workspace, p: CoreParams, b: CoreBatch, j: number, gb1: Float64Array): void {
  const { kernels, F, zB, aoB, a1sum } = ws;
  const { Hn, K } = p;
  const N = b.N, bP = p.b1[j] + H, bM = p.b1[j] - H;
  for (let n = 0; n < N; n++) {
    F[zB + 2 * n] = a1sum[n * Hn + j] + bP;
    F[zB + 2 * n + 1] = a1sum[n * Hn + j] + bM;
  }
  sigmoidInPlace(ws, zB, 2 * N);
  for (let n = 0; n < N; n++) {
    kernels.a2_chains(
      8 * ws.S2B,
      8 * ws.QB,
      8 * ws.W2B,
      8 * ws.b2B,
      8 * (zB + 2 * n),
      1,
      n,
      j,
      Hn,
      K,
      8 * (aoB + 2 * K * n),
    );
  }
  gb1[j] = rowsDifference(ws, b, K);
}

/**
 * `(f(w + h) − f(w − h)) / 2h` from the batch's N rows of output pairs at aoB
 * (row n's +h and −h scores as one pair per output): the softmax, the loss
 * terms and the two batch losses, as the naive method computes them.
 */
function rowsDifference(ws: Workspace, b: CoreBatch, K: number): number {
  const { I32, aoB, uterm, tP, tM } = ws;
  const N = b.N;
  for (let n = 0; n < N; n++) I32[2 * ws.labB + n] = b.labels[n];
  ws.kernels.softmax_args(8 * aoB, N, K);
  termsFromPairArgs(ws, aoB, 2 * N, K, 0, 1, uterm); // pair n is row n
  for (let n = 0; n < N; n++) {
    tP[n] = uterm[2 * n];
    tM[n] = uterm[2 * n + 1];
  }
  return (batchLoss(tP, N) - batchLoss(tM, N)) / TWO_H;
}

/** Row j of the W2 gradient: W2[j][k] ± h changes output k's chain from hidden unit j on. */
function w2Row(ws: Workspace, p: CoreParams, b: CoreBatch, j: number, gW2: Float64Array): void {
  const { Hn, K, W2 } = p;
  for (let k = 0; k < K; k++) {
    const wP = W2[j * K + k] + H, wM = W2[j * K + k] - H;
    ws.kernels.w2_rows(
      8 * ws.S2B,
      8 * ws.QB,
      8 * ws.z1B,
      8 * ws.b2B,
      8 * ws.a2B,
      wP,
      wM,
      j,
      k,
      b.N,
      Hn,
      K,
      8 * ws.aoB,
    );
    gW2[j * K + k] = rowsDifference(ws, b, K);
  }
}

/** b2[k]: output k's score is a2sum + (b2[k] ± h) in every row. */
function b2Entry(ws: Workspace, p: CoreParams, b: CoreBatch, k: number, gb2: Float64Array): void {
  const { a2sum, tP, tM } = ws;
  const K = p.K, N = b.N, bP = p.b2[k] + H, bM = p.b2[k] - H;
  for (let n = 0; n < N; n++) {
    tP[n] = outputTerm(ws, K, n, k, a2sum[n * K + k] + bP, b.labels[n]);
    tM[n] = outputTerm(ws, K, n, k, a2sum[n * K + k] + bM, b.labels[n]);
  }
  gb2[k] = (batchLoss(tP, N) - batchLoss(tM, N)) / TWO_H;
}

/**
 * Where a shard takes its work from: each call gives the next unit not yet
 * taken, a hidden unit j < Hn (W1's column j, b1[j] and W2's row j) or
 * Hn + k (b2[k]); a unit ≥ Hn + K means none is left. Shared by several
 * shards (a counter in shared memory), it deals the units to whichever shard
 * is free first.
 */
export type NextUnit = () => number;

/**
 * The units 0, 1, 2, … in order: all the work, for one shard alone.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { allUnits } from "./entries.ts";
 * const next = allUnits();
 * assert.deepStrictEqual([next(), next(), next()], [0, 1, 2]);
 * ```
 */
export function allUnits(): NextUnit {
  let unit = 0;
  return () => unit++;
}

/**
 * The gradient entries of the units a shard takes from `next` (see
 * {@linkcode NextUnit}) into `out`; other entries of `out` are left as they
 * are. Each entry is computed in full by the shard that takes its unit, from
 * its own forward pass, so which shard takes which unit changes no bit.
 * Returns the workspace used (`ws`, or a larger one on `module`, the
 * compiled `wasm/numgrad.wat`). With a `timer`, adds the time of each of
 * {@linkcode NUMGRAD_PHASES} into it (nothing else changes).
 */
export function gradientShard(
  ws: Workspace | undefined,
  p: CoreParams,
  b: CoreBatch,
  next: NextUnit,
  out: CoreGrads,
  module: WebAssembly.Module,
  timer?: PhaseTimer<NumgradPhase>,
): Workspace {
  const { N, rowStart } = b;
  let maxLen = 0;
  for (let n = 0; n < N; n++) maxLen = Math.max(maxLen, rowStart[n + 1] - rowStart[n]);
  const need = { D: p.D, Hn: p.Hn, K: p.K, N, nnz: rowStart[N], maxLen };
  timer?.start();
  const w = workspaceFor(ws, need, module);
  const L0 = forwardPass(w, p, b);
  timer?.lap(0);
  for (let unit = next(); unit < p.Hn + p.K; unit = next()) {
    if (unit >= p.Hn) {
      b2Entry(w, p, b, unit - p.Hn, out.b2);
      timer?.lap(5);
      continue;
    }
    const j = unit;
    columnProducts(w, p, b, j);
    for (let n = 0; n < N; n++) if (rowStart[n + 1] > rowStart[n]) perturbedRowTerms(w, p, b, n, j);
    timer?.lap(1);
    w1Column(w, p, b, j, L0, out.W1);
    timer?.lap(2);
    b1Entry(w, p, b, j, out.b1);
    timer?.lap(3);
    w2Row(w, p, b, j, out.W2);
    timer?.lap(4);
  }
  return w;
}

/**
 * The phases of {@linkcode gradientShard}, for a {@linkcode PhaseTimer} (the
 * benchmarks' breakdown): the cached forward pass; W1's perturbed rows (the
 * changed chains, their exps and logs); W1's batch losses (the pairwise sums
 * with the changed rows replaced); b1; W2; b2.
 */
export const NUMGRAD_PHASES = [
  "forward",
  "W1 rows",
  "W1 losses",
  "b1",
  "W2",
  "b2",
] as const;

/** A phase of {@linkcode NUMGRAD_PHASES}. */
export type NumgradPhase = typeof NUMGRAD_PHASES[number];
