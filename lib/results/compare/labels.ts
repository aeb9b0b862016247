/**
 * What tells runs apart: the config keys whose values differ between them,
 * and a name for each run made of those values (`seed=1`,
 * `hidden=100, seed=2`), or of its folder when nothing differs.
 *
 * @module
 */

import { basename, dirname } from "node:path";
import { formatNumber, stringifyResults } from "../mod.ts";
import type { Run } from "./types.ts";

/**
 * How a config value is shown in a run's name or a table.
 *
 * @param value A config value (undefined when the run lacks the key).
 * @returns `0.1`, `mnist`, `[10, 20]`, or `–` when absent.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { formatConfigValue } from "./labels.ts";
 * assert.deepStrictEqual([1e-7, "mnist", [10, 20], undefined].map(formatConfigValue), ["1e-7", "mnist", "[10, 20]", "–"]);
 * ```
 */
export function formatConfigValue(value: unknown): string {
  if (value === undefined) return "–";
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return `[${value.map(formatConfigValue).join(", ")}]`;
  return stringifyResults(value).replace(/\s+/g, " ").trim();
}

/** A value's identity for comparison (NaN, -0 and nested values included). */
function canonical(value: unknown): string {
  return value === undefined ? "\u0000absent" : stringifyResults(value);
}

/**
 * The config keys whose values are not the same in every run (a key some
 * runs lack counts as differing), in the order they first appear.
 *
 * @param runs The runs.
 * @returns The differing keys.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { differingConfigKeys } from "./labels.ts";
 * const runs = [{ config: { seed: 0, lr: 0.1 } }, { config: { seed: 1, lr: 0.1 } }];
 * assert.deepStrictEqual(differingConfigKeys(runs), ["seed"]);
 * ```
 */
export function differingConfigKeys(
  runs: readonly { readonly config: Readonly<Record<string, unknown>> }[],
): string[] {
  const keys: string[] = [];
  for (const run of runs) {
    for (const k of Object.keys(run.config)) if (!keys.includes(k)) keys.push(k);
  }
  return keys.filter((k) => new Set(runs.map((r) => canonical(r.config[k]))).size > 1);
}

/** The folder a run's JSON is in, the usual name of a results set. */
function folderOf(run: Run): string {
  return basename(dirname(run.path)) || dirname(run.path);
}

/**
 * A name for each run: `key=value` for every differing key (`seed=1`), or
 * its folder's name when no key differs. Names that would still be equal
 * get their folder (then their place, `#2`) added, so every name is unique.
 *
 * @param runs The runs.
 * @param keys The keys to name them by (usually {@linkcode differingConfigKeys}).
 * @returns One unique name per run.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { runLabels } from "./labels.ts";
 * const run = (path: string, seed: number) => ({ path, config: { seed } }) as never;
 * assert.deepStrictEqual(runLabels([run("a/r.json", 0), run("b/r.json", 1)], ["seed"]), ["seed=0", "seed=1"]);
 * assert.deepStrictEqual(runLabels([run("a/r.json", 0), run("b/r.json", 0)], []), ["a", "b"]);
 * assert.deepStrictEqual(runLabels([run("a/r.json", 0), run("a/r.json", 0)], []), ["a #1", "a #2"]);
 * ```
 */
export function runLabels(runs: readonly Run[], keys: readonly string[]): string[] {
  let labels = runs.map((r) =>
    keys.length > 0
      ? keys.map((k) => `${k}=${formatConfigValue(r.config[k])}`).join(", ")
      : folderOf(r)
  );
  const repeated = (names: string[]) => names.map((n) => names.filter((m) => m === n).length > 1);
  const first = repeated(labels);
  if (keys.length > 0 && first.some(Boolean)) {
    labels = labels.map((l, i) => first[i] ? `${l} (${folderOf(runs[i])})` : l);
  }
  const still = repeated(labels);
  return labels.map((l, i) => (still[i] ? `${l} #${i + 1}` : l));
}
