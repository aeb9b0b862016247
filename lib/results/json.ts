/**
 * The experiment JSON: `<outDir>/<experiment>.json` with the header
 * (experiment, section, title, seed, config), the runtime versions, then the
 * experiment's results, in the layout of {@linkcode stringifyResults}.
 *
 * @module
 */

import { join } from "node:path";
import { writeTextAtomic } from "./atomic.ts";
import { stringifyResults } from "./format.ts";
import { runtimeInfo } from "./runtime.ts";
import type { ExperimentHeader, ResultValue } from "./types.ts";

/**
 * Writes `<outDir>/<experiment>.json`: the header (experiment, section,
 * title, seed, config), the runtime versions, then `body`'s keys.
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
  const path = join(outDir, `${header.experiment}.json`);
  const { experiment, section, title, seed, config } = header;
  const taken = ["experiment", "section", "title", "seed", "config", "runtime"].filter((k) =>
    k in body
  );
  if (taken.length > 0) {
    throw new TypeError(
      `Cannot write results JSON as the body must not repeat header keys: ${taken.join(", ")}`,
    );
  }
  await writeTextAtomic(
    path,
    stringifyResults({
      experiment,
      section,
      title,
      seed,
      config,
      runtime: { ...runtimeInfo() },
      ...body,
    }),
  );
  return path;
}
