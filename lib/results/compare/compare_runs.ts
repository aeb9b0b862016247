/**
 * The comparison of several runs of one experiment, as data: which config
 * keys differ (and so what the runs are called), each run's status and final
 * numbers with the difference from the first run, how each run's curves
 * differ from the first run's, optionally the runs grouped by a key with
 * Welch's tests, and notes (other runtimes, accuracies from the last epoch,
 * files missing). `format.ts` prints it as text, Markdown or JSON.
 *
 * @module
 */

import { stringifyResults } from "../mod.ts";
import { compareSeries, type SeriesDifference } from "./curves.ts";
import { compareGroups, type GroupComparison } from "./groups.ts";
import { differingConfigKeys, runLabels } from "./labels.ts";
import type { Run, RunMetrics } from "./types.ts";

/** The config keys that differ, with each run's value. */
export interface ConfigComparison {
  /** How many keys the runs have in all. */
  readonly keys: number;
  /** The differing keys, each with one value per run (undefined where a run lacks it). */
  readonly differing: readonly { readonly key: string; readonly values: readonly unknown[] }[];
}

/** One run's status and final numbers, with the difference from the first run's. */
export interface MetricsRow {
  /** The run's name. */
  readonly label: string;
  /** `completed`, `diverged`, … */
  readonly status: string | null;
  /** Iterations completed. */
  readonly iterations: number | null;
  /** Its final accuracies and loss. */
  readonly metrics: RunMetrics;
  /** This run's numbers minus the first run's (null: the first run, or a value missing). */
  readonly delta: {
    readonly trainAcc: number | null;
    readonly testAcc: number | null;
    readonly loss: number | null;
  } | null;
}

/** One run's curves against the first run's. */
export interface CurvesComparison {
  /** The run's name. */
  readonly run: string;
  /** The first run's name. */
  readonly against: string;
  /** Every table both have. */
  readonly series: readonly SeriesDifference[];
  /** Tables only one of the two has. */
  readonly onlyIn: readonly { readonly series: string; readonly run: string }[];
}

/** The whole comparison (see the module doc). */
export interface Comparison {
  /** The experiment all runs are results of. */
  readonly experiment: string;
  /** Its book section. */
  readonly section: string;
  /** Its title. */
  readonly title: string;
  /** The runs, in the order given: name, file, place in a sweep file. */
  readonly runs: readonly {
    readonly label: string;
    readonly path: string;
    readonly sweepIndex: number | null;
  }[];
  /** The config keys that differ. */
  readonly config: ConfigComparison;
  /** Final numbers per run, or null when the experiment is not a training run. */
  readonly metrics: readonly MetricsRow[] | null;
  /** Each run after the first against the first. */
  readonly curves: readonly CurvesComparison[];
  /** The runs grouped by `options.by`, or null. */
  readonly groups: GroupComparison | null;
  /** What to keep in mind when reading it. */
  readonly notes: readonly string[];
  /** Same config, status, final numbers and curves in every run. */
  readonly identical: boolean;
}

/** Options of {@linkcode compareRuns}. */
export interface CompareOptions {
  /** Group the runs by this config key (`--by hidden`). */
  readonly by?: string;
}

function minus(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a - b;
}

function runtimeText(runtime: Readonly<Record<string, unknown>> | null): string {
  if (!runtime) return "no runtime recorded";
  const { deno, v8 } = runtime as { deno?: unknown; v8?: unknown };
  return `Deno ${deno ?? "?"}, V8 ${v8 ?? "?"}`;
}

/**
 * Compares runs of one experiment (see the module doc).
 *
 * @param runs Two or more runs (from {@linkcode readRuns}).
 * @param options `by`: a config key to group the runs by.
 * @returns The comparison.
 * @throws {RangeError} When there are fewer than 2 runs, they are results of
 *   different experiments, or `by` cannot group them (see {@linkcode compareGroups}).
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { compareRuns } from "./compare_runs.ts";
 * const run = (seed: number, testAcc: number) => ({
 *   path: `seed${seed}/04.json`, sweepIndex: null, experiment: "04", section: "4.5", title: "",
 *   config: { seed, lr: 0.1 }, runtime: null, status: "completed", iterationsCompleted: 10,
 *   metrics: { source: "afterTraining" as const, iteration: 10, trainAcc: 0.9, testAcc, loss: 0.3 },
 *   series: [], missingFiles: [],
 * });
 * const c = compareRuns([run(0, 0.9468), run(1, 0.9435)]);
 * assert.deepStrictEqual(c.runs.map((r) => r.label), ["seed=0", "seed=1"]);
 * assert.ok(Math.abs(c.metrics![1].delta!.testAcc! + 0.0033) < 1e-12);
 * assert.strictEqual(compareRuns([run(0, 0.9468), run(0, 0.9468)]).identical, true);
 * ```
 */
