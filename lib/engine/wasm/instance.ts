/**
 * The WebAssembly kernels (`kernels.wat`) instantiated on a shared memory,
 * with a bump allocator and typed views. Private to the library: the engine
 * in `lib/train/trainer.ts` and the evaluation workers use it; tests hold its
 * kernels to the bits of the TypeScript reference kernels.
 *
 * @module
 */

import { kernelsWasmBytes } from "./kernels_wasm.ts";

/**
 * The batch's column lists of a range of W1 rows (`batch_columns`) and dz1:
 * counts, cscOff, cscVal (pointers), cols, cap, d (dz1's pointer), h.
 */
type ColumnLists = [
  counts: number,
  cscOff: number,
  cscVal: number,
  cols: number,
  cap: number,
  d: number,
  h: number,
];

/** The kernels' exports (see `kernels.wat` for what each computes). Pointers are byte offsets. */
export interface KernelExports {
  sparse_affine(
    rowStart: number,
    index: number,
    value: number,
    ids: number,
    first: number,
    count: number,
    w: number,
    b: number,
    h: number,
    out: number,
  ): void;
  dense_affine(a: number, n: number, k: number, w: number, m: number, b: number, out: number): void;
  transpose_a_mul(a: number, n: number, k: number, d: number, m: number, out: number): void;
  batch_columns(
    lo: number,
    hi: number,
    stride: number,
    index: number,
    value: number,
    ids: number,
    count: number,
    colLo: number,
    cols: number,
    h: number,
    counts: number,
    cscOff: number,
    cscVal: number,
    cap: number,
  ): void;
  /** gW1 rows of the column lists (`columns`: counts, cscOff, cscVal, cols, cap, d, h) into `out`. */
  columns_transpose_mul(...args: [...columns: ColumnLists, out: number]): void;
  /** W1 rows −= lr · gW1 rows, from the column lists; 1 when the updated rows are finite. */
  columns_update(...args: [...columns: ColumnLists, w: number, lr: number]): number;
  sum_rows(a: number, n: number, k: number, out: number): void;
  output_grad(y: number, labels: number, rows: number, m: number, n: number, dy: number): void;
  sigmoid_grad_mul(z: number, d: number, len: number, out: number): number;
  sub_scaled(p: number, g: number, len: number, lr: number): number;
  transpose(src: number, rows: number, cols: number, dst: number): void;
  sigmoid(a: number, len: number, out: number): void;
  pairwise_sum(p: number, n: number): number;
  softmax_rows(a: number, n: number, m: number, out: number): void;
  count_correct(y: number, labels: number, n: number, m: number): number;
  count_correct_scores(a: number, labels: number, n: number, m: number, scratch: number): number;
  init_exp_table(ptr: number): void;
  set_exp_table(ptr: number): void;
  exp_all(a: number, len: number, out: number): void;
}

/** Bytes of the exp table (`init_exp_table`). */
export const EXP_TABLE_BYTES = 4096;

/** Bytes per WebAssembly page. */
export const PAGE = 65536;
/** Pages the memory may grow to (kernels.wat: 2 GiB). */
export const MAX_PAGES = 32768;
/** Allocations start here, so that 0 can mean "none" in kernel arguments. */
const FIRST_OFFSET = 64;
/** Every allocation is aligned to 16 bytes (v128 loads of aligned rows). */
const ALIGN = 16;

let compiled: WebAssembly.Module | undefined;

/** The compiled module, compiled once per thread. */
export function kernelsModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(kernelsWasmBytes());
  return compiled;
}

/**
 * A new shared memory of at least `bytes` bytes for the kernels.
 *
 * @param bytes Bytes needed.
 * @returns The memory.
 * @throws {RangeError} When more than 2 GiB are needed.
 */
export function newKernelMemory(bytes: number): WebAssembly.Memory {
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  if (pages > MAX_PAGES) {
    throw new RangeError(
      `Cannot allocate the kernels' memory as it must fit in ${
        MAX_PAGES * PAGE
      } bytes: bytes=${bytes}`,
    );
  }
  return new WebAssembly.Memory({ initial: pages, maximum: MAX_PAGES, shared: true });
}

/**
 * The kernels on `memory` (which may be shared with other threads), using the
 * exp table at `expTable` ({@linkcode EXP_TABLE_BYTES} bytes, 16-byte
 * aligned), which this call fills when `fill` is true (once per memory).
 *
 * @param memory A memory from {@linkcode newKernelMemory}.
 * @param expTable Where the exp table is.
 * @param fill Whether to write the table there.
 * @returns The exports.
 */
export function instantiateKernels(
  memory: WebAssembly.Memory,
  expTable: number,
  fill: boolean,
): KernelExports {
  const instance = new WebAssembly.Instance(kernelsModule(), { env: { memory, exp: Math.exp } });
  const k = instance.exports as unknown as KernelExports;
  if (fill) k.init_exp_table(expTable);
  k.set_exp_table(expTable);
  return k;
}

/** Plans byte offsets for allocations, before the memory exists. */
export class Layout {
  #end: number;

  /** @param start The first offset (16-byte aligned; default 64, so that 0 means "none"). */
  constructor(start: number = FIRST_OFFSET) {
    this.#end = start;
  }

  /** Bytes used so far. */
  get size(): number {
    return this.#end;
  }

  /**
   * Reserves `count` elements of `bytesPer` bytes, 16-byte aligned.
   *
   * @param count Elements.
   * @param bytesPer Bytes per element (8 for f64, 4 for i32).
   * @returns The byte offset.
   */
  alloc(count: number, bytesPer: number): number {
    const ptr = this.#end;
    this.#end = Math.ceil((ptr + count * bytesPer) / ALIGN) * ALIGN;
    return ptr;
  }
}

/** A `Float64Array` over `count` f64 at byte offset `ptr` of `buffer`. */
export function f64View(buffer: ArrayBufferLike, ptr: number, count: number): Float64Array {
  return new Float64Array(buffer, ptr, count);
}

/** An `Int32Array` over `count` i32 at byte offset `ptr` of `buffer`. */
export function i32View(buffer: ArrayBufferLike, ptr: number, count: number): Int32Array {
  return new Int32Array(buffer, ptr, count);
}
