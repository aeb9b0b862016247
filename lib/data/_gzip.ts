// Gzip'd data files (private: not re-exported): a file is gzip when it starts with the magic
// bytes 1f 8b, whatever it is called; the IDX and CSV parsers and the checksum check read
// through here.

import { gunzipSync } from "node:zlib";
import { MnistFormatError } from "./errors.ts";

/** Whether `bytes` start with the gzip magic `1f 8b`. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** How many leading bytes a message about a file that is not gzip shows. */
const SHOWN_BYTES = 8;

/** Up to the first 8 bytes as hex, with their text when all of them are printable ASCII. */
function firstBytes(bytes: Uint8Array): string {
  const head = bytes.subarray(0, SHOWN_BYTES);
  const hex = Array.from(head, (b) => b.toString(16).padStart(2, "0")).join(" ");
  const printable = head.every((b) => b >= 0x20 && b <= 0x7e);
  return printable ? `${hex} (${JSON.stringify(new TextDecoder().decode(head))})` : hex;
}

/**
 * Throws a {@linkcode MnistFormatError} (beginning `Cannot <action> as`) for a file whose name
 * ends in `.gz` that is neither gzip (magic `1f 8b`) nor, by `looksRaw`, the uncompressed
 * format (a decompressed file saved under the `.gz` name still reads), showing its first bytes.
 */
export function checkGzipName(
  bytes: Uint8Array,
  action: string,
  file: string,
  looksRaw: (bytes: Uint8Array) => boolean,
): void {
  if (!file.endsWith(".gz") || isGzip(bytes) || looksRaw(bytes)) return;
  const html = bytes[0] === 0x3c
    ? "; it looks like an HTML page, not data: get the file again"
    : "";
  throw new MnistFormatError(
    `Cannot ${action} as a file named .gz must start with the gzip magic bytes 1f 8b: ` +
      `file=${file}, got ${firstBytes(bytes)} (not a gzip file${html})`,
    file,
  );
}

/** Most a deflate stream expands (about 1032:1), to cap the output buffer hint. */
const DEFLATE_MAX_RATIO = 1100;

/** The error for a gzip stream zlib refused: truncated, failing its checks, or corrupt. */
function gzipError(action: string, file: string, size: number, error: unknown): MnistFormatError {
  const { code, message } = error as { code?: string; message?: string };
  const again = "get the file again";
  const text = code === "Z_BUF_ERROR"
    ? `a gzip file must be complete: file=${file}, got ${size} bytes that end mid-stream ` +
      `(truncated; ${again})`
    : /^incorrect (data|length) check$/.test(message ?? "")
    ? `a gzip file's contents must match its CRC-32 and length: file=${file}, they do not ` +
      `(corrupt, zlib: ${message}; ${again})`
    : `a gzip file must hold valid compressed data: file=${file}, zlib: ${message ?? error} ` +
      `(corrupt; ${again})`;
  return new MnistFormatError(`Cannot ${action} as ${text}`, file);
}

/**
 * Decompresses a gzip stream, or throws a {@linkcode MnistFormatError} that begins
 * `Cannot <action> as`, names `file` and says whether it is truncated or corrupt.
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
    throw gzipError(action, file, n, error);
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
 * `Uint8Array` (see {@linkcode checkGzipName} for one named `.gz`), gunzipped when gzip'd, and
 * then non-empty.
 */
export function decode(
  input: Uint8Array,
  what: string,
  file: string,
  looksRaw: (bytes: Uint8Array) => boolean,
): Decoded {
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
  checkGzipName(input, `read ${what}`, file, looksRaw);
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
