// What the data tests share (not a test file itself): the NumPy-made tiny data set in
// tests/fixtures/mnist (see make_mnist_fixtures.py), made-up MNIST-shaped data, temporary
// folders, a reporter that records its lines, and running the data scripts as subprocesses.

import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { throwsExactly } from "../_assert.ts";
import { makeReporter, type Reporter } from "../../lib/cli/progress.ts";
import {
  encodeIdxImages,
  encodeIdxLabels,
  MNIST_IDX_FILES,
  MnistFormatError,
  type MnistLabeledImages,
} from "../../lib/data/mod.ts";

/** The repository root. */
export const ROOT = new URL("../../", import.meta.url).pathname;
const FIXTURES = new URL("../fixtures/mnist/", import.meta.url);
/** The tiny data set: 5 training and 3 test images in every layout the loader reads. */
export const TINY_DIR = new URL("tiny", FIXTURES).pathname;

/** What one split of the tiny data set holds, as NumPy wrote it. */
export interface TinySplit {
  count: number;
  labels: number[];
  pixels: number[];
  normalizedSum: number;
}
/** The tiny data set's contents and the SHA-256 of each decompressed IDX file. */
export const TINY: { sha256: Record<string, string>; train: TinySplit; test: TinySplit } = JSON
  .parse(await Deno.readTextFile(new URL("tiny.json", FIXTURES)));

/** The tiny data set's SHA-256 list, as `installMnist` takes it. */
export const TINY_SUMS: ReadonlyMap<string, string> = new Map(Object.entries(TINY.sha256));

/** The decompressed contents of each tiny IDX file, by IDX name. */
export const TINY_RAW: Readonly<Record<string, Uint8Array>> = {};
for (const name of Object.values(MNIST_IDX_FILES)) {
  for (const file of [name + ".gz", name]) {
    try {
      const bytes = await Deno.readFile(join(TINY_DIR, file));
      (TINY_RAW as Record<string, Uint8Array>)[name] = file.endsWith(".gz")
        ? new Uint8Array(gunzipSync(bytes))
        : bytes;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
}

/** Reads a JSON file of tests/fixtures/mnist. */
export async function readFixture<T>(name: string): Promise<T> {
  return JSON.parse(await Deno.readTextFile(new URL(name, FIXTURES)));
}

/** `count` 28x28 images with a deterministic sparse pattern, and labels 0..9. */
export function makeData(count: number, seed = 1): MnistLabeledImages {
  const pixels = new Uint8Array(count * 784);
  for (let i = 0; i < pixels.length; i++) {
    const h = Math.imul(i + 1, 2654435761 + seed) >>> 24;
    pixels[i] = h < 50 ? (h * 37 + seed) & 255 : 0;
  }
  pixels[0] = 255;
  const labels = Uint8Array.from({ length: count }, (_, i) => (i * 3 + seed) % 10);
  return { count, rows: 28, cols: 28, pixels, labels };
}

/** One CSV row: the label, then the pixels. */
export function csvRow(label: string | number, pixels: readonly (string | number)[]): string {
  return [label, ...pixels].join(",");
}

/** 784 zero pixels. */
export const ZEROS: readonly number[] = new Array(784).fill(0);

/** Runs `fn` in a fresh temporary folder, removed afterwards. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "dlfs_data_test_" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Writes a complete IDX set into `dir`: the training files gzip'd, the test files raw. */
export async function writeIdxSet(
  dir: string,
  train: MnistLabeledImages,
  test: MnistLabeledImages,
): Promise<void> {
  const files: [string, Uint8Array][] = [
    [MNIST_IDX_FILES.trainImages + ".gz", gzipSync(encodeIdxImages(train))],
    [MNIST_IDX_FILES.trainLabels + ".gz", gzipSync(encodeIdxLabels(train.labels))],
    [MNIST_IDX_FILES.testImages, encodeIdxImages(test)],
    [MNIST_IDX_FILES.testLabels, encodeIdxLabels(test.labels)],
  ];
  for (const [name, bytes] of files) await Deno.writeFile(join(dir, name), bytes);
}

/** An environment with no variables set. */
export const noEnv = (): undefined => undefined;

/** A reporter without a progress bar whose stdout lines land in `lines`. */
export function capture(): { reporter: Reporter; lines: string[] } {
  const lines: string[] = [];
  const reporter = makeReporter({
    bar: false,
    write: { out: (t) => lines.push(...t.trimEnd().split("\n")), err: () => {} },
  });
  return { reporter, lines };
}

/** The names in a folder, sorted. */
export async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

/** Whether the tests may run `deno` subprocesses (`deno task test` grants it). */
export const CAN_RUN = Deno.permissions.querySync({ name: "run", command: "deno" }).state ===
  "granted";

/** Runs `deno ARGS...` in the repository root (or `cwd`) without colours. */
export async function runDeno(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await new Deno.Command("deno", {
    args,
    cwd: options.cwd ?? ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", ...options.env },
  }).output();
  const text = new TextDecoder();
  return { code, stdout: text.decode(stdout), stderr: text.decode(stderr) };
}

/**
 * Runs a data script (`data/download.ts`, `data/to_csv.ts`) as its task does: it may read
 * anything and write only below `out`, which it also gets as `--out`; `--quiet`.
 */
export function runDataScript(
  script: string,
  out: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return runDeno([
    "run",
    "--allow-read",
    `--allow-write=${out}`,
    script,
    ...args,
    "--out",
    out,
    "--quiet",
  ]);
}

/**
 * For tables of bad inputs: `refuses(input, rest, cls)` asserts that `parse(input, file)` throws
 * exactly `cls` (default {@linkcode MnistFormatError}) with the message
 * `Cannot read <what> as <rest>`.
 */
export function refusalsOf<I>(
  parse: (input: I, file: string) => unknown,
  what: string,
  file: string,
): (input: I, rest: string, cls?: new (...args: never[]) => Error) => void {
  return (input, rest, cls = MnistFormatError) =>
    throwsExactly(() => parse(input, file), cls, `Cannot read ${what} as ${rest}`);
}
