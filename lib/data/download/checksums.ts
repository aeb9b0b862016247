/**
 * Checking data files against the shipped SHA-256 lists (`data/mnist.sha256`,
 * `data/fashion-mnist.sha256`): each digest is of a file's decompressed
 * contents, since the `.gz` wrappers differ between mirrors while the
 * contents do not.
 *
 * @module
 */

import { basename } from "node:path";
import { checkGzipName, gunzip, isGzip } from "../_gzip.ts";
import { MNIST_IDX_FILES, mnistDatasetName } from "../datasets.ts";
import { hasIdxMagic } from "../idx.ts";
import { MnistFormatError, MnistNotFoundError, MnistValueError } from "../errors.ts";
import type { MnistDataset } from "../types.ts";

/**
 * The checksum file shipped for a data set: `data/mnist.sha256` or `data/fashion-mnist.sha256`.
 *
 * @param dataset The data set.
 * @returns Its file URL.
 */
export function checksumsUrl(dataset: MnistDataset): URL {
  return new URL(`../../../data/${dataset}.sha256`, import.meta.url);
}

/**
 * Parses `sha256sum` output: `<64 hex digits>  <file name>` per line.
 *
 * @param text The file's text.
 * @param file Its name, for errors.
 * @param options `dataset`: whose checksums these are, named in messages.
 * @returns File name → lower-case hex digest.
 * @throws {MnistFormatError} For a line in another form.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseChecksums } from "./checksums.ts";
 * const hex = "0f".repeat(32);
 * assert.deepStrictEqual(parseChecksums(`${hex}  t10k-labels-idx1-ubyte\n`, "x.sha256"), new Map([["t10k-labels-idx1-ubyte", hex]]));
 * ```
 */
export function parseChecksums(
  text: string,
  file: string,
  options: { readonly dataset?: MnistDataset } = {},
): Map<string, string> {
  const what = options.dataset === undefined
    ? "checksums"
    : `${mnistDatasetName(options.dataset)} checksums`;
  const sums = new Map<string, string>();
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    if (line.trim() === "") return;
    const m = /^([0-9a-fA-F]{64}) [ *](\S+)$/.exec(line);
    if (!m) {
      throw new MnistFormatError(
        `Cannot read ${what} as every line must be "<sha256 hex>  <file name>": file=${file}, ` +
          `line ${i + 1}, got ${JSON.stringify(line.slice(0, 80))}`,
        file,
      );
    }
    sums.set(m[2], m[1].toLowerCase());
  });
  return sums;
}

/**
 * Reads a data set's expected checksums (one per IDX file name, without `.gz`).
 *
 * @param dataset The data set.
 * @param path The checksum file (default: {@linkcode checksumsUrl}).
 * @returns File name → hex digest, for all four IDX files.
 * @throws {MnistFormatError} When the file is malformed or lacks one of the four names.
 * @throws {MnistNotFoundError} When the file is not there.
 */
export async function readChecksums(
  dataset: MnistDataset,
  path: string | URL = checksumsUrl(dataset),
): Promise<Map<string, string>> {
  const shown = path instanceof URL ? `data/${basename(path.pathname)}` : path;
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    throw new MnistNotFoundError(
      `Cannot read ${mnistDatasetName(dataset)} checksums as the file must exist: file=${shown}`,
      shown,
    );
  }
  const sums = parseChecksums(text, shown, { dataset });
  for (const name of Object.values(MNIST_IDX_FILES)) {
    if (!sums.has(name)) {
      throw new MnistFormatError(
        `Cannot read ${mnistDatasetName(dataset)} checksums as every IDX file must have one: ` +
          `file=${shown}, missing ${name}`,
        shown,
      );
    }
  }
  return sums;
}

/**
 * SHA-256 of bytes as lower-case hex (WebCrypto).
 *
 * @param bytes The bytes.
 * @returns 64 hex digits.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { sha256Hex } from "./checksums.ts";
 * assert.strictEqual(
 *   await sha256Hex(new TextEncoder().encode("abc")),
 *   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
 * );
 * ```
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>),
  );
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The contents of a data file: gunzipped when it starts with the gzip magic `1f 8b`. A file
 * whose name ends in `.gz` must be gzip, or else an uncompressed IDX file (as when a download
 * was decompressed on the way).
 *
 * @param bytes The file's bytes.
 * @param file Its name or path (or URL), for errors.
 * @param options `dataset`: the data set the file belongs to, named in messages.
 * @returns The decompressed (or unchanged) bytes.
 * @throws {MnistFormatError} For an empty file, a `.gz` file that is not gzip, or a truncated
 * or corrupt gzip stream.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { gzipSync } from "node:zlib";
 * import { contentsOf } from "./checksums.ts";
 * const raw = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 1, 7]);
 * const options = { dataset: "mnist" } as const;
 * assert.deepStrictEqual(contentsOf(gzipSync(raw), "labels.gz", options), raw);
 * assert.deepStrictEqual(contentsOf(raw, "labels.gz", options), raw);
 * assert.throws(() => contentsOf(new TextEncoder().encode("<html>"), "labels.gz", options), {
 *   name: "MnistFormatError",
 * });
 * ```
 */
export function contentsOf(
  bytes: Uint8Array,
  file: string,
  options: { readonly dataset: MnistDataset },
): Uint8Array {
  const action = `verify ${mnistDatasetName(options.dataset)}`;
  if (bytes.length === 0) {
    throw new MnistFormatError(
      `Cannot ${action} as the file must not be empty: file=${file}`,
      file,
    );
  }
  checkGzipName(bytes, action, file, hasIdxMagic);
  return isGzip(bytes) ? gunzip(bytes, action, file) : bytes;
}

/** What {@linkcode verifyFile} checks a file against. */
export interface VerifyOptions {
  /** The data set the file belongs to, named in messages. */
  readonly dataset: MnistDataset;
  /** The expected hex digest of the decompressed contents. */
  readonly expected: string;
  /** Where `expected` comes from, for the message (e.g. `data/mnist.sha256`). */
  readonly sumsFile: string;
}

/**
 * Checks a data file (raw or gzip'd) against the expected SHA-256 of its decompressed contents.
 *
 * @param bytes The file's bytes.
 * @param file Its name or path (or URL), for errors.
 * @param options The data set, the expected digest and where it comes from.
 * @throws {MnistValueError} On a mismatch.
 * @throws {MnistFormatError} For an empty file, a `.gz` file that is not gzip, or a truncated
 * or corrupt gzip stream.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { verifyFile } from "./checksums.ts";
 * const expected = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"; // of ""
 * const options = { dataset: "mnist", expected, sumsFile: "s" } as const;
 * await assert.rejects(verifyFile(new Uint8Array([1]), "x", options), {
 *   name: "MnistValueError",
 * });
 * ```
 */
export async function verifyFile(
  bytes: Uint8Array,
  file: string,
  options: VerifyOptions,
): Promise<void> {
  const { dataset, expected, sumsFile } = options;
  const got = await sha256Hex(contentsOf(bytes, file, options));
  if (got !== expected) {
    throw new MnistValueError(
      `Cannot verify ${
        mnistDatasetName(dataset)
      } as the SHA-256 of the decompressed contents must match ${sumsFile}: ` +
        `file=${file}, expected ${expected}, got ${got}`,
      file,
    );
  }
}
