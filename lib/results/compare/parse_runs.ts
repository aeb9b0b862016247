/**
 * From a parsed results JSON to runs: a single run (`exp:04`, `exp:07`, and
 * the experiments that are not training runs), or each run of a sweep file
 * (`exp:05`, whose `runs` array holds one record per hidden size and seed).
 *
 * Both formats of the final numbers are read: `afterTraining` (the accuracy
 * of the parameters a run ended with) when the file has it, else `final` or
 * `lastEpoch` (the last per-epoch evaluation), labelled as such. The `files`
 * block is only used to find the CSV files; its shape (names as values, or
 * names as keys with their SHA-256) does not matter.
 *
 * @module
 */

import type { MetricsSource, Run, RunMetrics, RunSeries } from "./types.ts";

type Json = Record<string, unknown>;

/** Keys of a sweep's run record that are results, not settings. */
const RESULT_KEYS = new Set([
  "status",
  "diverged",
  "iterationsCompleted",
  "final",
  "lastEpoch",
  "afterTraining",
  "epochs",
]);

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function numberOrNull(v: unknown): number | null {
  return typeof v === "number" ? v : null;
}

function isScalar(v: unknown): boolean {
  return typeof v === "number" || typeof v === "string" || typeof v === "boolean";
}

/**
 * The CSV files of an experiment that its results JSON names anywhere (as a
 * value or as a key: `files`, `table`, `path.file`, …), in the order they
 * first appear.
 *
 * @param doc The parsed results JSON.
 * @param experiment Its experiment (the files' stem).
 * @returns File names such as `04_train_two_layer_net.loss.csv`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { listedCsvFiles } from "./parse_runs.ts";
 * const doc = { files: { "e.loss.csv": "ab12", "e.loss.svg": "cd34" }, table: "e.csv" };
 * assert.deepStrictEqual(listedCsvFiles(doc, "e"), ["e.loss.csv", "e.csv"]);
 * ```
 */
