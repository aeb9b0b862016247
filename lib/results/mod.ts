/**
 * Results files that a rerun reproduces byte for byte, so that
 * `git diff results/` shows exactly what a change moved: the experiment
 * JSON, CSV series and SVG figures, each written atomically, written as a
 * result set whose JSON, written last, lists the other files with their
 * SHA-256, so that a set left half-rewritten by a stopped run is found; and
 * the check of our numbers against the digits the book printed. Depends only on
 * `node:` built-ins and the pinned vega and vega-lite packages. Comparing
 * results (`deno task diff`) is its own subpath, `./diff/mod.ts`, so that an
 * experiment does not load it.
 *
 * The files, one idea each (and the test that proves it):
 * - `types.ts`: {@linkcode ResultValue} and {@linkcode ExperimentHeader}, the
 *   shared types;
 * - `format.ts`: {@linkcode formatNumber}, {@linkcode stringifyResults},
 *   {@linkcode parseResultsJson}, the text of a results JSON
 *   (`tests/results/format_test.ts`);
 * - `atomic.ts`: {@linkcode writeTextAtomic}, {@linkcode writeBytesAtomic}
 *   (`tests/results/atomic_test.ts`);
 * - `runtime.ts`: {@linkcode runtimeInfo}, the versions every JSON records
 *   (`tests/results/runtime_test.ts`);
 * - `json.ts`: {@linkcode writeResultsJson}, the experiment JSON: header,
 *   runtime, results (`tests/results/json_test.ts`);
 * - `csv.ts`: {@linkcode formatCsv}, {@linkcode writeCsv}; `csv_read.ts`:
 *   {@linkcode parseResultsCsv} (`tests/results/csv_test.ts`);
 * - `plot.ts`: {@linkcode linePlot}, {@linkcode stackPlots},
 *   {@linkcode renderSvg}, {@linkcode writeSvg}, the book's line figures as
 *   SVG; `quiver_plot.ts`: {@linkcode quiverPlot} (Figure 4-9);
 *   `error_bar_plot.ts`: {@linkcode errorBarPlot} (`tests/results/plot_test.ts`);
 * - `sha256.ts`: {@linkcode sha256Hex}, the digest a result set records
 *   (`tests/results/sha256_test.ts`);
 * - `result_set.ts`: {@linkcode resultSet}, an experiment's CSV and SVG files
 *   and, last, its JSON, which lists them with their SHA-256
 *   (`tests/results/result_set_test.ts`);
 * - `verify_set.ts`: {@linkcode verifyResultSet}, whether a result set's
 *   files are the ones its JSON lists (`tests/results/verify_set_test.ts`);
 * - `printed.ts`: {@linkcode matchesPrinted}, agreement with the book's
 *   printed digits (`tests/results/printed_test.ts`);
 * - `_non_finite.ts`, `_result_set_rules.ts` (private): the spellings of NaN
 *   and the infinities; what a result set's writer and checker agree on.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { formatCsv, parseResultsCsv, parseResultsJson, stringifyResults } from "./mod.ts";
 * const text = stringifyResults({ loss: -0, err: [NaN, Infinity] });
 * assert.strictEqual(text, '{\n  "loss": -0,\n  "err": ["NaN", "Infinity"]\n}\n');
 * assert.deepStrictEqual(parseResultsJson(text), { loss: -0, err: [NaN, Infinity] });
 * const csv = formatCsv(["h", "err"], [[1e-4, -Infinity]]);
 * assert.deepStrictEqual(parseResultsCsv(csv), { header: ["h", "err"], rows: [[1e-4, -Infinity]] });
 * ```
 *
 * @module
 */

export * from "./types.ts";
export * from "./format.ts";
export * from "./atomic.ts";
export * from "./runtime.ts";
export * from "./json.ts";
export * from "./csv.ts";
export * from "./csv_read.ts";
export * from "./plot.ts";
export * from "./quiver_plot.ts";
export * from "./error_bar_plot.ts";
export * from "./sha256.ts";
export * from "./result_set.ts";
export * from "./verify_set.ts";
export * from "./printed.ts";
