/**
 * The shared WebAssembly memory in which data sets' sparse rows live, so that
 * training engines work on them where they are: `toSparseData` and
 * `toTrainData` (`train_data.ts`) build the rows in such a memory (both sets
 * of a `TrainData` in one), and each engine on them takes a region of the
 * same memory for its parameters and buffers. No engine copies the data (for
 * MNIST that was 126 MB of freshly faulted memory per engine, 0.4–1.4 s).
 *
 * A disposed engine gives its region back; the next engine that fits reuses
 * it, but only once every worker of the old one has acknowledged its Quit (a
 * background evaluation may still be writing into it until then). So a run
 * of engines, one after the other, uses one region; the memory grows only to
 * the largest number of engines alive at once, and lives as long as its data
 * sets (and the workers of their engines).
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";
import { type SparseRows, toSparseRows } from "../core/sparse_rows.ts";
import { MAX_PAGES, PAGE } from "./wasm/instance.ts";

/** Where a data set's sparse rows are in its memory (byte offsets). */
export interface PlacedRows {
  /** `rows + 1` i32 row starts. */
  readonly rowStart: number;
  /** i32 column of each nonzero. */
  readonly index: number;
  /** f64 value of each nonzero. */
  readonly value: number;
}

/** An engine's region: in use, or given back and free once `quiet()` holds. */
interface Region {
  readonly start: number;
  readonly bytes: number;
  /** null while an engine uses it. */
  quiet: (() => boolean) | null;
}

/** Allocations start at this byte, so that 0 can mean "none" in kernel arguments. */
const FIRST_OFFSET = 64;
/** Every allocation is 16-byte aligned (v128 loads). */
const ALIGN = 16;

/** A shared memory of data sets' sparse rows and the regions of the engines on them. */
export class DataMemory {
  /** The memory (shared: the engines' workers use it too). */
  readonly memory: WebAssembly.Memory = new WebAssembly.Memory({
    initial: 1,
    maximum: MAX_PAGES,
    shared: true,
  });
  #end = FIRST_OFFSET;
  readonly #regions: Region[] = [];

  /** Reserves `bytes` at the end, growing the memory; returns the byte offset. */
  #take(bytes: number): number {
    const start = this.#end, end = Math.ceil((start + bytes) / ALIGN) * ALIGN;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      if (have / PAGE + pages > MAX_PAGES) {
        throw new RangeError(
          `Cannot allocate the data's memory as it must fit in ${MAX_PAGES * PAGE} bytes: ` +
            `bytes=${end}`,
        );
      }
      this.memory.grow(pages);
    }
    this.#end = end;
    return start;
  }

  /**
   * Sparse rows of `m` built in this memory.
   *
   * @param m Dense matrix.
   * @returns Its sparse rows, views of this memory; {@linkcode placementOf} finds them.
   */
  sparseRows(m: Matrix): SparseRows {
    let placed: PlacedRows | undefined;
    const x = toSparseRows(m, (rows, nnz) => {
      const rowStart = this.#take(4 * (rows + 1)), index = this.#take(4 * nnz);
      placed = { rowStart, index, value: this.#take(8 * nnz) };
      const buf = this.memory.buffer;
      return {
        rowStart: new Int32Array(buf, placed.rowStart, rows + 1),
        index: new Int32Array(buf, placed.index, nnz),
        value: new Float64Array(buf, placed.value, nnz),
      };
    });
    placements.set(x, { data: this, rows: placed! });
    return x;
  }

  /**
   * A region of at least `bytes` bytes for an engine, zeroed: a given-back
   * one that is quiet and large enough, else a new one at the end.
   *
   * @param bytes Bytes needed.
   * @returns Its first byte (16-byte aligned).
   * @throws {RangeError} When the memory would exceed its maximum.
   */
  reserve(bytes: number): number {
    for (const r of this.#regions) {
      if (r.quiet && r.bytes >= bytes && r.quiet()) {
        r.quiet = null;
        new Uint8Array(this.memory.buffer, r.start, r.bytes).fill(0);
        return r.start;
      }
    }
    const start = this.#take(bytes);
    this.#regions.push({ start, bytes: this.#end - start, quiet: null });
    return start;
  }

  /**
   * Gives back the region at `start`; it is reused once `quiet()` returns true.
   *
   * @param start From {@linkcode DataMemory.reserve}.
   * @param quiet Whether nothing writes into the region any more.
   */
  release(start: number, quiet: () => boolean): void {
    const r = this.#regions.find((r) => r.start === start);
    if (r) r.quiet = quiet;
  }

  /** Bytes of given-back regions that nothing writes into any more (the next engines reuse them). */
  get reusable(): number {
    let bytes = 0;
    for (const r of this.#regions) if (r.quiet?.()) bytes += r.bytes;
    return bytes;
  }

  /** Bytes in use or reserved (data and regions). */
  get size(): number {
    return this.#end;
  }
}

const placements = new WeakMap<SparseRows, { data: DataMemory; rows: PlacedRows }>();

/**
 * The memory a set's sparse rows were built in by {@linkcode DataMemory.sparseRows}, and where.
 *
 * @param x Sparse rows.
 * @returns The memory and the offsets, or undefined for rows built elsewhere.
 */
export function placementOf(x: SparseRows): { data: DataMemory; rows: PlacedRows } | undefined {
  return placements.get(x);
}
