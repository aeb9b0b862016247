/**
 * Comparing the texts of two results files (pure: text in, differences out),
 * by format:
 *
 * - JSON (read with {@linkcode parseResultsJson}, so `"NaN"`, `"Infinity"`,
 *   `"-Infinity"` are numbers): first `experiment` (files of different
 *   experiments are not compared further), then each key of `config` (one
 *   difference per key, with both whole values), then every other value,
 *   recursively. Strings, booleans and null must be equal; arrays of another
 *   length, keys on one side only and type mismatches are differences. The
 *   top-level `runtime` block is only a note, never a failure; a result
 *   set's `sha256` block is not compared (the files it lists are).
 * - CSV (read with {@linkcode parseResultsCsv}): the header must match; then
 *   cell by cell, with a row-count difference reported once.
 * - text (SVG figures): the first place the texts part. The tolerance does
 *   not apply: figures are drawn from the numbers the JSON and CSV hold.
 *
 * @module
 */

import { SET_KEY } from "../_result_set_rules.ts";
import { parseResultsCsv, type ResultsCsv } from "../csv_read.ts";
import { parseResultsJson } from "../format.ts";
import {
  type Acc,
  addCounts,
  checkTolerance,
  equalWithin,
  finish,
  formatOf,
  isPlainObject,
  keyPath,
  newAcc,
  push,
  typeName,
} from "./_comparison.ts";
import type { DiffOptions, ResultsDiff, ResultsFormat } from "./types.ts";

/** Options of {@linkcode diffResultTexts}. */
export interface DiffTextOptions extends DiffOptions {
  /** The file name shown in differences; its extension picks the format. Default `""`. */
  readonly file?: string;
  /** The format; default from `file`'s extension (`.json`, `.csv`, anything else text). */
  readonly format?: ResultsFormat;
}

/** Characters of context shown on each side of the first difference in a text file. */
const TEXT_CONTEXT = 24;

const hasOwn = (o: object, key: string) => Object.hasOwn(o, key);

/** `o[key]` when `o` has it, else undefined (never an inherited `toString` or `constructor`). */
const own = (o: Record<string, unknown>, key: string) => hasOwn(o, key) ? o[key] : undefined;

function compareNumbers(a: number, b: number, path: string, acc: Acc): void {
  acc.numbers++;
  if (Object.is(a, b)) return;
  if (equalWithin(a, b, acc.tolerance)) acc.tolerated++;
  else push(acc, path, "number", a, b);
}

/** Compares two JSON-like values recursively, pushing every difference. */
function compareValues(a: unknown, b: unknown, path: string, acc: Acc): void {
  const ta = typeName(a), tb = typeName(b);
  if (ta !== tb) return push(acc, path, "type", a, b);
  if (ta === "number") return compareNumbers(a as number, b as number, path, acc);
  if (ta === "array") {
    const xa = a as unknown[], xb = b as unknown[];
    if (xa.length !== xb.length) push(acc, path, "length", xa.length, xb.length);
    const n = Math.min(xa.length, xb.length);
    for (let i = 0; i < n; i++) compareValues(xa[i], xb[i], `${path}[${i}]`, acc);
    return;
  }
  if (ta === "object") {
    const oa = a as Record<string, unknown>, ob = b as Record<string, unknown>;
    for (const key of Object.keys(oa)) {
      if (hasOwn(ob, key)) compareValues(oa[key], ob[key], keyPath(path, key), acc);
      else push(acc, keyPath(path, key), "missing", oa[key], undefined);
    }
    for (const key of Object.keys(ob)) {
      if (!hasOwn(oa, key)) push(acc, keyPath(path, key), "extra", undefined, ob[key]);
    }
    return;
  }
  if (a !== b) push(acc, path, "value", a, b);
}

/** Keys of `a` in order, then the keys only `b` has. */
function unionKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...Object.keys(a), ...Object.keys(b).filter((k) => !hasOwn(a, k))];
}

/** Compares a part of `config` on its own: one "config" difference with both whole values. */
function compareConfigPart(a: unknown, b: unknown, path: string, acc: Acc): void {
  const sub = newAcc(acc.tolerance, acc.file);
  compareValues(a, b, path, sub);
  addCounts(acc, sub);
  if (sub.differences.length > 0) push(acc, path, "config", a, b);
}

/** Compared on their own (experiment, config), as notes (runtime), or not at all (a result set's
 * digests: each side's set is checked against its own files, see files.ts). */
const HEADER_KEYS = new Set(["experiment", "config", "runtime", SET_KEY]);

