// Gzip'd data files (private: not re-exported): a file is gzip when it starts with the magic
// bytes 1f 8b, whatever it is called; the IDX and CSV parsers and the checksum check read
// through here.

import { gunzipSync } from "node:zlib";
import { MnistFormatError } from "./errors.ts";

/** Whether `bytes` start with the gzip magic `1f 8b`. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Most a deflate stream expands (about 1032:1), to cap the output buffer hint. */
const DEFLATE_MAX_RATIO = 1100;

/**
 * Decompresses a gzip stream, or throws a {@linkcode MnistFormatError} that begins
 * `Cannot <action> as` and names `file`.
 */
export function gunzip(bytes: Uint8Array, action: string, file: string): Uint8Array {
  // The gzip trailer's ISIZE (length mod 2^32) sizes the output buffer in one go, which makes
  // gunzipSync about 1.5x faster on the 47 MB training images; a corrupt trailer only costs speed.
  const n = bytes.length;
  const isize = n >= 4
    ? (bytes[n - 4] | bytes[n - 3] << 8 | bytes[n - 2] << 16 | bytes[n - 1] << 24) >>> 0
    : 0;
  const chunkSize = Math.max(1024, Math.min(isize + 1, DEFLATE_MAX_RATIO * n + 1024, 1 << 27));
  let out: Uint8Array;
  try {
    out = gunzipSync(bytes, { chunkSize });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MnistFormatError(
      `Cannot ${action} as the gzip stream must be valid: file=${file}, zlib: ${reason}`,
      file,
    );
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** A file's contents as a parser reads them, and whether they were gzip'd. */
export interface Decoded {
  /** The decompressed (or unchanged) bytes. */
  readonly bytes: Uint8Array;
  /** Whether the file was gzip'd (offsets in messages then count decompressed bytes). */
  readonly gz: boolean;
}

/**
 * The bytes a parser of `what` ("IDX images", "MNIST CSV") reads: checked to be a non-empty
 * `Uint8Array`, gunzipped when gzip'd, and then non-empty.
 */
export function decode(input: Uint8Array, what: string, file: string): Decoded {
  if (!(input instanceof Uint8Array)) {
    throw new TypeError(
      `Cannot read ${what} as the input must be a Uint8Array: file=${file}, got ${typeof input}`,
    );
  }
  if (input.length === 0) {
    throw new MnistFormatError(
      `Cannot read ${what} as the file must not be empty: file=${file}`,
      file,
    );
  }
  if (!isGzip(input)) return { bytes: input, gz: false };
  const bytes = gunzip(input, `read ${what}`, file);
  if (bytes.length === 0) {
    throw new MnistFormatError(
      `Cannot read ${what} as the decompressed data must not be empty: file=${file}`,
      file,
    );
  }
  return { bytes, gz: true };
}
