/**
 * Comparing results number by number: two results files, two results
 * directories, or two texts; what `deno task diff A B` (`tools/diff.ts`)
 * runs. Use it to compare two seeds, two machines, or a rerun with the
 * committed results. A subpath of its own (`@dlfs/deno/results/diff`): an
 * experiment that only writes results never loads it.
 *
 * The rules:
 * - JSON: first `experiment` (files of different experiments are not
 *   compared further), then each key of `config` (one difference per key,
 *   with both whole values), then every other value, recursively; `"NaN"`,
 *   `"Infinity"`, `"-Infinity"` are numbers. The top-level `runtime` block
 *   (Deno, V8, TypeScript versions) is only a *note*, never a failure:
 *   another V8 may compute `Math.exp` or `Math.log` differently in the last
 *   bits, and the number comparisons show whether that moved any result.
 * - CSV: the header must match; then cell by cell.
 * - anything else (`*.svg` figures): as text, without tolerance.
 * - Numbers are equal when they are the same double (`-0` and `0` differ,
 *   `NaN` equals `NaN`), or with a tolerance T > 0 when
 *   `|a − b| ≤ T · max(1, |a|, |b|)`; `NaN` only equals `NaN`, and an
 *   infinity only the same infinity, whatever T.
 * - In directories, files are matched by relative path; a file on one side
 *   only is a difference; names starting with `.` are ignored.
 * - A JSON that is a result set (its `sha256` block lists the set's other
 *   files, see `lib/results/result_set.ts`) is checked on each side against
 *   the files beside it: a listed file missing or changed, or a file named
 *   like the set but not listed, is a `"set"` difference, whether files or
 *   directories are compared.
 *
 * The files, one idea each:
 * - `types.ts`: {@linkcode Difference}, {@linkcode ResultsDiff} and the options
 *   the comparisons share;
 * - `tolerance.ts`: {@linkcode numbersEqual}, when two numbers count as equal
 *   (`tests/results/diff/tolerance_test.ts`);
 * - `compare.ts`: {@linkcode diffResultTexts}, two texts by format, pure
 *   (`tests/results/diff/compare_test.ts`);
 * - `files.ts`: {@linkcode diffResultFiles}, {@linkcode diffResultDirs},
 *   {@linkcode diffResultPaths}, on disk (`tests/results/diff/files_test.ts`);
 * - `report.ts`: {@linkcode formatDiffReport}, the lines `deno task diff`
 *   prints (`tests/results/diff/report_test.ts`);
 * - `_comparison.ts` (private): the tolerance check and the accumulator the
 *   comparisons share;
 * - `_sets.ts` (private): each side's result sets checked, as differences
 *   (`tests/results/diff/files_test.ts`).
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { diffResultTexts, formatDiffReport } from "./mod.ts";
 * const diff = diffResultTexts("step,x\n0,-0\n", "step,x\n0,0.5\n", { file: "p.csv" });
 * assert.strictEqual(
 *   formatDiffReport(diff),
 *   "p.csv row 1 col x: -0 vs 0.5 (a - b = -0.5)\n" +
 *     "1 file, 2 numbers compared: 1 file differs (1 number)\n",
 * );
 * ```
 *
 * @module
 */

export * from "./types.ts";
export * from "./tolerance.ts";
export * from "./compare.ts";
export * from "./files.ts";
export * from "./report.ts";
