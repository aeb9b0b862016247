/**
 * Getting MNIST or Fashion-MNIST onto disk, verified (the book's `_download`
 * in `dataset/mnist.py`, §3.6.1, plus checksums): download from the mirrors or
 * copy from a local folder, check the SHA-256 of each file's decompressed
 * contents against `data/<dataset>.sha256`, and move it into place
 * atomically. Used by `data/download.ts` (`deno task data:mnist`).
 *
 * A separate entry point (`@dlfs/deno/data/download`), not re-exported by
 * `lib/data/mod.ts` or the top-level `mod.ts`: loading data never needs it.
 *
 * Files (tests in `tests/data/download/`):
 * - `checksums.ts`: the shipped SHA-256 lists, `sha256Hex` and `verifyFile` (`checksums_test.ts`);
 * - `fetch.ts`: the standard mirrors and `fetchBytes`, with stall timeout (`install_test.ts`);
 * - `install.ts`: `installMnist`, which keeps, copies or downloads each file (`install_test.ts`).
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { readChecksums, sha256Hex } from "./mod.ts";
 * const sums = await readChecksums("mnist");
 * assert.strictEqual(sums.get("t10k-labels-idx1-ubyte")?.length, 64);
 * assert.strictEqual((await sha256Hex(new Uint8Array(0))).slice(0, 8), "e3b0c442");
 * ```
 *
 * @module
 */

export * from "./checksums.ts";
export * from "./fetch.ts";
export * from "./install.ts";