export function listedCsvFiles(doc: unknown, experiment: string): string[] {
  const found: string[] = [];
  const visit = (v: unknown) => {
    if (typeof v === "string") {
      const fits = v === `${experiment}.csv` ||
        (v.startsWith(`${experiment}.`) && v.endsWith(".csv") && !/[/\\]/.test(v));
      if (fits && !found.includes(v)) found.push(v);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (isObject(v)) {
      for (const [k, x] of Object.entries(v)) {
        visit(k);
        visit(x);
      }
    }
  };
  visit(doc);
  return found;
}

/** The per-epoch curves of a JSON `epochs` block as a table, or null. */
function epochsSeries(epochs: unknown): RunSeries | null {
  if (!isObject(epochs) || !Array.isArray(epochs.iteration)) return null;
  const { iteration, trainAcc, testAcc } = epochs as Record<string, unknown[]>;
  const epoch = Array.isArray(epochs.epoch) ? epochs.epoch : iteration.map((_, i) => i);
  const cell = (v: unknown) => (typeof v === "number" || typeof v === "string" ? v : NaN);
  return {
    name: "epochs",
    header: ["epoch", "iteration", "train_acc", "test_acc"],
    rows: iteration.map((it, i) => [
      cell(epoch[i]),
      cell(it),
      cell(trainAcc?.[i]),
      cell(testAcc?.[i]),
    ]),
  };
}

/** A run record's final numbers (see the module doc), or null when it is not a training run. */
function metricsOf(record: Json): RunMetrics | null {
  const after = record.afterTraining;
  if (isObject(after)) {
    return {
      source: "afterTraining",
      iteration: numberOrNull(after.iterations),
      trainAcc: numberOrNull(after.trainAcc),
      testAcc: numberOrNull(after.testAcc),
      loss: numberOrNull(after.loss),
    };
  }
  const last = isObject(record.lastEpoch) ? record.lastEpoch : record.final;
  if (!isObject(last) && !("status" in record)) return null;
  const epochIterations = isObject(record.epochs) && Array.isArray(record.epochs.iteration)
    ? record.epochs.iteration
    : [];
  const lastEpoch = isObject(last) ? last : {};
  const source: MetricsSource = "lastEpoch";
  return {
    source,
    iteration: numberOrNull(lastEpoch.iteration) ?? numberOrNull(epochIterations.at(-1)),
    trainAcc: numberOrNull(lastEpoch.trainAcc),
    testAcc: numberOrNull(lastEpoch.testAcc),
    loss: numberOrNull(lastEpoch.loss),
  };
}

/** A sweep run's settings: the sweep's config with its lists replaced by the run's values. */
function sweepRunConfig(sweep: Json, record: Json): Json {
  const own = Object.entries(record).filter(([k, v]) => !RESULT_KEYS.has(k) && isScalar(v));
  const config: Json = {};
  for (const [key, value] of Object.entries(sweep)) {
    const mine = own.find(([k]) => k === key || `${k}s` === key);
    if (mine) config[mine[0]] = mine[1];
    else config[key] = value;
  }
  for (const [k, v] of own) if (!(k in config)) config[k] = v;
  return config;
}

/**
 * The runs a parsed results JSON holds: one for a single-run file, one per
 * entry of `runs` for a sweep file.
 *
 * @param doc The parsed results JSON (`parseResultsJson` of the file).
 * @param path Its path (kept in each run, and named in errors).
 * @param series A single run's tables (its CSV files, read by the caller); a
 *   sweep's runs take their per-epoch curves from the JSON instead.
 * @param missingFiles CSV files the JSON lists that the caller did not find.
 * @returns The runs, in the file's order.
 * @throws {TypeError} When `doc` is not a results JSON (no `experiment` or
 *   `config`), or a sweep's `runs` entry is not an object.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseRuns } from "./parse_runs.ts";
 * const doc = {
 *   experiment: "05_sweep",
 *   config: { hidden: [10, 20], seeds: [0], iters: 5 },
 *   runs: [
 *     { hidden: 10, seed: 0, status: "completed", final: { trainAcc: 0.5, testAcc: 0.4, loss: 2 } },
 *     { hidden: 20, seed: 0, status: "completed", final: { trainAcc: 0.6, testAcc: 0.5, loss: 1 } },
 *   ],
 * };
 * const runs = parseRuns(doc, "r/05_sweep.json");
 * assert.deepStrictEqual(runs[1].config, { hidden: 20, seed: 0, iters: 5 });
 * assert.strictEqual(runs[1].metrics?.source, "lastEpoch");
 * ```
 */
export function parseRuns(
  doc: unknown,
  path: string,
  series: readonly RunSeries[] = [],
  missingFiles: readonly string[] = [],
): Run[] {
  if (!isObject(doc) || typeof doc.experiment !== "string" || !isObject(doc.config)) {
    throw new TypeError(
      `Cannot read runs as a results JSON must be an object with an experiment and a config: ${path}`,
    );
  }
  const header = {
    path,
    experiment: doc.experiment,
    section: typeof doc.section === "string" ? doc.section : "",
    title: typeof doc.title === "string" ? doc.title : "",
    runtime: isObject(doc.runtime) ? doc.runtime : null,
  };
  if (!Array.isArray(doc.runs)) {
    return [{
      ...header,
      sweepIndex: null,
      config: doc.config,
      status: typeof doc.status === "string" ? doc.status : null,
      iterationsCompleted: numberOrNull(doc.iterationsCompleted),
      metrics: metricsOf(doc),
      series,
      missingFiles,
    }];
  }
  const sweep = doc.config;
  return doc.runs.map((record, i) => {
    if (!isObject(record)) {
      throw new TypeError(`Cannot read runs as every entry of runs must be an object: ${path}`);
    }
    const curves = epochsSeries(record.epochs);
    return {
      ...header,
      sweepIndex: i,
      config: sweepRunConfig(sweep, record),
      status: typeof record.status === "string" ? record.status : null,
      iterationsCompleted: numberOrNull(record.iterationsCompleted),
      metrics: metricsOf(record),
      series: curves ? [curves] : [],
      missingFiles: [],
    };
  });
}
