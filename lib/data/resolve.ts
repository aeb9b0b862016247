/**
 * Finding a data set's files (the book's `dataset_dir`, §3.6.1): `--data DIR`,
 * else the data set's environment variable, else the default folders; IDX
 * when all four files are there, else CSV. Only checks that files exist;
 * when none are found the error names the first missing file and how to get
 * it.
 *
 * @module
 */

import { basename, dirname, join } from "node:path";
import { checkDataset } from "./_checks.ts";
import { findIdxFile, isFile, missingIdxFile, pathKind } from "./_files.ts";
import {
  DEBIAN_FASHION_MNIST_DIR,
  MNIST_DATASET_NAMES,
  MNIST_DIR_ENV,
  MNIST_IDX_FILES,
  mnistCsvFiles,
} from "./datasets.ts";
import { MnistNotFoundError } from "./errors.ts";
import type { MnistDataset, MnistFormat, MnistSource } from "./types.ts";

/** Options of {@linkcode resolveMnistDir}. */
export interface ResolveMnistOptions {
  /** `"mnist"` (default) or `"fashion-mnist"`. */
  readonly dataset?: MnistDataset;
  /** The folder (`--data DIR`); `"auto"` or absent: the environment variable, else the defaults. */
  readonly dir?: string;
  /** `"idx"`, `"csv"`, or `"auto"` (default: IDX when all four files are there, else CSV). */
  readonly format?: MnistFormat | "auto";
  /**
   * Reads an environment variable (default: `Deno.env.get` when env permission for it is
   * granted; otherwise the variable counts as unset and no permission prompt appears).
   */
  readonly env?: (name: string) => string | undefined;
}

function defaultEnv(name: string): string | undefined {
  if (Deno.permissions.querySync({ name: "env", variable: name }).state !== "granted") {
    return undefined;
  }
  return Deno.env.get(name);
}

function readGranted(path: string): boolean {
  return Deno.permissions.querySync({ name: "read", path }).state === "granted";
}

interface Probe {
  readonly source?: MnistSource;
  readonly missing: string;
}

async function probe(
  dataset: MnistDataset,
  dir: string,
  format: MnistFormat | "auto",
): Promise<Probe> {
  let missingIdx = "";
  if (format !== "csv") {
    const found: string[] = [];
    for (const name of Object.values(MNIST_IDX_FILES)) {
      const path = await findIdxFile(dir, name);
      if (path === undefined) {
        missingIdx = missingIdxFile(dir, name);
        break;
      }
      found.push(path);
    }
    if (!missingIdx) {
      const [trainImages, trainLabels, testImages, testLabels] = found;
      return {
        source: {
          dataset,
          dir,
          format: "idx",
          files: { trainImages, trainLabels, testImages, testLabels },
        },
        missing: "",
      };
    }
    if (format === "idx") return { missing: missingIdx };
  }
  const csv = mnistCsvFiles(dataset);
  const train = join(dir, csv.train), test = join(dir, csv.test);
  for (const path of [train, test]) {
    if (!(await isFile(path))) return { missing: missingIdx || path };
  }
  return { source: { dataset, dir, format: "csv", files: { train, test } }, missing: "" };
}

function missingMessage(
  dataset: MnistDataset,
  format: MnistFormat | "auto",
  dirs: readonly string[],
  missing: string,
  unchecked: readonly string[],
): string {
  const name = MNIST_DATASET_NAMES[dataset];
  const flag = dataset === "mnist" ? "" : ` --dataset ${dataset}`;
  const defaultDir = join("data", dataset);
  const out = dirs.length === 1 && dirs[0] !== defaultDir ? ` --out ${dirs[0]}` : "";
  const notChecked = unchecked.length
    ? ` (not checked, no read permission: ${unchecked.join(", ")})`
    : "";
  const get = `\`deno task data:mnist${flag}${out}\` (downloads and verifies them) or ` +
    `\`deno task data:mnist${flag}${out} --from DIR\` (copies and verifies a local copy)`;
  const hint = format === "csv"
    ? `Make the CSV files with \`deno task data:csv${flag}\` from the IDX files, which you get with ${get}`
    : `Get them with ${get}` +
      (dataset === "fashion-mnist" ? `, or install Debian's dataset-fashion-mnist package` : "");
  return `Cannot load ${name} as its ${format === "csv" ? "CSV " : ""}files must be in ` +
    `${dirs.join(" or ")}${notChecked}: missing ${missing}\n${hint}; --data DIR or ` +
    `${MNIST_DIR_ENV[dataset]} selects another folder`;
}

/** What a data set's folder must hold, for messages. */
function expectedContents(dataset: MnistDataset, format: MnistFormat | "auto"): string {
  const names = Object.values(MNIST_IDX_FILES);
  const idx = `the four IDX files ${names.slice(0, -1).join(", ")} and ${
    names.at(-1)
  } (each .gz or not)`;
  const csv = Object.values(mnistCsvFiles(dataset)).join(" and ");
  return format === "idx" ? idx : format === "csv" ? csv : `${idx}, or ${csv}`;
}

