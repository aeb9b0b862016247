/**
 * The buffers of one thread's fast numerical gradient, allocated for a batch
 * size and reused from call to call: the arrays the WebAssembly chains read
 * live in the kernels' own memory, the rest are typed arrays.
 *
 * @module
 */

import { EXP_TABLE_BYTES } from "../wasm/instance.ts";
import type { NumgradKernels } from "./types.ts";

/** Bytes per WebAssembly page. */
const WASM_PAGE = 65536;
/** Where the exp table of `numgrad.wat` (its copy of `exp.wat`) is: byte 16. */
const EXP_TABLE = 16;

/** Sizes a workspace is made for. */
export interface Dims {
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
 * those (aoB), the dedupe map (i32, mapB) and hash table (tableB), the labels
 * (i32, labB) and probabilities (probB) of `pair_probs`, the unperturbed
 * rows' exp arguments (argB) and their 40-byte exp records (refB, see
 * `exp_refs` in numgrad.wat) and their 48-byte log records (logB, see
 * `log_refs.ts`); what `column_losses` reads: the terms with W1
 * perturbed (termP/termM at tPB/tMB), the unperturbed terms (termsB), a pair
 * scratch row (pairB), the column lists (i32 at colStartB, colRowB,
 * colPosB), and its output column (gcolB); z1 and a2 (z1B, a2B) for
 * `w2_rows`; the exp table first.
 */
export interface Workspace {
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
  readonly labB: number;
  readonly probB: number;
  readonly argB: number;
  readonly refB: number;
  readonly logB: number;
  readonly tableB: number;
  readonly tableBits: number;
  readonly a1sum: Float64Array;
  readonly z1: Float64Array;
  readonly a2sum: Float64Array;
  readonly a2: Float64Array;
  readonly rowMax: Float64Array;
  readonly rowExp: Float64Array;
  readonly terms: Float64Array;
  readonly tP: Float64Array;
  readonly tM: Float64Array;
  readonly colStart: Int32Array;
  readonly colFill: Int32Array;
  readonly colRow: Int32Array;
  readonly colPos: Int32Array;
  readonly termP: Float64Array;
  readonly termM: Float64Array;
  readonly tPB: number;
  readonly tMB: number;
  readonly termsB: number;
  readonly pairB: number;
  readonly colStartB: number;
  readonly colRowB: number;
  readonly colPosB: number;
  readonly gcolB: number;
  readonly z1B: number;
  readonly a2B: number;
  readonly uterm: Float64Array;
  readonly e: Float64Array;
  /** The dedupe table's generation: slots stamped otherwise are empty. */
  gen: number;
}

/** A workspace for `need`, reusing `ws` when it is large enough. */
export function workspaceFor(
  ws: Workspace | undefined,
  need: Dims,
  module: WebAssembly.Module,
): Workspace {
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
  // f64 elements; each array starts 16-byte aligned, none at 0; the exp table at byte 16
  let at = 2 + EXP_TABLE_BYTES / 8;
  const take = (count: number): number => {
    const b = at;
    at += count + (count & 1);
    return b;
  };
  const vB = take(nnz), wB = take(nnz), prefB = take(nnz), prodB = take(nnz);
  const S2B = take(N * K * Hn), QB = take(N * K * Hn), W2B = take(Hn * K), b2B = take(K);
  const zB = take(rowsPer), uB = take(rowsPer + 2), aoB = take((rowsPer + 2) * K);
  const mapB = take(rowsPer / 2 + 1); // i32
  const labB = take((N >> 1) + 1), probB = take(rowsPer + 2); // i32 (a pair's label), f64
  const argB = take(N * K), refB = take(N * K * 5), logB = take(N * 6);
  // W1's batch losses (kernel column_losses): the perturbed terms, the unperturbed ones, a pair
  // scratch row, the column lists (i32) and one column of the gradient
  const tPB = take(nnz), tMB = take(nnz), termsB = take(N), pairB = take(2 * N);
  const colStartB = take((D + 2) >> 1),
    colRowB = take((nnz + 1) >> 1),
    colPosB = take((nnz + 1) >> 1);
  const gcolB = take(D);
  const z1B = take(N * Hn), a2B = take(N * K); // read by w2_rows
  let tableBits = 4;
  while (1 << tableBits < 2 * rowsPer) tableBits++; // at most half full
  const tableB = take(2 << tableBits); // 16-byte slots
  let kernels = ws?.kernels;
  if (!kernels) {
    const imports = { env: { exp: Math.exp, log: Math.log } };
    kernels = new WebAssembly.Instance(module, imports).exports as unknown as NumgradKernels;
    kernels.init_exp_table(EXP_TABLE);
    kernels.set_exp_table(EXP_TABLE);
  }
  const pages = Math.ceil((at * 8) / WASM_PAGE) - kernels.memory.buffer.byteLength / WASM_PAGE;
  if (pages > 0) kernels.memory.grow(pages);
  const buffer = kernels.memory.buffer;
  const F = new Float64Array(buffer);
  F.fill(0, tableB, tableB + (2 << tableBits)); // no slot stamped with a generation to come
  const i32 = (b: number, count: number) => new Int32Array(buffer, 8 * b, count);
  return {
    dims: d,
    kernels,
    F,
    I32: new Int32Array(buffer),
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
    labB,
    probB,
    argB,
    refB,
    logB,
    tableB,
    tableBits,
    a1sum: new Float64Array(N * Hn),
    z1: F.subarray(z1B, z1B + N * Hn),
    a2sum: new Float64Array(N * K),
    a2: F.subarray(a2B, a2B + N * K),
    rowMax: new Float64Array(N),
    rowExp: new Float64Array(N * K),
    terms: F.subarray(termsB, termsB + N),
    tP: new Float64Array(N),
    tM: new Float64Array(N),
    colStart: i32(colStartB, D + 1),
    colFill: new Int32Array(D),
    colRow: i32(colRowB, nnz),
    colPos: i32(colPosB, nnz),
    termP: F.subarray(tPB, tPB + nnz),
    termM: F.subarray(tMB, tMB + nnz),
    tPB,
    tMB,
    termsB,
    pairB,
    colStartB,
    colRowB,
    colPosB,
    gcolB,
    z1B,
    a2B,
    uterm: new Float64Array(rowsPer + 2),
    e: new Float64Array(K),
    gen: 0,
  };
}