export function compareRuns(runs: readonly Run[], options: CompareOptions = {}): Comparison {
  if (runs.length < 2) {
    throw new RangeError(
      `Cannot compare runs as there must be at least 2: got ${runs.length}` +
        (runs.length === 1 ? ` (${runs[0].path})` : ""),
    );
  }
  const experiments = [...new Set(runs.map((r) => r.experiment))];
  if (experiments.length > 1) {
    throw new RangeError(
      `Cannot compare runs as they must be results of one experiment: ` +
        experiments.map((e) => `${e} (${runs.find((r) => r.experiment === e)!.path})`).join(", "),
    );
  }
  const keys = differingConfigKeys(runs);
  const labels = runLabels(runs, keys);
  const allKeys = new Set(runs.flatMap((r) => Object.keys(r.config)));
  const config = {
    keys: allKeys.size,
    differing: keys.map((key) => ({ key, values: runs.map((r) => r.config[key]) })),
  };

  const first = runs[0];
  const training = runs.every((r) => r.metrics !== null);
  const metrics = training
    ? runs.map((r, i): MetricsRow => ({
      label: labels[i],
      status: r.status,
      iterations: r.iterationsCompleted,
      metrics: r.metrics!,
      delta: i === 0 ? null : {
        trainAcc: minus(r.metrics!.trainAcc, first.metrics!.trainAcc),
        testAcc: minus(r.metrics!.testAcc, first.metrics!.testAcc),
        loss: minus(r.metrics!.loss, first.metrics!.loss),
      },
    }))
    : null;

  const curves = runs.slice(1).map((r, k): CurvesComparison => {
    const names = first.series.map((s) => s.name);
    const theirs = r.series.map((s) => s.name);
    return {
      run: labels[k + 1],
      against: labels[0],
      series: first.series.filter((s) => theirs.includes(s.name)).map((s) =>
        compareSeries(s, r.series.find((t) => t.name === s.name)!)
      ),
      onlyIn: [
        ...names.filter((n) => !theirs.includes(n)).map((series) => ({ series, run: labels[0] })),
        ...theirs.filter((n) => !names.includes(n)).map((series) => ({
          series,
          run: labels[k + 1],
        })),
      ],
    };
  });

  const notes: string[] = [];
  const runtimes = new Map<string, string[]>();
  runs.forEach((r, i) => {
    const id = runtimeText(r.runtime);
    runtimes.set(id, [...(runtimes.get(id) ?? []), labels[i]]);
  });
  if (runtimes.size > 1) {
    notes.push(
      `the runtimes differ (${
        [...runtimes].map(([rt, who]) => `${rt}: ${who.join(", ")}`).join("; ")
      }): ` +
        "V8's Math.exp and Math.log are part of the arithmetic, so some differences may come from the runtime",
    );
  }
  const lastEpoch = runs.map((r, i) => [r, labels[i]] as const).filter(([r]) =>
    r.metrics?.source === "lastEpoch"
  );
  if (lastEpoch.length > 0) {
    const who = lastEpoch.length === runs.length
      ? "every run's accuracies are its"
      : `the accuracies of ${lastEpoch.map(([, l]) => l).join(", ")} are their`;
    notes.push(`${who} last epoch's, not the final parameters' (no afterTraining in the file)`);
  }
  runs.forEach((r, i) => {
    for (const f of r.missingFiles) {
      notes.push(`${labels[i]}: ${f} is listed in its JSON but missing`);
    }
  });

  const same = (a: unknown, b: unknown) =>
    stringifyResults(a ?? null) === stringifyResults(b ?? null);
  const identical = keys.length === 0 &&
    runs.every((r) => r.status === first.status && same(r.metrics, first.metrics)) &&
    curves.every((c) => c.onlyIn.length === 0 && c.series.every((s) => s.identical));
  return {
    experiment: first.experiment,
    section: first.section,
    title: first.title,
    runs: runs.map((r, i) => ({ label: labels[i], path: r.path, sweepIndex: r.sweepIndex })),
    config,
    metrics,
    curves,
    groups: options.by === undefined ? null : compareGroups(runs, options.by, labels),
    notes,
    identical,
  };
}
