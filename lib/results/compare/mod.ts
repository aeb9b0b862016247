/**
 * Comparing runs at a glance (`deno task compare`): what changed between
 * runs, by how much, and whether it is more than seed noise; and the
 * generated `results/README.md` (`deno task report`). `deno task diff`
 * stays the exact-equality gate; this is the overview.
 *
 * A separate subpath (`@dlfs/deno/results/compare`), not part of the
 * top-level `mod.ts`: its t distribution (`@stdlib`) lists the environment
 * variables when it loads, so run it with `--allow-env` or `--ignore-env`.
 * Depends only on `lib/core/` and `lib/results/mod.ts`.
 *
 * | file                      | idea                                                                 |
 * | ------------------------- | -------------------------------------------------------------------- |
 * | `types.ts`                | `Run`, `RunMetrics`, `RunSeries`: one run as read                    |
 * | `parse_runs.ts`           | `parseRuns`: a results JSON (single run or sweep) → runs             |
 * | `read_runs.ts`            | `readRuns`: folders and JSON files → runs, with their CSV files      |
 * | `labels.ts`               | `differingConfigKeys`, `runLabels`: what tells runs apart            |
 * | `curves.ts`               | `compareSeries`: identical, or where and by how much tables differ   |
 * | `welch.ts`                | `welchTTest`, `seedNoiseVerdict`: Welch's t-test, 95% CI             |
 * | `groups.ts`               | `compareGroups`: `--by KEY`, mean ± std per group, tests vs the best |
 * | `compare_runs.ts`         | `compareRuns`: the whole comparison as data                          |
 * | `format.ts`               | `formatComparison`: text, Markdown or JSON                           |
 * | `overlay_plot.ts`         | `overlayPlot`, `movingAverage`: every run's curves in one figure     |
 * | `report.ts`               | `resultsReport`, `writeResultsReport`: `results/README.md`           |
 * | `report_sections.ts`      | `reportSection`: each experiment's headline numbers for the report   |
 * | `_format.ts`, `_table.ts` | (private) number formats; text and Markdown tables                   |
 *
 * Tests: `tests/results/compare/`, the statistics against SciPy's in
 * `tests/fixtures/compare/welch.json` (made by `tests/fixtures/make_compare_fixtures.py`).
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { compareRuns, formatComparison, parseRuns } from "./mod.ts";
 * const sweep = {
 *   experiment: "05_hidden_size_sweep",
 *   config: { hidden: [50, 100], seeds: [0, 1], iters: 1200 },
 *   runs: [[50, 0, 0.7915], [50, 1, 0.7841], [100, 0, 0.8205], [100, 1, 0.8242]].map(
 *     ([hidden, seed, testAcc]) => ({
 *       hidden, seed, status: "completed", final: { trainAcc: testAcc, testAcc, loss: 0.5 },
 *     }),
 *   ),
 * };
 * const c = compareRuns(parseRuns(sweep, "05_hidden_size_sweep.json"), { by: "hidden" });
 * assert.strictEqual(c.groups?.best, "hidden=100");
 * assert.ok(Math.abs(c.groups!.tests[0].welch!.difference - 0.03455) < 1e-12);
 * assert.ok(formatComparison(c).includes("each hidden against the best (hidden=100)"));
 * ```
 *
 * @module
 */

export * from "./types.ts";
export * from "./parse_runs.ts";
export * from "./read_runs.ts";
export * from "./labels.ts";
export * from "./curves.ts";
export * from "./welch.ts";
export * from "./groups.ts";
export * from "./compare_runs.ts";
export * from "./format.ts";
export * from "./overlay_plot.ts";
export * from "./report_sections.ts";
export * from "./report.ts";
