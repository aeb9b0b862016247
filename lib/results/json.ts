/**
 * The experiment JSON: `<outDir>/<experiment>.json` with the header
 * (experiment, section, title, seed, config), the runtime versions, for a
 * result set the SHA-256 of its other files, then the experiment's results,
 * in the layout of {@linkcode stringifyResults}.
 *
 * @module
 */

import { join } from "node:path";
import { SET_KEY } from "./_result_set_rules.ts";
import { writeTextAtomic } from "./atomic.ts";
import { stringifyResults } from "./format.ts";
import { runtimeInfo } from "./runtime.ts";
import type { ExperimentHeader, ResultValue } from "./types.ts";

/** Keys the header, the runtime and a result set's file list take; a body must not repeat them. */
const RESERVED = ["experiment", "section", "title", "seed", "config", "runtime", SET_KEY];

/** Options of {@linkcode formatResultsJson}. */
export interface ResultsJsonOptions {
  /**
   * The files of a result set with their SHA-256 (hex), in write order,
   * written as the `sha256` block after `runtime` (see {@linkcode resultSet},
   * which fills it in). Absent for a JSON that is not a result set.
   */
  readonly sha256?: { readonly [file: string]: string };
}

/**
 * The text of an experiment's JSON: the header (experiment, section, title,
 * seed, config), the runtime versions, the `sha256` block when given, then
 * `body`'s keys.
 *
 * @param header Experiment, section, title, seed and config.
 * @param body The results.
 * @param options `sha256`, a result set's files.
 * @returns JSON text ending in a newline.
 * @throws {TypeError} When `body` repeats a header key, or holds a value JSON cannot.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { formatResultsJson } from "./json.ts";
 * const header = { experiment: "99_x", section: "4.2", title: "t", seed: null, config: {} };
 * const text = formatResultsJson(header, { loss: 0.5 });
 * assert.ok(text.startsWith('{\n  "experiment": "99_x",\n  "section": "4.2",'));
 * assert.ok(text.endsWith('\n  },\n  "loss": 0.5\n}\n'));
 * ```
 */
export function formatResultsJson(
  header: ExperimentHeader,
  body: { readonly [key: string]: ResultValue },
  options: ResultsJsonOptions = {},
): string {
  const { experiment, section, title, seed, config } = header;
  const taken = RESERVED.filter((k) => k in body);
  if (taken.length > 0) {
    throw new TypeError(
      `Cannot write results JSON as the body must not repeat header keys: ${taken.join(", ")}`,
    );
  }
  return stringifyResults({
    experiment,
    section,
    title,
    seed,
    config,
    runtime: { ...runtimeInfo() },
    ...(options.sha256 === undefined ? {} : { [SET_KEY]: { ...options.sha256 } }),
    ...body,
  });
}

/**
 * Writes `<outDir>/<experiment>.json`: the header (experiment, section,
 * title, seed, config), the runtime versions, then `body`'s keys. (An
 * experiment that also writes CSV or SVG files writes them and this JSON
 * through {@linkcode resultSet} instead, so that the JSON lists them.)
 *
 * @param outDir Results directory.
 * @param header Experiment, section, title, seed and config.
 * @param body The results.
 * @returns The path written.
 * @throws {TypeError} When `body` repeats a header key, or holds a value JSON cannot.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseResultsJson } from "./format.ts";
 * import { writeResultsJson } from "./json.ts";
 * const dir = await Deno.makeTempDir();
 * const header = { experiment: "99_x", section: "4.2", title: "t", seed: null, config: {} };
 * const path = await writeResultsJson(dir, header, { loss: NaN });
 * const written = parseResultsJson(await Deno.readTextFile(path)) as Record<string, unknown>;
 * assert.deepStrictEqual(Object.keys(written).at(-1), "loss");
 * assert.ok(Number.isNaN(written.loss));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeResultsJson(
  outDir: string,
  header: ExperimentHeader,
  body: { readonly [key: string]: ResultValue },
): Promise<string> {
  const text = formatResultsJson(header, body);
  const path = join(outDir, `${header.experiment}.json`);
  await writeTextAtomic(path, text);
  return path;
}
