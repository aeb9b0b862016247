/**
 * The two-layer net's numerical gradient (§4.4–4.5), fast: exactly the
 * numbers of the book's `numerical_gradient` —
 * {@linkcode TwoLayerNet.numericalGradient}, central differences with
 * h = 1e-4 on the batch's mean cross-entropy, every entry of W1, b1, W2, b2
 * perturbed in turn — bit for bit. For the book's 784-50-10 net and a batch
 * of 100 MNIST images that takes about 0.26 s in one thread and 0.15 s in two
 * workers, where the naive method takes about 10 minutes
 * (`bench/numerical_gradient_bench.ts`; backpropagation: 15 ms).
 *
 * The naive method recomputes the whole forward pass twice per entry (about
 * 80,000 passes for the 784-50-10 net). Here one forward pass is cached and
 * each perturbed loss is obtained by recomputing only what the perturbation
 * changes, with the same floating-point operations in the same order, hence
 * the same bits:
 *
 * - W1[i][j] changes hidden unit j only, and only in the rows whose input i
 *   is not zero (a zero input adds ±0 to a sum, which changes no bit). For
 *   such a row, a1[n][j] is the row's prefix sum up to input i, plus
 *   `x[n][i] · (W1[i][j] ± h)`, plus the row's remaining terms in order, plus
 *   b1[j]; then z = sigmoid(a1), a2[n][k] = the prefix of `z1·W2` before j,
 *   plus `z · W2[j][k]`, plus the remaining products, plus b2[k]; then the
 *   row's softmax and log term, and the batch loss from the pairwise sum of
 *   all rows' terms with the changed rows replaced. Inputs no batch row uses
 *   have gradient (f − f) / 2h = 0.
 * - b1[j]: every row, hidden unit j. W2[j][k]: every row, output k only.
 *   b2[k]: every row, output k.
 * - Within a row, perturbing different inputs often gives the very same
 *   a1[n][j] (MNIST has many equal pixel values): each distinct value is
 *   carried through the rest of the row once.
 * - The chains of additions run in WebAssembly (`lib/engine/wasm/numgrad.wat`),
 *   f64x2 add/sub/mul only, two chains in the two lanes; `exp` and `log` are
 *   JavaScript's own `Math.exp` and `Math.log`, called from JavaScript — about
 *   half of the time goes to them (some 9 million calls per gradient).
 * - Hidden units (and output units, for b2) are dealt out to Workers; each
 *   entry's value is computed by one worker in full, so the result does not
 *   depend on the number of workers.
 *
 * Requires finite W1 (the naive method's `0 · Infinity` would be NaN where
 * this one skips the zero input). Needs no permissions: the workers run from
 * source text (see `lib/engine/_numgrad_worker.ts`).
 *
 * @module
 */

import { CROSS_ENTROPY_DELTA } from "../core/loss.ts";
import { H } from "../core/numerical_gradient.ts";
import type { SparseData } from "../train/trainer.ts";
import type { TwoLayerParams } from "../nets/two_layer_net.ts";
import { numgradWasmBytes } from "./wasm/numgrad_wasm.ts";
import {
  type NumgradBatch as CoreBatch,
  type NumgradGrads as CoreGrads,
  type NumgradParams as CoreParams,
  type NumgradReply,
  type NumgradRequest,
  startNumgradWorker,
} from "./_numgrad_worker.ts";

/** The central difference's denominator `2 · h`, as the naive method computes it. */
const TWO_H = 2 * H;
/** Bytes per WebAssembly page. */
const WASM_PAGE = 65536;
/** Block size below which NumPy's pairwise sum is an unrolled loop (as `pairwiseSum`). */
const PAIRWISE_BLOCKSIZE = 128;

// ---------------------------------------------------------------------------
// The core. These functions and the constants above are also run by the
// workers from their source text, so they reference nothing but each other,
// those constants, `numgradKernels` (defined per thread) and built-ins.
// ---------------------------------------------------------------------------

