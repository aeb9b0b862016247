/**
 * How the main thread and the engine's shards talk. Each shard (the main
 * thread is shard 0, workers are shards 1, 2, …) has a mailbox of
 * {@linkcode MAILBOX_INTS} i32 slots in the control block of the shared
 * memory: the main thread writes a command and bumps the mailbox's sequence
 * number, the shard does its part and acknowledges by storing that number in
 * `DONE`; Atomics order the plain memory accesses around these hand-overs.
 * `crew.ts` writes commands, `shard.ts` reads them; both import these names.
 *
 * @module
 */

/** What a shard is told to do. */
export const Phase = {
  /** Leave the command loop (workers). */
  Quit: 0,
  /** Batch rows: forward and backward to dz1; batch columns of its W1 rows. */
  Forward: 1,
  /** Its W1 rows: xᵀ·dz1 (or the fused W1 update); shard 0 also the small gradients. */
  Columns: 2,
  /** Batch rows: forward to y (for the loss). */
  Predict: 3,
  /** Rows of both sets: count correct predictions with the snapshot parameters. */
  Evaluate: 4,
} as const;

/** i32 slots per mailbox (64 bytes: one cache line each, so shards do not share lines). */
export const MAILBOX_INTS = 16;

/** The mailbox's i32 slots. */
export const SEQ = 0, PHASE = 1, COUNT = 2, PART = 4, PARTS = 5, FUSED = 6, DONE = 7;
/** The shard's answer: status, counts (train, test) and flags (1: finite). */
export const STATUS = 8, RESULT = 9, FLAGS = 10, RESULT2 = 11;
/** The learning rate, an f64 at f64 index 6 of the mailbox (bytes 48–55). */
export const LR_F64 = 6;

/** Status values. */
export const OK = 0, FAILED = 1;

/** Bytes of error text per shard. */
export const ERROR_BYTES = 1024;

/**
 * A worker busy-waits this long for its next command before sleeping: the
 * main thread's gaps between step commands are a few microseconds, while
 * waking a sleeping thread takes tens to hundreds.
 */
export const SPIN_MS = 0.5;
/** Polls between clock readings while busy-waiting. */
export const POLLS = 256;
/** Longest wait for a worker's part before declaring it lost. */
export const WORKER_TIMEOUT_MS = 600_000;

/**
 * Where part `part` of `parts` begins in `rows` rows (parts differ by at most one row).
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { rowSplit } from "./protocol.ts";
 * assert.deepStrictEqual([0, 1, 2, 3].map((p) => rowSplit(10, p, 3)), [0, 3, 6, 10]);
 * ```
 */
export function rowSplit(rows: number, part: number, parts: number): number {
  return Math.floor((rows * part) / parts);
}

/** Writes a shard's error message into its slot of the error block at byte `errors`. */
export function writeError(
  memory: WebAssembly.Memory,
  errors: number,
  index: number,
  error: unknown,
): void {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const bytes = new TextEncoder().encode(text).subarray(0, ERROR_BYTES - 4);
  const base = errors + index * ERROR_BYTES;
  new DataView(memory.buffer).setInt32(base, bytes.length, true);
  new Uint8Array(memory.buffer, base + 4, bytes.length).set(bytes);
}

/** Reads the message {@linkcode writeError} left for shard `index`. */
export function readError(memory: WebAssembly.Memory, errors: number, index: number): string {
  const base = errors + index * ERROR_BYTES;
  const length = new DataView(memory.buffer).getInt32(base, true);
  return new TextDecoder().decode(new Uint8Array(memory.buffer, base + 4, length).slice());
}

/** A shard's acknowledgement: `DONE = seq`, waking a main thread that sleeps on it. */
export function acknowledgeDone(ctl: Int32Array, seq: number): void {
  Atomics.store(ctl, DONE, seq);
  Atomics.notify(ctl, DONE);
}