/** Compares two parsed results JSON values: experiment, config, the body; runtime as notes. */
function compareResultsJson(a: unknown, b: unknown, acc: Acc): void {
  if (!isPlainObject(a) || !isPlainObject(b)) return compareValues(a, b, "$", acc);
  if (hasOwn(a, "experiment") || hasOwn(b, "experiment")) {
    const ea = own(a, "experiment"), eb = own(b, "experiment");
    if (ea !== eb) return push(acc, "$.experiment", "experiment", ea, eb);
  }
  const ca = own(a, "config"), cb = own(b, "config");
  if (isPlainObject(ca) && isPlainObject(cb)) {
    for (const key of unionKeys(ca, cb)) {
      compareConfigPart(own(ca, key), own(cb, key), keyPath("$.config", key), acc);
    }
  } else if (hasOwn(a, "config") || hasOwn(b, "config")) {
    compareConfigPart(ca, cb, "$.config", acc);
  }
  for (const key of unionKeys(a, b)) {
    if (HEADER_KEYS.has(key)) continue;
    if (!hasOwn(b, key)) push(acc, keyPath("$", key), "missing", a[key], undefined);
    else if (!hasOwn(a, key)) push(acc, keyPath("$", key), "extra", undefined, b[key]);
    else compareValues(a[key], b[key], keyPath("$", key), acc);
  }
  if (hasOwn(a, "runtime") || hasOwn(b, "runtime")) {
    const sub = newAcc(0, acc.file);
    compareValues(own(a, "runtime"), own(b, "runtime"), "$.runtime", sub);
    for (const d of sub.differences) acc.notes.push({ ...d, kind: "runtime" });
  }
}

function compareCsv(a: ResultsCsv, b: ResultsCsv, acc: Acc): void {
  const sameHeader = a.header.length === b.header.length &&
    a.header.every((h, k) => h === b.header[k]);
  if (!sameHeader) return push(acc, "header", "header", a.header, b.header);
  if (a.rows.length !== b.rows.length) push(acc, "rows", "rows", a.rows.length, b.rows.length);
  const n = Math.min(a.rows.length, b.rows.length);
  for (let r = 0; r < n; r++) {
    const ra = a.rows[r], rb = b.rows[r];
    if (ra.length !== rb.length) push(acc, `row ${r + 1}`, "length", ra.length, rb.length);
    const m = Math.min(ra.length, rb.length);
    for (let c = 0; c < m; c++) {
      compareValues(ra[c], rb[c], `row ${r + 1} col ${a.header[c] ?? c + 1}`, acc);
    }
  }
}

function excerpt(text: string, at: number): string {
  const start = Math.max(0, at - TEXT_CONTEXT), end = Math.min(text.length, at + TEXT_CONTEXT);
  return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
}

function compareText(a: string, b: string, acc: Acc): void {
  if (a === b) return;
  let i = 0;
  const n = Math.min(a.length, b.length);
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  const before = a.slice(0, i);
  const line = before.split("\n").length;
  const col = i - (before.lastIndexOf("\n") + 1) + 1;
  push(acc, `line ${line} col ${col}`, "text", excerpt(a, i), excerpt(b, i));
}

function tryParse<T>(parse: (text: string) => T, text: string): { value?: T; error?: string } {
  try {
    return { value: parse(text) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function diffTextsInto(a: string, b: string, format: ResultsFormat, acc: Acc): void {
  if (format === "text") return compareText(a, b, acc);
  const parse = format === "json" ? parseResultsJson : parseResultsCsv;
  const pa = tryParse(parse, a), pb = tryParse(parse, b);
  if (pa.error !== undefined || pb.error !== undefined) {
    if (a !== b) push(acc, "", "invalid", pa.error ?? null, pb.error ?? null);
    return;
  }
  if (format === "json") compareResultsJson(pa.value, pb.value, acc);
  else compareCsv(pa.value as ResultsCsv, pb.value as ResultsCsv, acc);
}

/**
 * Compares the texts of two results files (pure: text in, differences out).
 * See the module doc for the rules of each format.
 *
 * @param a A's text.
 * @param b B's text.
 * @param options `file` (the name shown, whose extension picks the format),
 * `format` to override it, `tolerance`.
 * @returns The differences and counts (`files` is 1). A file that does not
 * parse is one `"invalid"` difference, unless both texts are the same.
 * @throws {TypeError} When the tolerance is not a number or the format unknown.
 * @throws {RangeError} When the tolerance is negative or not finite.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { diffResultTexts } from "./compare.ts";
 * const a = '{"experiment": "x", "config": {"lr": 0.1}, "acc": [0.5, 0.75]}';
 * const b = '{"experiment": "x", "config": {"lr": 0.1}, "acc": [0.5, 0.7500000000000001]}';
 * const exact = diffResultTexts(a, b, { file: "x.json" });
 * assert.deepStrictEqual(exact.differences, [
 *   { file: "x.json", path: "$.acc[1]", kind: "number", a: 0.75, b: 0.7500000000000001 },
 * ]);
 * assert.strictEqual(exact.numbers, 3);
 * const close = diffResultTexts(a, b, { file: "x.json", tolerance: 1e-12 });
 * assert.deepStrictEqual([close.differences.length, close.tolerated], [0, 1]);
 * ```
 */
export function diffResultTexts(a: string, b: string, options: DiffTextOptions = {}): ResultsDiff {
  const tolerance = checkTolerance(options.tolerance ?? 0);
  if (typeof a !== "string" || typeof b !== "string") {
    throw new TypeError(
      `Cannot compare results texts as both must be strings: a is ${typeName(a)}, b is ${
        typeName(b)
      }`,
    );
  }
  const file = options.file ?? "";
  const format = options.format ?? formatOf(file);
  if (!["json", "csv", "text"].includes(format)) {
    throw new TypeError(
      `Cannot compare results texts as the format must be json, csv or text: format=${
        String(format)
      }`,
    );
  }
  const acc = newAcc(tolerance, file);
  diffTextsInto(a, b, format, acc);
  return finish(acc, 1);
}
