/**
 * SHA-256 digests of results files, as lowercase hex (what `sha256sum`
 * prints), with Web Crypto's `crypto.subtle.digest`.
 *
 * @module
 */

/**
 * The SHA-256 digest of `bytes`, as 64 lowercase hex digits.
 *
 * @param bytes The content.
 * @returns The digest in hex.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { sha256Hex } from "./sha256.ts";
 * assert.strictEqual(
 *   await sha256Hex(new TextEncoder().encode("abc")),
 *   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
 * );
 * ```
 */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  let hex = "";
  for (const byte of digest) hex += byte.toString(16).padStart(2, "0");
  return hex;
}