/** What `numgrad.wat` exports. Pointers are byte offsets into `memory`. */
interface NumgradKernels {
  readonly memory: WebAssembly.Memory;
  a1_chains(
    value: number,
    wcol: number,
    pref: number,
    prod: number,
    st: number,
    en: number,
    h: number,
    bj: number,
    out: number,
  ): void;
  a2_chains(
    S2: number,
    Q: number,
    W2: number,
    b2: number,
    z: number,
    count: number,
    row: number,
    j: number,
    Hn: number,
    K: number,
    out: number,
  ): void;
  dedupe(
    src: number,
    count: number,
    dst: number,
    map: number,
    table: number,
    bits: number,
    gen: number,
  ): number;
  softmax_args(a: number, count: number, K: number): void;
}

/** Sizes a workspace is made for. */
interface Dims {
  D: number;
  Hn: number;
  K: number;
  N: number;
  nnz: number;
  maxLen: number;
}

/**
 * Buffers of one thread, reused from call to call. Arrays the kernels read
 * live in the WebAssembly memory `F` (offsets in f64 elements, `…B`): the
 * batch's values (vB), W1's column j at each nonzero (wB), the products x·W1
 * (prodB) and their prefix sums per row (prefB); S2, Q (see forwardPass), W2,
 * b2; perturbed a1 pairs (zB), their distinct values (uB), the a2 rows of
 * those (aoB), the dedupe map (i32, mapB) and hash table (tableB).
 */
interface Workspace {
  readonly dims: Dims;
  readonly kernels: NumgradKernels;
  readonly F: Float64Array;
  readonly I32: Int32Array;
  readonly vB: number;
  readonly wB: number;
  readonly prefB: number;
  readonly prodB: number;
  readonly S2B: number;
  readonly QB: number;
  readonly W2B: number;
  readonly b2B: number;
  readonly zB: number;
  readonly uB: number;
  readonly aoB: number;
  readonly mapB: number;
  readonly tableB: number;
  readonly tableBits: number;
  readonly a1sum: Float64Array;
  readonly z1: Float64Array;
  readonly a2sum: Float64Array;
  readonly a2: Float64Array;
  readonly rowMax: Float64Array;
  readonly rowExp: Float64Array;
  readonly terms: Float64Array;
  readonly scratch: Float64Array;
  readonly tP: Float64Array;
  readonly tM: Float64Array;
  readonly colStart: Int32Array;
  readonly colFill: Int32Array;
  readonly colRow: Int32Array;
  readonly colPos: Int32Array;
  readonly termP: Float64Array;
  readonly termM: Float64Array;
  readonly lab: Int32Array;
  readonly uterm: Float64Array;
  readonly e: Float64Array;
  /** The dedupe table's generation: slots stamped otherwise are empty. */
  gen: number;
}

/** `pairwiseSum(a, off, n)` of lib/core/matrix.ts, step for step (NumPy's order). */
function sumPairwise(a: Float64Array, off: number, n: number): number {
  return 0 + sumPairwiseFrom(a, off, n);
}