/** The error for a data folder (`--data`, the environment variable, a default) that is a file. */
function notAFolder(
  dataset: MnistDataset,
  format: MnistFormat | "auto",
  dir: string,
  setting: string,
): Deno.errors.NotADirectory {
  const dataFiles = [...Object.values(MNIST_IDX_FILES), ...Object.values(mnistCsvFiles(dataset))];
  const isDataFile = dataFiles.includes(basename(dir).replace(/\.gz$/, ""));
  const fix = setting === "--data"
    ? `--data ${dirname(dir)}`
    : setting === MNIST_DIR_ENV[dataset]
    ? `${setting}=${dirname(dir)}`
    : dirname(dir);
  return new Deno.errors.NotADirectory(
    `Cannot load ${MNIST_DATASET_NAMES[dataset]} as ${setting} must be a folder, not a file: ` +
      `${dir} is a file\nExpected a folder holding ${expectedContents(dataset, format)}` +
      (isDataFile ? `; that is one of those files, so give its folder: ${fix}` : ""),
  );
}

/** The error for a data folder the run may not read (Deno's `--allow-read`). */
function notReadable(dataset: MnistDataset, dir: string, setting: string): Deno.errors.NotCapable {
  const where = setting === "--data"
    ? "the folder given to --data"
    : setting === MNIST_DIR_ENV[dataset]
    ? `the folder in ${setting}`
    : "its folder";
  return new Deno.errors.NotCapable(
    `Cannot load ${MNIST_DATASET_NAMES[dataset]} as the run must be allowed to read ${where}: ` +
      `${dir} needs --allow-read=${dir}`,
  );
}

/** Whether `dir` is a folder, a file or missing; a folder the run may not read is an error. */
async function dataFolderKind(
  dataset: MnistDataset,
  dir: string,
  setting: string,
): Promise<"folder" | "file" | "missing"> {
  try {
    return await pathKind(dir);
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) throw notReadable(dataset, dir, setting);
    throw error;
  }
}

/**
 * Finds a data set's files (the book's `dataset_dir`, §3.6.1): `dir` when given (`--data DIR`), else the folder
 * in `MNIST_DIR` (`FASHION_MNIST_DIR` for Fashion-MNIST), else `data/mnist`
 * (`data/fashion-mnist`, then `/usr/share/datasets/fashion-mnist`). Relative
 * folders are relative to the working directory (the project root under
 * `deno task`). Only checks that the files exist; never waits.
 *
 * @param options Data set, folder, format and environment.
 * @returns The folder, the format found and the file paths.
 * @throws {MnistNotFoundError} When no folder holds the files, naming the first missing file
 * and how to get it (`deno task data:mnist`, or `deno task data:mnist --from DIR`).
 * @throws {Deno.errors.NotADirectory} When the folder to look in is a file, saying what the
 * folder must hold.
 * @throws {Deno.errors.NotCapable} When the run may not read the folder given (`--data` or the
 * environment variable), saying how to allow it.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { resolveMnistDir } from "./resolve.ts";
 * const dir = await Deno.makeTempDir();
 * await assert.rejects(resolveMnistDir({ dir }), (e: Error) =>
 *   e.name === "MnistNotFoundError" &&
 *   e.message.includes(`missing ${dir}/train-images-idx3-ubyte.gz`) &&
 *   e.message.includes("deno task data:mnist"));
 * await Deno.remove(dir);
 * ```
 */
export async function resolveMnistDir(options: ResolveMnistOptions = {}): Promise<MnistSource> {
  const { dataset = "mnist", format = "auto", env = defaultEnv } = options;
  checkDataset(dataset);
  if (!["idx", "csv", "auto"].includes(format)) {
    throw new RangeError(
      `Cannot find ${MNIST_DATASET_NAMES[dataset]} data as format must be one of idx, csv, auto: ` +
        `got ${String(format)}`,
    );
  }
  const flagged = options.dir !== undefined && options.dir !== "auto";
  const given = flagged ? options.dir : env(MNIST_DIR_ENV[dataset]);
  const setting = flagged ? "--data" : given ? MNIST_DIR_ENV[dataset] : "its folder";
  const dirs = given
    ? [given]
    : [join("data", dataset), ...(dataset === "fashion-mnist" ? [DEBIAN_FASHION_MNIST_DIR] : [])];
  let firstMissing = "";
  const unchecked: string[] = [];
  for (const [i, dir] of dirs.entries()) {
    // Fallback folders are only looked at when reading them is already allowed (no prompt).
    if (i > 0 && !readGranted(dir)) {
      unchecked.push(dir);
      continue;
    }
    const kind = await dataFolderKind(dataset, dir, setting);
    if (kind === "file") throw notAFolder(dataset, format, dir, setting);
    const found = await probe(dataset, dir, format);
    if (found.source) return found.source;
    firstMissing ||= found.missing;
  }
  throw new MnistNotFoundError(
    missingMessage(
      dataset,
      format,
      dirs.filter((d) => !unchecked.includes(d)),
      firstMissing,
      unchecked,
    ),
    firstMissing.replace(/ \(or .*$/, ""),
  );
}
