/**
 * Putting a data set's four IDX files into a folder, verified (the book's
 * `_download`, §3.6.1, plus checksums): keep the files already there that
 * verify, then copy the rest from a local folder (`--from`) or download each
 * from the first mirror whose file verifies, and move every file into place
 * atomically.
 *
 * @module
 */

import { basename, join } from "node:path";
import { findIdxFile, missingIdxFile, pathKind } from "../_files.ts";
import { isGzip } from "../_gzip.ts";
import { MNIST_IDX_FILES, mnistDatasetName } from "../datasets.ts";
import { MnistFormatError, MnistNotFoundError, MnistValueError } from "../errors.ts";
import type { MnistDataset } from "../types.ts";
import { readChecksums, verifyFile, type VerifyOptions } from "./checksums.ts";
import { describeFailure, fetchBytes, MNIST_MIRRORS } from "./fetch.ts";

/**
 * Where {@linkcode installMnist} reports: a line per file and a progress bar per download. The
 * CLI's `Reporter` (`lib/cli/progress.ts`) is one.
 */
export interface InstallReporter {
  /** A step line (one per file). */
  log(line: string): void;
  /** Updates the progress bar of the download under way. */
  progress(done: number, total: number, label?: string): void;
  /** Clears the progress bar, if one is showing. */
  done(): void;
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
  readonly reporter: InstallReporter;
  /**
   * Writes a file atomically, creating its folder: `writeBytesAtomic` of
   * `lib/results/atomic.ts` (temporary file beside the target, then rename). Passed in
   * because the data layer depends on `lib/core/` only.
   */
  readonly writeFile: (path: string, bytes: Uint8Array) => Promise<void>;
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
  const path = await findIdxFile(dir, name);
  return path === undefined ? undefined : { path, bytes: await Deno.readFile(path) };
}

/** Throws unless `out` is a folder or not there yet, and `from` (if given) is a folder. */
async function checkFolders(title: string, out: string, from: string | undefined): Promise<void> {
  if (await pathKind(out) === "file") {
    throw new Deno.errors.NotADirectory(
      `Cannot install ${title} as --out must be a folder, not a file: ${out} is a file`,
    );
  }
  if (from === undefined) return;
  const kind = await pathKind(from);
  if (kind === "file") {
    throw new Deno.errors.NotADirectory(
      `Cannot copy ${title} as --from must be a folder, not a file: ${from} is a file`,
    );
  }
  if (kind === "missing") {
    throw new MnistNotFoundError(
      `Cannot copy ${title} as the folder given to --from must exist: ${from} is not there`,
      from,
    );
  }
}

/**
 * Throws unless the run may write below `out` (asking, as Deno would when it writes, when it
 * may ask), before anything is downloaded or copied.
 */
async function checkWritable(title: string, out: string): Promise<void> {
  if ((await Deno.permissions.request({ name: "write", path: out })).state === "granted") return;
  throw new Deno.errors.NotCapable(
    `Cannot install ${title} as the run must be allowed to write to --out: ${out} needs ` +
      `--allow-write=${out}`,
  );
}

async function alreadyThere(
  dir: string,
  name: string,
  verify: VerifyOptions,
  reporter: InstallReporter,
): Promise<string | undefined> {
  const found = await readIdxFile(dir, name);
  if (!found) return undefined;
  try {
    await verifyFile(found.bytes, found.path, verify);
    return found.path;
  } catch (error) {
    if (!(error instanceof MnistValueError || error instanceof MnistFormatError)) throw error;
    reporter.log(`${found.path}: does not verify, replacing it (${error.message})`);
    return undefined;
  }
}

function gzName(name: string, bytes: Uint8Array): string {
  return isGzip(bytes) ? name + ".gz" : name;
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
 * @param options Data set, target, source, reporter and atomic writer.
 * @returns The files and what was done.
 * @throws {MnistNotFoundError} When `from` is not there or lacks a file.
 * @throws {Deno.errors.NotADirectory} When `out` or `from` is a file.
 * @throws {Deno.errors.NotCapable} When files must be written and the run may not write `out`.
 * @throws {MnistValueError} {@link MnistFormatError} When a file from `from` does not verify.
 * @throws {Error} When every mirror failed for a file (naming each failure).
 */
export async function installMnist(options: InstallOptions): Promise<InstallResult> {
  const { dataset, out, from, reporter } = options;
  const title = mnistDatasetName(dataset);
  const sumsFile = options.checksumsName ?? `data/${dataset}.sha256`;
  const sums = options.checksums ?? await readChecksums(dataset);
  const names = Object.values(MNIST_IDX_FILES);
  const verify = new Map<string, VerifyOptions>();
  for (const name of names) {
    const expected = sums.get(name);
    if (expected === undefined) {
      throw new MnistFormatError(
        `Cannot install ${title} as every IDX file must have a checksum: file=${sumsFile}, ` +
          `missing ${name}`,
        sumsFile,
      );
    }
    verify.set(name, { dataset, expected, sumsFile });
  }
  await checkFolders(title, out, from);
  const files: string[] = [];
  const todo: string[] = [];
  for (const name of names) {
    const path = await alreadyThere(out, name, verify.get(name)!, reporter);
    if (path) {
      reporter.log(`${path}: already there, SHA-256 ok`);
      files.push(path);
    } else {
      todo.push(name);
    }
  }
  const present = files.length;
  if (todo.length > 0) await checkWritable(title, out);
  if (from !== undefined) {
    const copies: { path: string; bytes: Uint8Array }[] = [];
    for (const name of todo) {
      const found = await readIdxFile(from, name);
      if (!found) {
        throw new MnistNotFoundError(
          `Cannot copy ${title} as the folder given to --from must hold every IDX file: ` +
            `missing ${missingIdxFile(from, name)}`,
          join(from, name + ".gz"),
        );
      }
      await verifyFile(found.bytes, found.path, verify.get(name)!);
      copies.push({ path: join(out, basename(found.path)), bytes: found.bytes });
      reporter.log(`${found.path}: SHA-256 ok`);
    }
    for (const copy of copies) {
      await options.writeFile(copy.path, copy.bytes);
      files.push(copy.path);
    }
  } else {
    for (const name of todo) files.push(await download(name, verify.get(name)!, options));
  }
  return { files, present, fetched: files.length - present };
}

async function download(
  name: string,
  verify: VerifyOptions,
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
      await verifyFile(bytes, url, verify);
    } catch (error) {
      reporter.done();
      const reason = describeFailure(error);
      failures.push(`${url}: ${reason}`);
      const next = failures.length < mirrors.length ? ", trying the next mirror" : "";
      reporter.log(`${url}: failed (${reason})${next}`);
      continue;
    }
    const path = join(out, gzName(name, bytes));
    await options.writeFile(path, bytes);
    reporter.log(`${path}: ${megabytes(bytes.length)} from ${mirror}, SHA-256 ok`);
    return path;
  }
  throw new Error(
    `Cannot download the ${mnistDatasetName(dataset)} file ${name}.gz as one mirror must ` +
      `deliver it with the expected SHA-256: ` +
      `${failures.length ? failures.join("; ") : "no mirrors given"}\n` +
      `Offline? Copy and verify a local copy with \`deno task data:mnist` +
      `${dataset === "mnist" ? "" : ` --dataset ${dataset}`} --from DIR\``,
  );
}
