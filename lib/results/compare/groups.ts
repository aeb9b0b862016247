/**
 * Runs grouped by one config key (`--by hidden`): per group the number of
 * runs and the mean ± std (n − 1) of the final train and test accuracy; then
 * each group against the best one (the highest mean test accuracy), the
 * difference of means with its 95% confidence interval and Welch's p-value,
 * and a verdict in plain words. That answers "is 50 really better than
 * 100, or is it seed noise?" for every size at once. The p-values are per
 * comparison (not corrected for making several).
 *
 * @module
 */

import { meanStd } from "../../core/mod.ts";
import { stringifyResults } from "../mod.ts";
import { formatConfigValue } from "./labels.ts";
import type { Run } from "./types.ts";
import { seedNoiseVerdict, type WelchResult, welchTTest } from "./welch.ts";

/** The accuracies that are summarized and tested. */
export type GroupMetric = "trainAcc" | "testAcc";

/** One group of runs that share a value of the key. */
export interface RunGroup {
  /** The shared value. */
  readonly value: unknown;
  /** `key=value`, e.g. `hidden=50`. */
  readonly label: string;
  /** Positions of its runs in the runs given. */
  readonly runs: readonly number[];
  /** Mean ± std (n − 1; NaN for one run) of each accuracy, over the runs that have it. */
  readonly stats: {
    readonly [M in GroupMetric]: {
      readonly n: number;
      readonly mean: number;
      readonly std: number;
    };
  };
}

/** One group against the best group, for one accuracy. */
export interface GroupTest {
  /** Which accuracy. */
  readonly metric: GroupMetric;
  /** The best group's label (the difference is best − other). */
  readonly best: string;
  /** The other group's label. */
  readonly other: string;
  /** Welch's test of best vs other, or null when a group has fewer than 2 runs. */
  readonly welch: WelchResult | null;
  /** The verdict in plain words. */
  readonly verdict: string;
}

/** Runs grouped by a key, and the tests between the groups. */
export interface GroupComparison {
  /** The config key. */
  readonly key: string;
  /** The groups, by value (numbers ascending, otherwise in order of appearance). */
  readonly groups: readonly RunGroup[];
  /** The label of the group with the highest mean test accuracy, or null. */
  readonly best: string | null;
  /** Each other group against the best: test accuracy first, then train accuracy. */
  readonly tests: readonly GroupTest[];
  /** What to keep in mind: groups of fewer than 2 runs, runs left out, diverged runs. */
  readonly warnings: readonly string[];
}

/**
 * Groups runs by a config key and tests each group against the best one.
 *
 * @param runs The runs (each needs the key in its config and final accuracies).
 * @param key The config key, e.g. `hidden`.
 * @param labels The runs' names, for warnings (default: their paths).
 * @returns Groups, tests and warnings.
 * @throws {RangeError} When a run lacks the key, or a run has no final
 *   accuracies (it is not a training run).
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { compareGroups } from "./groups.ts";
 * const run = (hidden: number, testAcc: number) =>
 *   ({ path: "r.json", config: { hidden }, status: "completed",
 *      metrics: { source: "afterTraining", iteration: 9, trainAcc: testAcc, testAcc, loss: 1 } }) as never;
 * const c = compareGroups([run(50, 0.95), run(50, 0.94), run(100, 0.93), run(100, 0.92)], "hidden");
 * assert.strictEqual(c.best, "hidden=50");
 * assert.deepStrictEqual(c.groups.map((g) => g.stats.testAcc.n), [2, 2]);
 * assert.strictEqual(c.tests[0].other, "hidden=100");
 * assert.ok(Math.abs(c.tests[0].welch!.difference - 0.02) < 1e-12);
 * ```
 */
export function compareGroups(
  runs: readonly Run[],
  key: string,
  labels: readonly string[] = runs.map((r) => r.path),
): GroupComparison {
  const lacking = runs.findIndex((r) => !Object.hasOwn(r.config, key));
  if (lacking >= 0) {
    throw new RangeError(
      `Cannot group runs by a key that is not in every run's config: key=${key}, ` +
        `${labels[lacking]} has ${Object.keys(runs[lacking].config).join(", ") || "no keys"}`,
    );
  }
  const untrained = runs.findIndex((r) => r.metrics === null);
  if (untrained >= 0) {
    throw new RangeError(
      `Cannot group runs as every run needs final accuracies: ${labels[untrained]} ` +
        `(${runs[untrained].experiment}) is not a training run`,
    );
  }
  const byValue = new Map<string, { value: unknown; runs: number[] }>();
  runs.forEach((r, i) => {
    const id = stringifyResults(r.config[key]);
    if (!byValue.has(id)) byValue.set(id, { value: r.config[key], runs: [] });
    byValue.get(id)!.runs.push(i);
  });
  const entries = [...byValue.values()];
  if (entries.every((e) => typeof e.value === "number")) {
    entries.sort((x, y) => (x.value as number) - (y.value as number));
  }
  const warnings: string[] = [];
  const values = (members: readonly number[], metric: GroupMetric) =>
    members.map((i) => runs[i].metrics![metric]).filter((v): v is number => v !== null);
  const groups: RunGroup[] = entries.map((e) => {
    const label = `${key}=${formatConfigValue(e.value)}`;
    const stat = (metric: GroupMetric) => {
      const v = values(e.runs, metric);
      return v.length === 0 ? { n: 0, mean: NaN, std: NaN } : { n: v.length, ...meanStd(v) };
    };
    return {
      value: e.value,
      label,
      runs: e.runs,
      stats: { trainAcc: stat("trainAcc"), testAcc: stat("testAcc") },
    };
  });
  runs.forEach((r, i) => {
    for (const metric of ["trainAcc", "testAcc"] as const) {
      if (r.metrics![metric] === null) {
        warnings.push(`${labels[i]} has no final ${metric}: left out`);
      }
    }
    if (r.status !== null && r.status !== "completed") {
      warnings.push(`${labels[i]} is ${r.status}: its accuracies are included`);
    }
  });
  for (const g of groups) {
    if (g.stats.testAcc.n < 2) {
      warnings.push(
        `${g.label} has ${g.stats.testAcc.n} run${g.stats.testAcc.n === 1 ? "" : "s"} ` +
          `with accuracies: no std and no test (run more seeds)`,
      );
    }
  }
  if (groups.length < 2) {
    warnings.push(`every run has ${groups[0]?.label ?? `no ${key}`}: no groups to compare`);
  }
  const sources = new Set(runs.map((r) => r.metrics!.source));
  if (sources.size > 1) {
    warnings.push(
      "some runs' accuracies are after training, others from their last epoch: not the same measure",
    );
  }
  let best: RunGroup | null = null;
  for (const g of groups) {
    if (
      g.stats.testAcc.n > 0 && (best === null || g.stats.testAcc.mean > best.stats.testAcc.mean)
    ) {
      best = g;
    }
  }
  const tests: GroupTest[] = [];
  if (best !== null) {
    for (const metric of ["testAcc", "trainAcc"] as const) {
      for (const g of groups) {
        if (g === best) continue;
        const a = values(best.runs, metric), b = values(g.runs, metric);
        const welch = a.length >= 2 && b.length >= 2 ? welchTTest(a, b) : null;
        const verdict = welch ? seedNoiseVerdict(welch.p) : "fewer than 2 runs: cannot tell";
        tests.push({ metric, best: best.label, other: g.label, welch, verdict });
      }
    }
  }
  return { key, groups, best: best?.label ?? null, tests, warnings };
}
