/**
 * The fast numerical gradient's plain-data types: parameters, a batch and
 * gradients as flat arrays (what is posted to a worker), the request and
 * reply of a worker, and the WebAssembly chains' exports.
 *
 * @module
 */

/** The parameters as flat arrays with their sizes (inputs D, hidden Hn, outputs K). */
export interface NumgradParams {
  readonly D: number;
  readonly Hn: number;
  readonly K: number;
  /** `D × Hn`, row-major. */
  readonly W1: Float64Array;
  readonly b1: Float64Array;
  /** `Hn × K`, row-major. */
  readonly W2: Float64Array;
  readonly b2: Float64Array;
}

/** A batch's rows, compressed (row n's nonzeros at [rowStart[n], rowStart[n + 1])), and labels. */
export interface NumgradBatch {
  readonly N: number;
  readonly rowStart: Int32Array;
  readonly index: Int32Array;
  readonly value: Float64Array;
  readonly labels: Int32Array;
}

/** Gradient arrays, flat, shaped like {@linkcode NumgradParams}. */
export interface NumgradGrads {
  readonly W1: Float64Array;
  readonly b1: Float64Array;
  readonly W2: Float64Array;
  readonly b2: Float64Array;
}

/**
 * A request: this batch's entries, of the units the worker takes from
 * `counter` (one Int32 over a SharedArrayBuffer, shared by the call's
 * workers: `Atomics.add(counter, 0, 1)` takes the next unit, see `NextUnit`
 * in `entries.ts`).
 */
export interface NumgradRequest {
  readonly id: number;
  readonly params: NumgradParams;
  readonly batch: NumgradBatch;
  readonly counter: Int32Array;
}

/** A reply: the units the worker took and their entries (the others are zero), or the error met. */
export interface NumgradReply {
  readonly id: number;
  readonly grads?: NumgradGrads;
  readonly units?: Int32Array;
  readonly error?: { readonly name: string; readonly message: string };
}

/** What `numgrad.wat` exports. Pointers are byte offsets into `memory`. */
export interface NumgradKernels {
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
  column_losses(
    pairs: number,
    terms: number,
    tP: number,
    tM: number,
    colStart: number,
    colRow: number,
    colPos: number,
    D: number,
    N: number,
    L0: number,
    twoH: number,
    out: number,
  ): void;
  w2_rows(
    S2: number,
    Q: number,
    z1: number,
    b2: number,
    a2: number,
    wP: number,
    wM: number,
    j: number,
    k: number,
    N: number,
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
  pair_probs(
    a: number,
    count: number,
    K: number,
    lab: number,
    labStride: number,
    delta: number,
    ref: number,
    refStride: number,
    out: number,
  ): void;
  exp_refs(x: number, count: number, out: number): void;
  near_logs(p: number, count: number, ref: number, refStride: number, out: number): void;
  exp_near(q: number, ref: number, K: number): void;
  sigmoid(a: number, len: number, out: number): void;
  init_exp_table(ptr: number): void;
  set_exp_table(ptr: number): void;
}