function sumPairwiseFrom(a: Float64Array, off: number, n: number): number {
  if (n < 8) {
    let res = -0.0;
    for (let i = 0; i < n; i++) res += a[off + i];
    return res;
  }
  if (n <= PAIRWISE_BLOCKSIZE) {
    let r0 = a[off], r1 = a[off + 1], r2 = a[off + 2], r3 = a[off + 3];
    let r4 = a[off + 4], r5 = a[off + 5], r6 = a[off + 6], r7 = a[off + 7];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const p = off + i;
      r0 += a[p];
      r1 += a[p + 1];
      r2 += a[p + 2];
      r3 += a[p + 3];
      r4 += a[p + 4];
      r5 += a[p + 5];
      r6 += a[p + 6];
      r7 += a[p + 7];
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += a[off + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return sumPairwiseFrom(a, off, n2) + sumPairwiseFrom(a, off + n2, n - n2);
}

/** The batch loss `−Σ terms / N` as the naive method's `crossEntropyErrorLabels`. */
function batchLoss(terms: Float64Array, N: number): number {
  return -sumPairwise(terms, 0, N) / N;
}

/** A workspace for `need`, reusing `ws` when it is large enough. */
function workspaceFor(ws: Workspace | undefined, need: Dims): Workspace {
  if (
    ws !== undefined && ws.dims.D === need.D && ws.dims.Hn === need.Hn &&
    ws.dims.K === need.K && ws.dims.N >= need.N && ws.dims.nnz >= need.nnz &&
    ws.dims.maxLen >= need.maxLen
  ) {
    return ws;
  }
  // Room for batches a little larger than this one, so that a training run
  // does not reallocate at every new largest batch.
  const d: Dims = {
    D: need.D,
    Hn: need.Hn,
    K: need.K,
    N: Math.max(need.N, ws?.dims.N ?? 0),
    nnz: Math.max(Math.ceil(need.nnz * 1.25), ws?.dims.nnz ?? 0),
    maxLen: Math.min(need.D, Math.max(Math.ceil(need.maxLen * 1.25), ws?.dims.maxLen ?? 0)),
  };
  const { D, Hn, K, N, nnz } = d;
  const rowsPer = Math.max(2 * d.maxLen, 2 * N); // perturbed rows of one (row, j), or of one entry
  let at = 2; // f64 elements; each array starts 16-byte aligned, none at 0
  const take = (count: number): number => {
    const b = at;
    at += count + (count & 1);
    return b;
  };
  const vB = take(nnz), wB = take(nnz), prefB = take(nnz), prodB = take(nnz);
  const S2B = take(N * K * Hn), QB = take(N * K * Hn), W2B = take(Hn * K), b2B = take(K);
  const zB = take(rowsPer), uB = take(rowsPer + 2), aoB = take((rowsPer + 2) * K);
  const mapB = take(rowsPer / 2 + 1); // i32
  let tableBits = 4;
  while (1 << tableBits < 2 * rowsPer) tableBits++; // at most half full
  const tableB = take(2 << tableBits); // 16-byte slots
  const kernels = ws?.kernels ?? numgradKernels();
  const pages = Math.ceil((at * 8) / WASM_PAGE) - kernels.memory.buffer.byteLength / WASM_PAGE;
  if (pages > 0) kernels.memory.grow(pages);
  const F = new Float64Array(kernels.memory.buffer);
  F.fill(0, tableB, tableB + (2 << tableBits)); // no slot stamped with a generation to come
  return {
    dims: d,
    kernels,
    F,
    I32: new Int32Array(kernels.memory.buffer),
    vB,
    wB,
    prefB,
    prodB,
    S2B,
    QB,
    W2B,
    b2B,
    zB,
    uB,
    aoB,
    mapB,
    tableB,
    tableBits,
    a1sum: new Float64Array(N * Hn),
    z1: new Float64Array(N * Hn),
    a2sum: new Float64Array(N * K),
    a2: new Float64Array(N * K),
    rowMax: new Float64Array(N),
    rowExp: new Float64Array(N * K),
    terms: new Float64Array(N),
    scratch: new Float64Array(N),
    tP: new Float64Array(N),
    tM: new Float64Array(N),
    colStart: new Int32Array(D + 1),
    colFill: new Int32Array(D),
    colRow: new Int32Array(nnz),
    colPos: new Int32Array(nnz),
    termP: new Float64Array(nnz),
    termM: new Float64Array(nnz),
    lab: new Int32Array(rowsPer + 2),
    uterm: new Float64Array(rowsPer + 2),
    e: new Float64Array(K),
    gen: 0,
  };
}

/**
 * The unperturbed forward pass, with what the perturbed passes reuse: a1 sums,
 * z1, S2 (prefix sums of z1·W2 per row and output, before each hidden unit),
 * Q (the products z1·W2), a2, each row's max and exps, and each row's loss
 * term; plus, for every input, the (row, position) pairs where it is nonzero.
 * Returns the batch loss.
 */
function forwardPass(ws: Workspace, p: CoreParams, b: CoreBatch): number {
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
      e[k] = rowExp[o + k] = x === 0 ? 1 : Math.exp(x);
    }
    terms[n] = Math.log(e[labels[n]] / sumPairwise(e, 0, K) + CROSS_ENTROPY_DELTA);
  }
  ws.scratch.set(terms.subarray(0, N));
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
function columnProducts(ws: Workspace, p: CoreParams, b: CoreBatch, j: number): void {
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
function sigmoidInPlace(F: Float64Array, from: number, count: number): void {
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
function termsFromPairArgs(
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
      out[u] = e[lab[u]] / sumPairwise(e, 0, K) + CROSS_ENTROPY_DELTA;
    }
  }
  for (let u = 0; u < rows; u++) out[u] = Math.log(out[u]);
}

/**
 * termP/termM[q]: row n's loss term with W1[index[q]][j] perturbed by ±h, for
 * every nonzero position q of row n.
 */
function perturbedRowTerms(ws: Workspace, p: CoreParams, b: CoreBatch, n: number, j: number): void {
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

/** Column j of the W1 gradient from the perturbed terms. */
function w1Column(
  ws: Workspace,
  p: CoreParams,
  b: CoreBatch,
  j: number,
  L0: number,
  gW1: Float64Array,
): void {
  const { colStart, colRow, colPos, termP, termM, terms, scratch } = ws;
  const { D, Hn } = p;
  const N = b.N;
  for (let i = 0; i < D; i++) {
    const c0 = colStart[i], c1 = colStart[i + 1];
    if (c0 === c1) {
      gW1[i * Hn + j] = (L0 - L0) / TWO_H; // no row uses input i: f(w + h) = f(w − h)
      continue;
    }
    for (let c = c0; c < c1; c++) scratch[colRow[c]] = termP[colPos[c]];
    const f1 = batchLoss(scratch, N);
    for (let c = c0; c < c1; c++) scratch[colRow[c]] = termM[colPos[c]];
    const f2 = batchLoss(scratch, N);
    for (let c = c0; c < c1; c++) scratch[colRow[c]] = terms[colRow[c]];
    gW1[i * Hn + j] = (f1 - f2) / TWO_H;
  }
}

/** b1[j]: every row's hidden unit j is a1sum + (b1[j] ± h). */
function b1Entry(ws: Workspace, p: CoreParams, b: CoreBatch, j: number, gb1: Float64Array): void {
  const { kernels, F, zB, aoB, a1sum, lab, uterm, tP, tM } = ws;
  const { Hn, K } = p;
  const N = b.N, bP = p.b1[j] + H, bM = p.b1[j] - H;
  for (let n = 0; n < N; n++) {
    F[zB + 2 * n] = a1sum[n * Hn + j] + bP;
    F[zB + 2 * n + 1] = a1sum[n * Hn + j] + bM;
  }
  sigmoidInPlace(F, zB, 2 * N);
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
    lab[2 * n] = lab[2 * n + 1] = b.labels[n];
  }
  kernels.softmax_args(8 * aoB, N, K);
  termsFromPairArgs(F, aoB, 2 * N, K, lab, uterm, ws.e);
  for (let n = 0; n < N; n++) {
    tP[n] = uterm[2 * n];
    tM[n] = uterm[2 * n + 1];
  }
  gb1[j] = (batchLoss(tP, N) - batchLoss(tM, N)) / TWO_H;
}

/**
 * Row n's loss term when output k's score becomes `ak`. When the row's max is
 * unchanged the other outputs' exps are the unperturbed ones, so only
 * exp(ak − max) is new.
 */
function outputTerm(
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
  return Math.log(e[label] / sumPairwise(e, 0, K) + CROSS_ENTROPY_DELTA);
}

/** Row j of the W2 gradient: W2[j][k] ± h changes output k's chain from hidden unit j on. */
function w2Row(ws: Workspace, p: CoreParams, b: CoreBatch, j: number, gW2: Float64Array): void {
  const { F, S2B, QB, z1, tP, tM } = ws;
  const { Hn, K, W2, b2 } = p;
  const N = b.N;
  for (let k = 0; k < K; k++) {
    const wP = W2[j * K + k] + H, wM = W2[j * K + k] - H;
    for (let n = 0; n < N; n++) {
      const o = (n * K + k) * Hn, z = z1[n * Hn + j];
      let sP = F[S2B + o + j] + z * wP, sM = F[S2B + o + j] + z * wM;
      for (let q = QB + o + j + 1, end = QB + o + Hn; q < end; q++) {
        sP += F[q];
        sM += F[q];
      }
      tP[n] = outputTerm(ws, K, n, k, sP + b2[k], b.labels[n]);
      tM[n] = outputTerm(ws, K, n, k, sM + b2[k], b.labels[n]);
    }
    gW2[j * K + k] = (batchLoss(tP, N) - batchLoss(tM, N)) / TWO_H;
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
 * The gradient entries of shard `shard` of `shards` into `out`: hidden units
 * j ≡ shard (mod shards) — W1 column j, b1[j], W2 row j — and output units
 * k ≡ shard (mod shards) for b2. Other entries of `out` are left as they are.
 * Returns the workspace used (`ws` or a larger one).
 */
function gradientShard(
  ws: Workspace | undefined,
  p: CoreParams,
  b: CoreBatch,
  shard: number,
  shards: number,
  out: CoreGrads,
): Workspace {
  const { N, rowStart } = b;
  let maxLen = 0;
  for (let n = 0; n < N; n++) maxLen = Math.max(maxLen, rowStart[n + 1] - rowStart[n]);
  const w = workspaceFor(ws, { D: p.D, Hn: p.Hn, K: p.K, N, nnz: rowStart[N], maxLen });
  const L0 = forwardPass(w, p, b);
  for (let j = shard; j < p.Hn; j += shards) {
    columnProducts(w, p, b, j);
    for (let n = 0; n < N; n++) if (rowStart[n + 1] > rowStart[n]) perturbedRowTerms(w, p, b, n, j);
    w1Column(w, p, b, j, L0, out.W1);
    b1Entry(w, p, b, j, out.b1);
    w2Row(w, p, b, j, out.W2);
  }
  for (let k = shard; k < p.K; k += shards) b2Entry(w, p, b, k, out.b2);
  return w;
}

/** The core's functions, in the order the worker's source defines them. */
const CORE_FUNCTIONS = [
  sumPairwise,
  sumPairwiseFrom,
  batchLoss,
  workspaceFor,
  forwardPass,
  columnProducts,
  dedupe,
  sigmoidInPlace,
  termsFromPairArgs,
  perturbedRowTerms,
  w1Column,
  b1Entry,
  outputTerm,
  w2Row,
  b2Entry,
  gradientShard,
];

/**
 * The core as a script: its constants and functions, for a worker that has
 * no file access. `numgradKernels` is left for the worker to define.
 */
function coreSource(): string {
  const constants = { H, TWO_H, CROSS_ENTROPY_DELTA, WASM_PAGE, PAIRWISE_BLOCKSIZE };
  return [
    ...Object.entries(constants).map(([name, v]) => `const ${name} = ${String(v)};`),
    ...CORE_FUNCTIONS.map(String),
  ].join("\n");
}

// ---------------------------------------------------------------------------
// This thread's kernels, the checks at the API boundary, the public API.
// ---------------------------------------------------------------------------

let compiled: WebAssembly.Module | undefined;

/** The compiled kernels (once per thread). */
function numgradModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(numgradWasmBytes());
  return compiled;
}

/** A new instance of the kernels, with its own memory. */
function numgradKernels(): NumgradKernels {
  return new WebAssembly.Instance(numgradModule(), {}).exports as unknown as NumgradKernels;
}

const ACTION = "compute the numerical gradient";

/**
 * Most workers {@linkcode makeFastNumericalGradient} starts by default: each
 * worker repeats the forward pass (a few milliseconds), so beyond about 8 the
 * overhead eats the gain for the book's 50 hidden units.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { makeFastNumericalGradient, MAX_DEFAULT_WORKERS } from "./fast_numerical_gradient.ts";
 * const numgrad = makeFastNumericalGradient();
 * assert.ok(numgrad.workers >= 1 && numgrad.workers <= MAX_DEFAULT_WORKERS);
 * await numgrad.dispose();
 * ```
 */
export const MAX_DEFAULT_WORKERS = 8;

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
function checkParams(params: TwoLayerParams, out: TwoLayerParams): CoreParams {
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
function gatherBatch(
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

let sharedWorkspace: Workspace | undefined;

/**
 * The numerical gradient of the two-layer net's mean cross-entropy on a
 * batch, in this thread: bit for bit what
 * {@linkcode TwoLayerNet.numericalGradient} gives on the same rows (central
 * differences with h = {@linkcode H}, each entry of W1, b1, W2, b2 perturbed
 * by ±h in turn), computed from one cached forward pass (see the module doc).
 * About 0.25 s for the book's 784-50-10 net and a batch of 100 MNIST images,
 * where the naive method takes about 12 minutes.
 *
 * @param params The net's parameters (W1 `D × Hn`, finite; b1 `Hn`; W2 `Hn × K`; b2 `K`); read, never changed.
 * @param data Inputs as sparse rows with their labels (e.g. from `toSparseData`).
 * @param rowIds Which rows of `data` form the batch, in order.
 * @param count How many of `rowIds` to use (the batch size, at least 1).
 * @param out Gradient arrays shaped like `params` (overwritten; must not share memory with them).
 * @returns `out`.
 * @throws {TypeError} When shapes disagree or `out` shares memory with `params`.
 * @throws {RangeError} When `count`, a row id or a label is out of range, or W1 is not finite.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { fastNumericalGradient } from "./fast_numerical_gradient.ts";
 * import { fromRows } from "../core/matrix.ts";
 * import { RandomState } from "../core/random.ts";
 * import { toSparseRows } from "../core/sparse_rows.ts";
 * import { TwoLayerNet, zeroParamsLike } from "../nets/two_layer_net.ts";
 * const net = new TwoLayerNet(3, 2, 2, { rng: new RandomState(0), weightInitStd: 1 });
 * const x = fromRows([[0, 0.5, 1], [1, 0, 0]]);
 * const labels = new Uint8Array([1, 0]);
 * const g = fastNumericalGradient(net.params, { x: toSparseRows(x), labels }, [0, 1], 2, zeroParamsLike(net.params));
 * assert.deepStrictEqual(g, net.numericalGradient(x, labels)); // the very same bits
 * ```
 */
export function fastNumericalGradient(
  params: TwoLayerParams,
  data: SparseData,
  rowIds: ArrayLike<number>,
  count: number,
  out: TwoLayerParams,
): TwoLayerParams {
  const p = checkParams(params, out);
  const b = gatherBatch(data, rowIds, count, p.D, p.K);
  sharedWorkspace = gradientShard(sharedWorkspace, p, b, 0, 1, {
    W1: out.W1.data,
    b1: out.b1,
    W2: out.W2.data,
    b2: out.b2,
  });
  return out;
}

/** Options of {@linkcode makeFastNumericalGradient}. */
export interface FastNumericalGradientOptions {
  /**
   * Workers to share the work (default: one per core, `navigator.hardwareConcurrency`,
   * at most {@linkcode MAX_DEFAULT_WORKERS}); 0 computes in the calling
   * thread. The result is the same for any number.
   */
  readonly workers?: number;
}

/** A fast numerical gradient that may run in Workers: see {@linkcode makeFastNumericalGradient}. */
export interface FastNumericalGradient {
  /** How many workers share the work (0: the calling thread does it). */
  readonly workers: number;
  /**
   * {@linkcode fastNumericalGradient}, shared among the workers: resolves once
   * `out` holds the gradient. Checks its arguments before starting.
   */
  gradient(
    params: TwoLayerParams,
    data: SparseData,
    rowIds: ArrayLike<number>,
    count: number,
    out: TwoLayerParams,
  ): Promise<TwoLayerParams>;
  /** Stops the workers; pending and later calls reject. */
  dispose(): Promise<void>;
}

/**
 * Makes a fast numerical gradient whose work is shared among Workers (see
 * {@linkcode fastNumericalGradient} for what it computes). Each call sends the
 * parameters and the batch's rows — a few hundred kilobytes — to every worker;
 * each computes the entries of its hidden units (and output units, for b2) and
 * sends them back. The data set itself never leaves the calling thread. The
 * workers run from source text, so they need no permissions; `dispose()`
 * stops them (until then they keep the process alive).
 *
 * @param options `workers` (default: one per core, at most {@linkcode MAX_DEFAULT_WORKERS}).
 * @returns The gradient and `dispose`.
 * @throws {RangeError} When `workers` is not a non-negative integer.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { makeFastNumericalGradient } from "./fast_numerical_gradient.ts";
 * import { fromRows } from "../core/matrix.ts";
 * import { RandomState } from "../core/random.ts";
 * import { toSparseRows } from "../core/sparse_rows.ts";
 * import { TwoLayerNet, zeroParamsLike } from "../nets/two_layer_net.ts";
 * const net = new TwoLayerNet(3, 2, 2, { rng: new RandomState(0), weightInitStd: 1 });
 * const x = fromRows([[0, 0.5, 1], [1, 0, 0]]);
 * const labels = new Uint8Array([1, 0]);
 * const numgrad = makeFastNumericalGradient({ workers: 2 });
 * try {
 *   const g = await numgrad.gradient(net.params, { x: toSparseRows(x), labels }, [0, 1], 2, zeroParamsLike(net.params));
 *   assert.deepStrictEqual(g, net.numericalGradient(x, labels));
 * } finally {
 *   await numgrad.dispose();
 * }
 * ```
 */
export function makeFastNumericalGradient(
  options: FastNumericalGradientOptions = {},
): FastNumericalGradient {
  const { workers = Math.min(navigator.hardwareConcurrency, MAX_DEFAULT_WORKERS) } = options;
  if (!Number.isInteger(workers) || workers < 0) {
    throw new RangeError(
      `Cannot make a numerical gradient as workers must be a non-negative integer: workers=${workers}`,
    );
  }
  let disposed = false;
  const disposedError = () => new Error(`Cannot ${ACTION} as the numerical gradient was disposed`);
  if (workers === 0) {
    let ws: Workspace | undefined;
    return {
      workers,
      gradient(params, data, rowIds, count, out) {
        try {
          if (disposed) throw disposedError();
          const p = checkParams(params, out);
          const b = gatherBatch(data, rowIds, count, p.D, p.K);
          ws = gradientShard(ws, p, b, 0, 1, {
            W1: out.W1.data,
            b1: out.b1,
            W2: out.W2.data,
            b2: out.b2,
          });
          return Promise.resolve(out);
        } catch (error) {
          return Promise.reject(error);
        }
      },
      dispose() {
        disposed = true;
        ws = undefined;
        return Promise.resolve();
      },
    };
  }
  const source = coreSource();
  const module = numgradModule();
  const pending = new Map<number, (reply: NumgradReply | Error) => void>();
  /** Set when a worker dies: every call after that rejects with it. */
  let broken: Error | undefined;
  const failAll = (error: Error) => {
    for (const settle of pending.values()) settle(error);
    pending.clear();
  };
  const crew = Array.from({ length: workers }, (_, w) =>
    startNumgradWorker(source, module, {
      onReply: (reply) => pending.get(reply.id)?.(reply),
      onError: (message) => {
        broken ??= new Error(
          `Cannot ${ACTION} as numerical gradient worker ${w} failed: ${message}`,
        );
        failAll(broken);
      },
    }));
  let nextId = 0;
  const ask = (request: NumgradRequest, worker: Worker) =>
    new Promise<CoreGrads>((resolve, reject) => {
      pending.set(request.id, (reply) => {
        pending.delete(request.id);
        if (reply instanceof Error) reject(reply);
        else if (reply.error !== undefined) reject(reviveError(reply.error));
        else resolve(reply.grads!);
      });
      worker.postMessage(request);
    });
  return {
    workers,
    async gradient(params, data, rowIds, count, out) {
      if (disposed) throw disposedError();
      if (broken) throw broken;
      const p = checkParams(params, out);
      const b = gatherBatch(data, rowIds, count, p.D, p.K);
      const shards = Math.min(workers, Math.max(p.Hn, p.K));
      const grads = await Promise.all(
        crew.slice(0, shards).map((worker, shard) =>
          ask({ id: nextId++, params: p, batch: b, shard, shards }, worker)
        ),
      );
      // Each shard's entries (as gradientShard deals them out), copied into out.
      grads.forEach((g, shard) => {
        for (let j = shard; j < p.Hn; j += shards) {
          for (let i = 0; i < p.D; i++) out.W1.data[i * p.Hn + j] = g.W1[i * p.Hn + j];
          out.b1[j] = g.b1[j];
          for (let k = 0; k < p.K; k++) out.W2.data[j * p.K + k] = g.W2[j * p.K + k];
        }
        for (let k = shard; k < p.K; k += shards) out.b2[k] = g.b2[k];
      });
      return out;
    },
    dispose() {
      if (!disposed) {
        disposed = true;
        for (const worker of crew) worker.terminate();
        failAll(disposedError());
      }
      return Promise.resolve();
    },
  };
}

function reviveError(e: { name: string; message: string }): Error {
  if (e.name === "TypeError") return new TypeError(e.message);
  if (e.name === "RangeError") return new RangeError(e.message);
  return new Error(`Cannot ${ACTION} as a worker threw ${e.name}: ${e.message}`);
}
