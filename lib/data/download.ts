/**
 * Getting MNIST onto disk, verified (the book's `_download` in `dataset/mnist.py`,
 * §3.6.1, plus checksums): download from mirrors or copy from a local folder, check the SHA-256 of each file's decompressed contents against
 * `data/<dataset>.sha256`, and move it into place atomically. Used by
 * `data/download.ts` (`deno task data:mnist`). Private: not re-exported.
 *
 * @module
 */

import { basename, join } from "node:path";
import { gunzipSync } from "node:zlib";
import {
  MNIST_IDX_FILES,
  type MnistDataset,
  MnistFormatError,
  MnistNotFoundError,
  MnistValueError,
} from "./mnist.ts";
import { writeBytesAtomic } from "../results/atomic.ts";
import type { Reporter } from "../cli/progress.ts";

/**
 * The standard mirrors, tried in order; a file name (with `.gz`) is appended.
 * Their hosts are the ones the `data:mnist` task may reach (`--allow-net`).
 */
export const MNIST_MIRRORS: Readonly<Record<MnistDataset, readonly string[]>> = {
  "mnist": [
    "https://ossci-datasets.s3.amazonaws.com/mnist/", // PyTorch's torchvision mirror
    "https://storage.googleapis.com/cvdf-datasets/mnist/", // TensorFlow's mirror
    "http://yann.lecun.com/exdb/mnist/", // the original, often refuses automated downloads
  ],
  "fashion-mnist": [
    "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/", // Zalando's (no https)
    "https://storage.googleapis.com/tensorflow/tf-keras-datasets/", // Keras's mirror
  ],
};

/** Give up on a mirror that sends nothing for this long (connecting or mid-transfer). */
export const IDLE_TIMEOUT_MS = 30_000;

/**
 * The checksum file shipped for a data set: `data/mnist.sha256` or `data/fashion-mnist.sha256`.
 *
 * @param dataset The data set.
 * @returns Its file URL.
 */
export function checksumsUrl(dataset: MnistDataset): URL {
  return new URL(`../../data/${dataset}.sha256`, import.meta.url);
}

/**
 * Parses `sha256sum` output: `<64 hex digits>  <file name>` per line.
 *
 * @param text The file's text.
 * @param file Its name, for errors.
 * @returns File name → lower-case hex digest.
 * @throws {MnistFormatError} For a line in another form.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseChecksums } from "./download.ts";
 * const hex = "0f".repeat(32);
 * assert.deepStrictEqual(parseChecksums(`${hex}  t10k-labels-idx1-ubyte\n`, "x.sha256"), new Map([["t10k-labels-idx1-ubyte", hex]]));
 * ```
 */
