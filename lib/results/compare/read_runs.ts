/**
 * Reading the runs to compare from disk: each path is a results folder
 * holding one experiment's results JSON, or that JSON itself; a single-run
 * file brings its CSV files (those its JSON names, found beside it), a sweep
 * file brings each of its runs.
 *
 * @module
 */

import { dirname, join } from "node:path";
import { parseResultsCsv, parseResultsJson } from "../mod.ts";
import { listedCsvFiles, parseRuns } from "./parse_runs.ts";
import type { Run, RunSeries } from "./types.ts";

/** An experiment's results JSON: `NN_name.json` (not a shard file, not a temporary file). */
const RESULTS_JSON = /^\d+_[A-Za-z0-9_-]+\.json$/;

/**
 * Whether a file name is an experiment's results JSON, `NN_name.json` (not a
 * sweep's shard file, not an atomic write's temporary file).
 *
 * @param name A file name.
 * @returns True for `04_train_two_layer_net.json`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { isResultsJsonName } from "./read_runs.ts";
 * assert.ok(isResultsJsonName("04_train_two_layer_net.json"));
 * assert.ok(!isResultsJsonName("05_hidden_size_sweep.shard-0-of-4.json"));
 * ```
 */
export function isResultsJsonName(name: string): boolean {
  return RESULTS_JSON.test(name);
}

async function statOrNull(path: string): Promise<Deno.FileInfo | null> {
  try {
    return await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/**
 * The results JSON a run argument names: the file itself, or the one
 * experiment JSON in a folder.
 *
 * @param path A results folder or a results JSON.
 * @returns The JSON's path.
 * @throws {RangeError} When the path does not exist, is neither a folder nor
 *   a `.json` file, or the folder holds no results JSON or several.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { resultsJsonOf } from "./read_runs.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/04_train.json`, "{}");
 * await Deno.writeTextFile(`${dir}/04_train.loss.csv`, "iteration,loss\n");
 * assert.strictEqual(await resultsJsonOf(dir), `${dir}/04_train.json`);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function resultsJsonOf(path: string): Promise<string> {
  const info = await statOrNull(path);
  if (!info) throw new RangeError(`Cannot read runs as the path does not exist: ${path}`);
  if (info.isFile) {
    if (!path.endsWith(".json")) {
      throw new RangeError(
        `Cannot read runs as a run must be a results folder or a results .json file: ${path}`,
      );
    }
    return path;
  }
  if (!info.isDirectory) {
    throw new RangeError(
      `Cannot read runs as a run must be a results folder or a results .json file: ${path}`,
    );
  }
  const found: string[] = [];
  for await (const entry of Deno.readDir(path)) {
    if (entry.isFile && isResultsJsonName(entry.name)) found.push(entry.name);
  }
  found.sort();
  if (found.length === 0) {
    throw new RangeError(
      `Cannot read runs as the folder holds no results JSON (NN_name.json): ${path}`,
    );
  }
  if (found.length > 1) {
    throw new RangeError(
      `Cannot read runs as the folder holds several experiments' results, so name one JSON file: ` +
        `${path} holds ${found.join(", ")}`,
    );
  }
  return join(path, found[0]);
}

/** The CSV files a single-run JSON names, read from its folder; those not there are missing. */
async function readSeries(
  doc: unknown,
  file: string,
): Promise<{ series: RunSeries[]; missing: string[] }> {
  const experiment = (doc as { experiment?: unknown })?.experiment;
  if (typeof experiment !== "string" || Array.isArray((doc as { runs?: unknown }).runs)) {
    return { series: [], missing: [] };
  }
  const series: RunSeries[] = [], missing: string[] = [];
  for (const name of listedCsvFiles(doc, experiment)) {
    const csvPath = join(dirname(file), name);
    let text;
    try {
      text = await Deno.readTextFile(csvPath);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      missing.push(name);
      continue;
    }
    try {
      const { header, rows } = parseResultsCsv(text);
      const short = name === `${experiment}.csv` ? name : name.slice(experiment.length + 1);
      series.push({ name: short, header, rows });
    } catch (error) {
      throw new RangeError(
        `Cannot read runs as a CSV file does not parse: ${csvPath}: ${(error as Error).message}`,
      );
    }
  }
  return { series, missing };
}

/**
 * Reads the runs behind each path, in order (a sweep file gives all its runs).
 *
 * @param paths Results folders or results JSON files.
 * @returns The runs.
 * @throws {RangeError} For a path that does not exist or holds no single
 *   experiment's results (see {@linkcode resultsJsonOf}), a file that is not
 *   valid JSON, or a CSV file that does not parse.
 * @throws {TypeError} For a JSON that is not a results file.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { readRuns } from "./read_runs.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(
 *   `${dir}/04_train.json`,
 *   JSON.stringify({
 *     experiment: "04_train",
 *     config: { seed: 1 },
 *     status: "completed",
 *     final: { trainAcc: 0.9, testAcc: 0.8, loss: 0.3 },
 *     files: { loss: "04_train.loss.csv" },
 *   }),
 * );
 * await Deno.writeTextFile(`${dir}/04_train.loss.csv`, "iteration,loss\n0,2.3\n1,2.2\n");
 * const [run] = await readRuns([dir]);
 * assert.strictEqual(run.metrics?.testAcc, 0.8);
 * assert.deepStrictEqual(run.series[0], { name: "loss.csv", header: ["iteration", "loss"], rows: [[0, 2.3], [1, 2.2]] });
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readRuns(paths: readonly string[]): Promise<Run[]> {
  const runs: Run[] = [];
  for (const path of paths) {
    const file = await resultsJsonOf(path);
    let doc: unknown;
    try {
      doc = parseResultsJson(await Deno.readTextFile(file));
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      throw new RangeError(
        `Cannot read runs as the file is not valid JSON: ${file}: ${error.message}`,
      );
    }
    const { series, missing } = await readSeries(doc, file);
    runs.push(...parseRuns(doc, file, series, missing));
  }
  return runs;
}
