/**
 * The text `deno task diff` prints for a comparison: runtime notes, one line
 * per difference (file, path, both values in shortest round-trip form and
 * `a - b` for numbers; at most a limit per file), then a summary line.
 *
 * @module
 */

import { formatNumber } from "../format.ts";
import { isPlainObject, typeName } from "./_comparison.ts";
import type { Difference, ResultsDiff } from "./types.ts";

/** Options of {@linkcode formatDiffReport}. */
export interface ReportOptions {
  /** Print at most this many differences per file (default 50). */
  readonly limit?: number;
  /** Only the summary line. */
  readonly quiet?: boolean;
}

/** Longest value shown in a report line before it is cut with "…". */
const MAX_SHOWN = 80;
/** Differences printed per file when no limit is given. */
export const DEFAULT_LIMIT = 50;

/** Compact one-line form of a value, numbers in shortest round-trip form. */
function compact(v: unknown): string {
  if (v === undefined) return "(missing)";
  if (typeof v === "number") return formatNumber(v);
  if (Array.isArray(v)) return `[${v.map(compact).join(", ")}]`;
  if (isPlainObject(v)) {
    return `{${
      Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${compact(x)}`).join(", ")
    }}`;
  }
  return JSON.stringify(v);
}

function show(v: unknown): string {
  const text = compact(v);
  return text.length <= MAX_SHOWN ? text : text.slice(0, MAX_SHOWN - 1) + "…";
}

/** What is wrong on each side, `A: …; B: …`, leaving out a side that is fine (null). */
function bySide(d: Difference, say: (v: unknown) => string): string {
  const sides = [d.a === null ? "" : `A: ${say(d.a)}`, d.b === null ? "" : `B: ${say(d.b)}`];
  return sides.filter((w) => w !== "").join("; ");
}

/** What a result set's problem kind means; any other value is an error message, shown as is. */
const SET_PROBLEMS: { readonly [kind: string]: string } = {
  missing: "listed, but the file is missing",
  changed: "listed, but the file's bytes have another SHA-256",
  unlisted: "named like the set, but not listed",
};

function setProblem(v: unknown): string {
  return typeof v === "string" && Object.hasOwn(SET_PROBLEMS, v) ? SET_PROBLEMS[v] : String(v);
}

/** The report line of one difference. */
function describe(d: Difference): string {
  const where = d.path === "" ? d.file : `${d.file} ${d.path}`;
  switch (d.kind) {
    case "number":
      return `${where}: ${show(d.a)} vs ${show(d.b)} (a - b = ${
        formatNumber((d.a as number) - (d.b as number))
      })`;
    case "type":
      return `${where}: ${show(d.a)} vs ${show(d.b)} (${typeName(d.a)} vs ${typeName(d.b)})`;
    case "length":
      return `${where}: length ${d.a} vs ${d.b}`;
    case "rows":
      return `${d.file}: ${d.a} rows vs ${d.b} rows`;
    case "missing":
      return d.path === "" ? `${d.file}: only in A` : `${where}: only in A (${show(d.a)})`;
    case "extra":
      return d.path === "" ? `${d.file}: only in B` : `${where}: only in B (${show(d.b)})`;
    case "invalid":
      return `${where}: cannot be parsed: ${bySide(d, String)}`;
    case "set":
      return `${where}: result set does not match its files: ${bySide(d, setProblem)}`;
    case "config":
      return `${where}: ${show(d.a)} vs ${show(d.b)} (config differs)`;
    case "experiment":
      return `${where}: ${show(d.a)} vs ${show(d.b)} (different experiments; not compared further)`;
    default:
      return `${where}: ${show(d.a)} vs ${show(d.b)}`;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * The summary of what differs, in plain words: files on one side only, then
 * the files on both sides that differ with their numbers and other
 * differences, then the result sets whose files do not match their JSON, e.g.
 * `1 file only in B, 2 files differ (3 numbers, 1 other difference), 1 result set does not match its files`.
 */
function whatDiffers(differences: readonly Difference[]): string {
  let onlyA = 0, onlyB = 0, numbers = 0, other = 0;
  const differing = new Set<string>(), sets = new Set<string>();
  for (const d of differences) {
    if (d.path === "" && d.kind === "missing") onlyA++;
    else if (d.path === "" && d.kind === "extra") onlyB++;
    else if (d.kind === "set") sets.add(d.file);
    else {
      differing.add(d.file);
      if (d.kind === "number") numbers++;
      else other++;
    }
  }
  const parts: string[] = [];
  if (onlyA > 0) parts.push(`${plural(onlyA, "file")} only in A`);
  if (onlyB > 0) parts.push(`${plural(onlyB, "file")} only in B`);
  if (differing.size > 0) {
    const what = [];
    if (numbers > 0) what.push(plural(numbers, "number"));
    if (other > 0) what.push(plural(other, "other difference"));
    const verb = differing.size === 1 ? "differs" : "differ";
    parts.push(`${plural(differing.size, "file")} ${verb} (${what.join(", ")})`);
  }
  if (sets.size > 0) {
    const verb = sets.size === 1 ? "does not match its files" : "do not match their files";
    parts.push(`${plural(sets.size, "result set")} ${verb}`);
  }
  return parts.join(", ");
}

/**
 * The text `deno task diff` prints: runtime notes (once per distinct value),
 * at most `limit` differences per file then `… and N more in FILE`, and a
 * summary line `N files, M numbers compared: ` and what differs, in plain
 * words: `1 file only in A, 1 file only in B, 2 files differ (3 numbers, 1
 * other difference), 1 result set does not match its files`, then
 * `; K more numbers within tolerance T` (or
 * `identical`, `identical within tolerance T`). A file on one side only is
 * counted as such, not as its numbers.
 *
 * @param diff A comparison.
 * @param options `limit` per file (default 50), `quiet` for the summary line only.
 * @returns Lines ending in a newline.
 * @throws {RangeError} When `limit` is not a positive integer.
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
 */
export function formatDiffReport(diff: ResultsDiff, options: ReportOptions = {}): string {
  const { limit = DEFAULT_LIMIT, quiet = false } = options;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new RangeError(
      `Cannot format a diff report as the limit must be a positive integer: limit=${limit}`,
    );
  }
  const lines: string[] = [];
  if (!quiet) {
    const notes = new Map<string, { d: Difference; files: number }>();
    for (const d of diff.notes) {
      const key = `${d.path}\u0000${compact(d.a)}\u0000${compact(d.b)}`;
      const seen = notes.get(key);
      if (seen) seen.files++;
      else notes.set(key, { d, files: 1 });
    }
    for (const { d, files } of notes.values()) {
      lines.push(
        `note: ${d.path} differs in ${plural(files, "file")}: ${show(d.a)} vs ${show(d.b)}`,
      );
    }
    if (notes.size > 0) {
      lines.push(
        "note: a runtime difference is not a failure by itself: another V8 may round Math.exp " +
          "or Math.log differently in the last bits, and the numbers compared show whether it did",
      );
    }
    // Differences come grouped by file; print at most `limit` of each group.
    const ds = diff.differences;
    for (let i = 0, j = 0; i < ds.length; i = j) {
      while (j < ds.length && ds[j].file === ds[i].file) j++;
      for (let k = i; k < Math.min(j, i + limit); k++) lines.push(describe(ds[k]));
      if (j - i > limit) lines.push(`… and ${j - i - limit} more in ${ds[i].file}`);
    }
  }
  const head = `${plural(diff.files, "file")}, ${plural(diff.numbers, "number")} compared: `;
  if (diff.differences.length > 0) {
    const tolerated = diff.tolerance > 0 && diff.tolerated > 0
      ? `; ${plural(diff.tolerated, "more number")} within tolerance ${
        formatNumber(diff.tolerance)
      }`
      : "";
    lines.push(`${head}${whatDiffers(diff.differences)}${tolerated}`);
  } else if (diff.tolerance > 0) {
    const note = diff.tolerated > 0 ? ` (${diff.tolerated} not bit-identical)` : "";
    lines.push(`${head}identical within tolerance ${formatNumber(diff.tolerance)}${note}`);
  } else {
    lines.push(`${head}identical`);
  }
  return lines.join("\n") + "\n";
}