export function parseChecksums(text: string, file: string): Map<string, string> {
  const sums = new Map<string, string>();
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    if (line.trim() === "") return;
    const m = /^([0-9a-fA-F]{64}) [ *](\S+)$/.exec(line);
    if (!m) {
      throw new MnistFormatError(
        `Cannot read checksums as every line must be "<sha256 hex>  <file name>": file=${file}, ` +
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
 */
export async function readChecksums(
  dataset: MnistDataset,
  path: string | URL = checksumsUrl(dataset),
): Promise<Map<string, string>> {
  const shown = path instanceof URL ? `data/${basename(path.pathname)}` : path;
  const sums = parseChecksums(await Deno.readTextFile(path), shown);
  for (const name of Object.values(MNIST_IDX_FILES)) {
    if (!sums.has(name)) {
      throw new MnistFormatError(
        `Cannot read checksums as every IDX file must have one: file=${shown}, missing ${name}`,
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
 * import { sha256Hex } from "./download.ts";
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
 * The contents of a data file: gunzipped when it starts with the gzip magic `1f 8b`.
 *
 * @param bytes The file's bytes.
 * @param file Its name, for errors.
 * @returns The decompressed (or unchanged) bytes.
 * @throws {MnistFormatError} For an empty file or a corrupt gzip stream.
 */
export function contentsOf(bytes: Uint8Array, file: string): Uint8Array {
  if (bytes.length === 0) {
    throw new MnistFormatError(
      `Cannot verify MNIST as the file must not be empty: file=${file}`,
      file,
    );
  }
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    const out = gunzipSync(bytes);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (error) {
    const reason = (error as Error).message;
    throw new MnistFormatError(
      `Cannot verify MNIST as the gzip stream must be valid: file=${file}, zlib: ${reason}`,
      file,
    );
  }
}

/**
 * Checks a data file (raw or gzip'd) against the expected SHA-256 of its decompressed contents.
 *
 * @param bytes The file's bytes.
 * @param file Its name or path, for errors.
 * @param expected The expected hex digest.
 * @param sumsFile Where `expected` comes from, for the message.
 * @throws {MnistValueError} On a mismatch.
 * @throws {MnistFormatError} For an empty file or a corrupt gzip stream.
 */
export async function verifyFile(
  bytes: Uint8Array,
  file: string,
  expected: string,
  sumsFile: string,
): Promise<void> {
  const got = await sha256Hex(contentsOf(bytes, file));
  if (got !== expected) {
    throw new MnistValueError(
      `Cannot verify MNIST as the SHA-256 of the decompressed contents must match ${sumsFile}: ` +
        `file=${file}, expected ${expected}, got ${got}`,
      file,
    );
  }
}

/** Options of {@linkcode fetchBytes}. */
export interface FetchOptions {
  /** Abort when no byte arrives for this long (default {@linkcode IDLE_TIMEOUT_MS}). */
  readonly idleTimeoutMs?: number;
  /** Called as bytes arrive; `total` is 0 when the server does not say. */
  readonly onProgress?: (received: number, total: number) => void;
}

/**
 * Downloads a URL into memory, aborting when the server stalls.
 *
 * @param url The URL.
 * @param options Idle timeout and progress callback.
 * @returns The body.
 * @throws {Error} For a non-2xx status, a stall, a short body, or a network error.
 */
export async function fetchBytes(url: string, options: FetchOptions = {}): Promise<Uint8Array> {
  const { idleTimeoutMs = IDLE_TIMEOUT_MS, onProgress } = options;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(
      () => controller.abort(new Error(`no data for ${idleTimeoutMs / 1000} s`)),
      idleTimeoutMs,
    );
  };
  arm();
  try {
    const response = await fetch(url, { signal: controller.signal });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new Error(`HTTP ${response.status} ${response.statusText}`.trimEnd());
    }
    const encoded = response.headers.has("content-encoding");
    const total = encoded ? 0 : Number(response.headers.get("content-length")) || 0;
    const chunks: Uint8Array[] = [];
    let received = 0;
    const reader = response.body.getReader();
    for (;;) {
      arm();
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      onProgress?.(received, total);
    }
    if (total && received !== total) throw new Error(`got ${received} of ${total} bytes`);
    const out = new Uint8Array(received);
    let pos = 0;
    for (const chunk of chunks) {
      out.set(chunk, pos);
      pos += chunk.length;
    }
    return out;
  } catch (error) {
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    clearTimeout(timer);
  }
}

/** Options of {@linkcode installMnist}. */
export interface InstallOptions {
  /** The data set. */
  readonly dataset: MnistDataset;
  /** Target folder, e.g. `data/mnist`. */
  readonly out: string;
  /** Copy from this folder instead of downloading. */
  readonly from?: string;
  /** Base URLs to try in order (default {@linkcode MNIST_MIRRORS}). */
  readonly mirrors?: readonly string[];
  /** Expected digests (default: read from `data/<dataset>.sha256`). */
  readonly checksums?: ReadonlyMap<string, string>;
  /** Where the expected digests come from, for messages (default `data/<dataset>.sha256`). */
  readonly checksumsName?: string;
  /** Stall timeout per download. */
  readonly idleTimeoutMs?: number;
  /** Progress and log lines. */
  readonly reporter: Reporter;
}

/** What {@linkcode installMnist} did with each file. */
export interface InstallResult {
  /** The files now in `out` (paths), all verified. */
  readonly files: readonly string[];
  /** How many were already there and verified. */
  readonly present: number;
  /** How many were copied (`from`) or downloaded. */
  readonly fetched: number;
}

/** The file in `dir` holding IDX `name` (`name.gz` first, then `name`), with its bytes. */
async function readIdxFile(
  dir: string,
  name: string,
): Promise<{ path: string; bytes: Uint8Array } | undefined> {
  for (const path of [join(dir, name + ".gz"), join(dir, name)]) {
    try {
      return { path, bytes: await Deno.readFile(path) };
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return undefined;
}

async function alreadyThere(
  dir: string,
  name: string,
  expected: string,
  sumsFile: string,
  reporter: Reporter,
): Promise<string | undefined> {
  const found = await readIdxFile(dir, name);
  if (!found) return undefined;
  try {
    await verifyFile(found.bytes, found.path, expected, sumsFile);
    return found.path;
  } catch (error) {
    if (!(error instanceof MnistValueError || error instanceof MnistFormatError)) throw error;
    reporter.log(`${found.path}: does not verify, replacing it (${error.message})`);
    return undefined;
  }
}

/**
 * An error's message plus, for fetch errors, the cause (DNS, connection refused, TLS...).
 *
 * @param error What a download threw.
 * @returns One line for the log and the final error.
 */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error
    ? error.cause.message.replace(/^error sending request for url \([^)]*\): /, "")
    : "";
  return cause ? `${error.message}: ${cause}` : error.message;
}

function gzName(name: string, bytes: Uint8Array): string {
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? name + ".gz" : name;
}

function megabytes(n: number): string {
  return `${(n / 1e6).toFixed(1)} MB`;
}

/**
 * Puts a data set's four IDX files into `out`, each verified against the
 * shipped SHA-256 of its decompressed contents and written atomically
 * (temporary file, then rename). Files already there that verify are kept.
 * With `from`, all missing files are read and verified before any is written.
 * Otherwise each file is downloaded from the first mirror that delivers
 * contents that verify; a failing mirror (HTTP error, stall, wrong or corrupt
 * contents, no permission) is logged and the next one tried.
 *
 * @param options Data set, target, source and reporter.
 * @returns The files and what was done.
 * @throws {MnistNotFoundError} When `from` lacks a file.
 * @throws {MnistValueError} {@link MnistFormatError} When a file from `from` does not verify.
 * @throws {Error} When every mirror failed for a file (naming each failure).
 */
export async function installMnist(options: InstallOptions): Promise<InstallResult> {
  const { dataset, out, from, reporter } = options;
  const sumsFile = options.checksumsName ?? `data/${dataset}.sha256`;
  const sums = options.checksums ?? await readChecksums(dataset);
  const names = Object.values(MNIST_IDX_FILES);
  const files: string[] = [];
  const todo: string[] = [];
  for (const name of names) {
    const expected = sums.get(name);
    if (expected === undefined) {
      throw new MnistFormatError(
        `Cannot install MNIST as every IDX file must have a checksum: file=${sumsFile}, missing ${name}`,
        sumsFile,
      );
    }
    const path = await alreadyThere(out, name, expected, sumsFile, reporter);
    if (path) {
      reporter.log(`${path}: already there, SHA-256 ok`);
      files.push(path);
    } else {
      todo.push(name);
    }
  }
  const present = files.length;
  if (from !== undefined) {
    const copies: { path: string; bytes: Uint8Array }[] = [];
    for (const name of todo) {
      const found = await readIdxFile(from, name);
      if (!found) {
        const missing = join(from, name + ".gz");
        throw new MnistNotFoundError(
          `Cannot copy MNIST as the folder given to --from must hold every IDX file: ` +
            `missing ${missing} (or ${name} without .gz)`,
          missing,
        );
      }
      await verifyFile(found.bytes, found.path, sums.get(name)!, sumsFile);
      copies.push({ path: join(out, basename(found.path)), bytes: found.bytes });
      reporter.log(`${found.path}: SHA-256 ok`);
    }
    for (const copy of copies) {
      await writeBytesAtomic(copy.path, copy.bytes);
      files.push(copy.path);
    }
  } else {
    for (const name of todo) files.push(await download(name, sums.get(name)!, sumsFile, options));
  }
  return { files, present, fetched: files.length - present };
}

async function download(
  name: string,
  expected: string,
  sumsFile: string,
  options: InstallOptions,
): Promise<string> {
  const { dataset, out, reporter } = options;
  const mirrors = options.mirrors ?? MNIST_MIRRORS[dataset];
  const failures: string[] = [];
  for (const mirror of mirrors) {
    const url = mirror + name + ".gz";
    let bytes: Uint8Array;
    try {
      bytes = await fetchBytes(url, {
        idleTimeoutMs: options.idleTimeoutMs,
        onProgress: (received, total) =>
          reporter.progress(received, total || received, `${name}.gz`),
      });
      reporter.done();
      await verifyFile(bytes, url, expected, sumsFile);
    } catch (error) {
      reporter.done();
      const reason = describeFailure(error);
      failures.push(`${url}: ${reason}`);
      const next = failures.length < mirrors.length ? ", trying the next mirror" : "";
      reporter.log(`${url}: failed (${reason})${next}`);
      continue;
    }
    const path = join(out, gzName(name, bytes));
    await writeBytesAtomic(path, bytes);
    reporter.log(`${path}: ${megabytes(bytes.length)} from ${mirror}, SHA-256 ok`);
    return path;
  }
  throw new Error(
    `Cannot download ${name}.gz as one mirror must deliver it with the expected SHA-256: ` +
      `${failures.length ? failures.join("; ") : "no mirrors given"}\n` +
      `Offline? Copy and verify a local copy with \`deno task data:mnist` +
      `${dataset === "mnist" ? "" : ` --dataset ${dataset}`} --from DIR\``,
  );
}
