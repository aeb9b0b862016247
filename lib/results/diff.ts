/**
 * Compares two results files or two results directories number by number:
 * `deno task diff A B [--tolerance T] [--limit N] [--quiet]`. Use it to
 * compare two seeds, two machines, or a rerun with the committed results.
 *
 * What is compared, by file name:
 * - `*.json` (read with {@linkcode parseResultsJson}, so `"NaN"`,
 *   `"Infinity"`, `"-Infinity"` are numbers): first `experiment` (files of
 *   different experiments are not compared further), then each key of
 *   `config` (one difference per key, with both whole values), then every
 *   other value, recursively. Strings, booleans and null must be equal;
 *   arrays of another length, keys on one side only and type mismatches are
 *   differences. The top-level `runtime` block (Deno, V8, TypeScript
 *   versions) is only a *note*, never a failure: another V8 may compute
 *   `Math.exp` or `Math.log` differently in the last bits, and the number
 *   comparisons show whether that moved any result.
 * - `*.csv` (read with {@linkcode parseResultsCsv}): the header must match;
 *   then cell by cell, with a row-count difference reported once.
 * - anything else (`*.svg` figures): as text, reporting the first place the
 *   texts part. The tolerance does not apply: figures are drawn from the
 *   numbers that the JSON and CSV files hold.
 *
 * Numbers are equal when they are the same double (`Object.is`: `-0` and `0`
 * differ, `NaN` equals `NaN`). With a tolerance `T > 0` (see
 * {@linkcode numbersEqual}) `a` and `b` are equal when
 * `|a − b| ≤ T · max(1, |a|, |b|)`: relative for large values, absolute
 * near zero. `NaN` only equals `NaN`, and an infinity only equals the same
 * infinity, whatever `T`.
 *
 * In directories, files are matched by relative path (subdirectories
 * included); a file on one side only is a difference; names starting with
 * `.` (the temporary files of an atomic write) are ignored.
 *
 * The command prints one line per difference (file, path, both values in
 * shortest round-trip form and `a - b` for numbers; at most `--limit` per
 * file), then `N files, M numbers compared: K differ` or `… identical`.
 * Exit code 0 when identical (within the tolerance), 1 when something
 * differs, 2 for a usage error (a missing argument, a path that does not
 * exist, a file compared with a directory).
 *
 * @module
 */

import { basename, extname, join } from "node:path";
import {
  type CliSpec,
  EXIT,
  intFlag,
  numberFlag,
  runCli,
  switchFlag,
  UsageError,
} from "../cli/cli.ts";
import { formatNumber, parseResultsJson } from "./results.ts";

/** What a {@linkcode Difference} is about. */
export type DifferenceKind =
  /** Two numbers that are not equal (under the tolerance, if any). */
  | "number"
  /** Two strings, booleans or nulls that differ. */
  | "value"
  /** Values of different types (e.g. number vs string, array vs object). */
  | "type"
  /** Arrays (or CSV rows) of different length; `a` and `b` are the lengths. */
  | "length"
  /** A key or file in A only; `b` is `undefined`. */
  | "missing"
  /** A key or file in B only; `a` is `undefined`. */
  | "extra"
  /** The JSON files are results of different experiments; nothing else is compared. */
  | "experiment"
  /** A `config` key differs; `a` and `b` are the whole values (`undefined` when absent). */
  | "config"
  /** The CSV headers differ; `a` and `b` are the column names; rows are not compared. */
  | "header"
  /** The CSV files have different row counts; `a` and `b` are the counts. */
  | "rows"
  /** Text files differ; `a` and `b` are excerpts around the first difference. */
  | "text"
  /** A file cannot be parsed; `a` and `b` are the parse errors (null for a side that parsed). */
  | "invalid"
  /** A `runtime` value differs (only in {@linkcode ResultsDiff.notes}, never a failure). */
  | "runtime";

/** One difference between A and B. */
export interface Difference {
  /** The file, relative to the compared directories (or the file's name). */
  readonly file: string;
  /**
   * Where in the file: `$.epochs.testAcc[3]` (JSON), `row 4 col test_acc`
   * (CSV, row 1 is the first line after the header), `line 1 col 4521`
   * (text), or `""` for the whole file.
   */
  readonly path: string;
  /** What kind of difference. */
  readonly kind: DifferenceKind;
  /** A's value (`undefined` when A lacks it). */
  readonly a: unknown;
  /** B's value (`undefined` when B lacks it). */
  readonly b: unknown;
}

/** The outcome of a comparison. */
export interface ResultsDiff {
  /** The tolerance used (0: bit for bit). */
  readonly tolerance: number;
  /** Files looked at (for directories: the union of both sides). */
  readonly files: number;
  /** Pairs of numbers compared. */
  readonly numbers: number;
  /** Pairs of numbers that are not the same double but equal within the tolerance. */
  readonly tolerated: number;
  /** The differences, file by file in name order, each file's in reading order. */
  readonly differences: readonly Difference[];
  /** Differences that are not failures (the `runtime` block). */
  readonly notes: readonly Difference[];
}

/** Options of the `diffResult*` functions. */
export interface DiffOptions {
  /**
   * Accept numbers with `|a − b| ≤ tolerance · max(1, |a|, |b|)`; 0 (the
   * default) compares bit for bit. A finite number ≥ 0.
   */
  readonly tolerance?: number;
}

/** How a file's text is compared. */
export type ResultsFormat = "json" | "csv" | "text";

/** Options of {@linkcode diffResultTexts}. */
export interface DiffTextOptions extends DiffOptions {
  /** The file name shown in differences; its extension picks the format. Default `""`. */
  readonly file?: string;
  /** The format; default from `file`'s extension (`.json`, `.csv`, anything else text). */
  readonly format?: ResultsFormat;
}

/** Options of {@linkcode formatDiffReport}. */
export interface ReportOptions {
  /** Print at most this many differences per file (default 50). */
  readonly limit?: number;
  /** Only the summary line. */
  readonly quiet?: boolean;
}

/** Characters of context shown on each side of the first difference in a text file. */
const TEXT_CONTEXT = 24;
/** Longest value shown in a report line before it is cut with "…". */
const MAX_SHOWN = 80;
/** Differences printed per file when no limit is given. */
const DEFAULT_LIMIT = 50;

function checkTolerance(tolerance: unknown): number {
  if (typeof tolerance !== "number") {
    throw new TypeError(
      `Cannot compare results as the tolerance must be a number: tolerance=${String(tolerance)}`,
    );
  }
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw new RangeError(
      `Cannot compare results as the tolerance must be a finite number >= 0: tolerance=${
        formatNumber(tolerance)
      }`,
    );
  }
  return tolerance;
}

/** Equality under an already checked tolerance. */
function equalWithin(a: number, b: number, tolerance: number): boolean {
  if (Object.is(a, b)) return true; // same double; NaN equals NaN here
  if (tolerance === 0) return false; // exact: -0 vs 0 and every changed bit differ
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false; // NaN or an infinity vs anything else
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Whether two numbers count as equal in a results comparison.
 *
 * Without a tolerance they must be the same double (`Object.is`: `-0` and
 * `0` differ, `NaN` equals `NaN`). With `tolerance` T > 0 they are equal
 * when `|a − b| ≤ T · max(1, |a|, |b|)` — relative for values above 1,
 * absolute below — while `NaN` only equals `NaN` and an infinity only equals
 * the same infinity.
 *
 * @param a A's number.
 * @param b B's number.
 * @param options `tolerance`, a finite number ≥ 0 (default 0).
 * @returns True when equal under the rule.
 * @throws {TypeError} When the tolerance is not a number.
 * @throws {RangeError} When the tolerance is negative or not finite.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { numbersEqual } from "./diff.ts";
 * assert.ok(!numbersEqual(0.1 + 0.2, 0.3));
 * assert.ok(numbersEqual(0.1 + 0.2, 0.3, { tolerance: 1e-12 }));
 * assert.ok(!numbersEqual(-0, 0));
 * assert.ok(numbersEqual(NaN, NaN, { tolerance: 1e-12 }));
 * assert.ok(!numbersEqual(Infinity, -Infinity, { tolerance: 1e300 }));
 * ```
 */
export function numbersEqual(a: number, b: number, options: DiffOptions = {}): boolean {
  return equalWithin(a, b, checkTolerance(options.tolerance ?? 0));
}

/** The accumulating state of one comparison. */
interface Acc {
  readonly tolerance: number;
  file: string;
  numbers: number;
  tolerated: number;
  differences: Difference[];
  notes: Difference[];
}

function newAcc(tolerance: number, file = ""): Acc {
  return { tolerance, file, numbers: 0, tolerated: 0, differences: [], notes: [] };
}

function push(acc: Acc, path: string, kind: DifferenceKind, a: unknown, b: unknown): void {
  acc.differences.push({ file: acc.file, path, kind, a, b });
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeName(v) === "object";
}

const hasOwn = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

/** `o[key]` when `o` has it, else undefined (never an inherited `toString` or `constructor`). */
const own = (o: Record<string, unknown>, key: string) => hasOwn(o, key) ? o[key] : undefined;

/** `$.key` for identifier-like keys, `$["odd key"]` otherwise. */
function keyPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

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

const HEADER_KEYS = new Set(["experiment", "config", "runtime"]);

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
      const sub = newAcc(acc.tolerance, acc.file);
      compareValues(own(ca, key), own(cb, key), keyPath("$.config", key), sub);
      acc.numbers += sub.numbers;
      acc.tolerated += sub.tolerated;
      if (sub.differences.length > 0) {
        push(acc, keyPath("$.config", key), "config", own(ca, key), own(cb, key));
      }
    }
  } else if (hasOwn(a, "config") || hasOwn(b, "config")) {
    const sub = newAcc(acc.tolerance, acc.file);
    compareValues(ca, cb, "$.config", sub);
    acc.numbers += sub.numbers;
    acc.tolerated += sub.tolerated;
    if (sub.differences.length > 0) push(acc, "$.config", "config", ca, cb);
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

/** A results CSV read back: the column names and the rows. */
export interface ResultsCsv {
  /** Column names. */
  readonly header: string[];
  /**
   * Rows of cells: numbers for unquoted cells that are decimal numbers or
   * `NaN`, `Infinity`, `-Infinity`; strings otherwise (quoted cells always).
   */
  readonly rows: (number | string)[][];
}

const NUMBER_CELL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE_CELLS: Record<string, number> = {
  "NaN": NaN,
  "Infinity": Infinity,
  "-Infinity": -Infinity,
};

function cellValue(text: string, quoted: boolean): number | string {
  if (quoted) return text;
  if (NUMBER_CELL.test(text)) return Number(text);
  return hasOwn(NON_FINITE_CELLS, text) ? NON_FINITE_CELLS[text] : text;
}

/**
 * Parses CSV as {@linkcode formatCsv} writes it: a header line, rows, `"`
 * quoting with `""` for a quote inside, LF (or CRLF) line ends. Unquoted
 * cells that are decimal numbers or `NaN`, `Infinity`, `-Infinity` become
 * numbers (`-0` keeps its sign).
 *
 * @param text CSV text.
 * @returns The header and the rows (an empty text has no columns and no rows).
 * @throws {RangeError} When a quoted cell is not closed or a quote is followed by text.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseResultsCsv } from "./diff.ts";
 * const csv = parseResultsCsv('f,h,err\n"a, b",1e-4,NaN\n');
 * assert.deepStrictEqual(csv, { header: ["f", "h", "err"], rows: [["a, b", 0.0001, NaN]] });
 * ```
 */
export function parseResultsCsv(text: string): ResultsCsv {
  const records: { cells: string[]; quoted: boolean[] }[] = [];
  const n = text.length;
  if (n === 0) return { header: [], rows: [] };
  let cells: string[] = [], quoted: boolean[] = [];
  let i = 0, line = 1;
  for (;;) {
    let cell: string;
    const isQuoted = text[i] === '"';
    if (isQuoted) {
      const opened = line;
      cell = "";
      i++;
      for (;;) {
        if (i >= n) {
          throw new RangeError(
            `Cannot parse CSV as every quoted cell must be closed: the cell opened on line ${opened} is not`,
          );
        }
        const c = text[i++];
        if (c !== '"') {
          if (c === "\n") line++;
          cell += c;
        } else if (text[i] === '"') {
          cell += '"';
          i++;
        } else break;
      }
      const rest = text.slice(i, i + 2);
      if (!(i === n || rest[0] === "," || rest[0] === "\n" || rest === "\r\n")) {
        throw new RangeError(
          `Cannot parse CSV as a closing quote must end its cell: line ${line} has ${
            JSON.stringify(text.slice(i, i + 10))
          } after one`,
        );
      }
      if (rest === "\r\n") i++;
    } else {
      let j = i;
      while (j < n && text[j] !== "," && text[j] !== "\n") j++;
      cell = text.slice(i, j);
      if (text[j] === "\n" && cell.endsWith("\r")) cell = cell.slice(0, -1);
      i = j;
    }
    cells.push(cell);
    quoted.push(isQuoted);
    if (text[i] === ",") {
      i++;
      continue;
    }
    records.push({ cells, quoted }); // at a line end or the end of the text
    cells = [];
    quoted = [];
    i++;
    line++;
    if (i >= n) break;
  }
  const [head, ...body] = records;
  return {
    header: head.cells,
    rows: body.map((r) => r.cells.map((c, k) => cellValue(c, r.quoted[k]))),
  };
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

function formatOf(file: string): ResultsFormat {
  const ext = extname(file).toLowerCase();
  return ext === ".json" ? "json" : ext === ".csv" ? "csv" : "text";
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

function finish(acc: Acc, files: number): ResultsDiff {
  return {
    tolerance: acc.tolerance,
    files,
    numbers: acc.numbers,
    tolerated: acc.tolerated,
    differences: acc.differences,
    notes: acc.notes,
  };
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
 * import { diffResultTexts } from "./diff.ts";
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

function labelOf(a: string, b: string): string {
  const na = basename(a), nb = basename(b);
  return na === nb ? na : `${na} vs ${nb}`;
}

/**
 * Compares two results files, choosing the format from A's extension
 * (`.json`, `.csv`, anything else as text).
 *
 * @param a Path of A.
 * @param b Path of B.
 * @param options `tolerance`, and `file`: the name shown (default the
 * common base name, or `"a.json vs b.json"` when the names differ).
 * @returns The differences and counts.
 * @throws {Deno.errors.NotFound} When a file does not exist.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { diffResultFiles } from "./diff.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.csv`, "step,x\n0,-0\n1,NaN\n");
 * await Deno.writeTextFile(`${dir}/b.csv`, "step,x\n0,0\n1,NaN\n");
 * const diff = await diffResultFiles(`${dir}/a.csv`, `${dir}/b.csv`);
 * assert.deepStrictEqual(diff.differences, [
 *   { file: "a.csv vs b.csv", path: "row 1 col x", kind: "number", a: -0, b: 0 },
 * ]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function diffResultFiles(
  a: string,
  b: string,
  options: DiffOptions & { readonly file?: string } = {},
): Promise<ResultsDiff> {
  const tolerance = checkTolerance(options.tolerance ?? 0);
  const [ta, tb] = await Promise.all([Deno.readTextFile(a), Deno.readTextFile(b)]);
  return diffResultTexts(ta, tb, {
    tolerance,
    file: options.file ?? labelOf(a, b),
    format: formatOf(a),
  });
}

/** Relative paths (with `/`) of the files under `dir`, skipping names that start with `.`. */
async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    const info = entry.isSymlink ? await Deno.stat(path) : entry;
    if (info.isDirectory) out.push(...await listFiles(path, `${prefix}${entry.name}/`));
    else if (info.isFile) out.push(prefix + entry.name);
  }
  return out;
}

/** Code-unit order, the same on every machine and locale. */
function byCodeUnits(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Compares two results directories: the files with the same relative path
 * (subdirectories included, names starting with `.` ignored), each as in
 * {@linkcode diffResultFiles}; a file on one side only is a `"missing"`
 * (A only) or `"extra"` (B only) difference.
 *
 * @param a Directory A.
 * @param b Directory B.
 * @param options `tolerance`.
 * @returns The differences, file by file in name order, and counts over the union of files.
 * @throws {Deno.errors.NotFound} When a directory does not exist.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { diffResultDirs } from "./diff.ts";
 * const a = await Deno.makeTempDir(), b = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${a}/x.svg`, "<svg/>");
 * await Deno.writeTextFile(`${b}/x.svg`, "<svg/>");
 * await Deno.writeTextFile(`${a}/y.csv`, "h\n1\n");
 * await Deno.writeTextFile(`${b}/.y.csv.123.0.tmp`, "half-written");
 * const diff = await diffResultDirs(a, b);
 * assert.deepStrictEqual(diff.differences, [
 *   { file: "y.csv", path: "", kind: "missing", a: "file", b: undefined },
 * ]);
 * assert.strictEqual(diff.files, 2);
 * await Deno.remove(a, { recursive: true });
 * await Deno.remove(b, { recursive: true });
 * ```
 */
export async function diffResultDirs(
  a: string,
  b: string,
  options: DiffOptions = {},
): Promise<ResultsDiff> {
  const tolerance = checkTolerance(options.tolerance ?? 0);
  const [la, lb] = await Promise.all([listFiles(a), listFiles(b)]);
  const sa = new Set(la), sb = new Set(lb);
  const names = [...new Set([...la, ...lb])].sort(byCodeUnits);
  const acc = newAcc(tolerance);
  for (const name of names) {
    acc.file = name;
    if (!sb.has(name)) {
      push(acc, "", "missing", "file", undefined);
      continue;
    }
    if (!sa.has(name)) {
      push(acc, "", "extra", undefined, "file");
      continue;
    }
    const d = await diffResultFiles(join(a, name), join(b, name), { tolerance, file: name });
    acc.numbers += d.numbers;
    acc.tolerated += d.tolerated;
    acc.differences.push(...d.differences);
    acc.notes.push(...d.notes);
  }
  return finish(acc, names.length);
}

/**
 * Compares two results files or two results directories (what
 * `deno task diff A B` runs).
 *
 * @param a File or directory A.
 * @param b File or directory B, of the same kind as A.
 * @param options `tolerance`.
 * @returns The differences and counts.
 * @throws {TypeError} When one path is a file and the other a directory.
 * @throws {Deno.errors.NotFound} When a path does not exist.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { diffResultPaths } from "./diff.ts";
 * const diff = await diffResultPaths("results", "results");
 * assert.strictEqual(diff.differences.length, 0);
 * assert.ok(diff.numbers > 0);
 * ```
 */
export async function diffResultPaths(
  a: string,
  b: string,
  options: DiffOptions = {},
): Promise<ResultsDiff> {
  const [ia, ib] = await Promise.all([Deno.stat(a), Deno.stat(b)]);
  if (ia.isDirectory !== ib.isDirectory) {
    throw new TypeError(
      `Cannot compare results as A and B must both be files or both be directories: ` +
        `A is a ${ia.isDirectory ? "directory" : "file"} (${a}), ` +
        `B is a ${ib.isDirectory ? "directory" : "file"} (${b})`,
    );
  }
  return ia.isDirectory ? diffResultDirs(a, b, options) : diffResultFiles(a, b, options);
}

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
    case "invalid": {
      const why = [d.a === null ? "" : `A: ${d.a}`, d.b === null ? "" : `B: ${d.b}`];
      return `${where}: cannot be parsed: ${why.filter((w) => w !== "").join("; ")}`;
    }
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
 * The text `deno task diff` prints: runtime notes (once per distinct value),
 * at most `limit` differences per file then `… and N more in FILE`, and a
 * summary line `N files, M numbers compared: K differ` (or `identical`,
 * `identical within tolerance T`).
 *
 * @param diff A comparison.
 * @param options `limit` per file (default 50), `quiet` for the summary line only.
 * @returns Lines ending in a newline.
 * @throws {RangeError} When `limit` is not a positive integer.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { diffResultTexts, formatDiffReport } from "./diff.ts";
 * const diff = diffResultTexts("step,x\n0,-0\n", "step,x\n0,0.5\n", { file: "p.csv" });
 * assert.strictEqual(
 *   formatDiffReport(diff),
 *   "p.csv row 1 col x: -0 vs 0.5 (a - b = -0.5)\n1 file, 2 numbers compared: 1 differ\n",
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
  const k = diff.differences.length;
  if (k > 0) {
    const tolerated = diff.tolerance > 0 && diff.tolerated > 0
      ? `; ${diff.tolerated} more within tolerance ${formatNumber(diff.tolerance)}`
      : "";
    lines.push(`${head}${k} differ${tolerated}`);
  } else if (diff.tolerance > 0) {
    const note = diff.tolerated > 0 ? ` (${diff.tolerated} not bit-identical)` : "";
    lines.push(`${head}identical within tolerance ${formatNumber(diff.tolerance)}${note}`);
  } else {
    lines.push(`${head}identical`);
  }
  return lines.join("\n") + "\n";
}

/** Flags of `deno task diff`. */
interface DiffCliConfig {
  readonly tolerance: number;
  readonly limit: number;
  readonly quiet: boolean;
}

const DIFF_CLI: CliSpec<DiffCliConfig> = {
  usage: "deno task diff",
  description: `
Compares two results files (JSON, CSV; SVG and other files as text) or two results
directories (files matched by name; names starting with "." ignored): first the experiment
and its config, then every number. Numbers must be the same double (-0 and 0 differ, NaN
equals NaN) unless --tolerance T > 0, which accepts |a - b| <= T * max(1, |a|, |b|):
relative for large values, absolute near zero; NaN only equals NaN, and an infinity only
the same infinity. A different runtime block (Deno/V8 versions) is a note, not a failure:
another V8 may move last bits, and the numbers show whether it did. SVG figures are compared
as text, without tolerance.

Prints one line per difference (file, path, both values, a - b) and a summary line.
Exit code 0 when identical (within the tolerance), 1 when something differs, 2 for usage
errors.

  deno task diff results /tmp/rerun              # a rerun against the committed results
  deno task diff a/04_x.json b/04_x.json --tolerance 1e-12   # two machines`,
  flags: {
    tolerance: numberFlag(0, "accept |a - b| <= T * max(1, |a|, |b|); 0 is bit for bit", {
      min: 0,
      meta: "T",
    }),
    limit: intFlag(DEFAULT_LIMIT, "print at most N differences per file", { min: 1 }),
    quiet: switchFlag("print only the summary line"),
  },
  positionals: { names: ["A", "B"], min: 2, max: 2 },
};

async function pathKind(path: string, name: string): Promise<"file" | "directory"> {
  let info;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new UsageError(`${name} does not exist: ${path}`);
    }
    throw error;
  }
  if (info.isDirectory) return "directory";
  if (info.isFile) return "file";
  throw new UsageError(`${name} must be a file or a directory: ${path}`);
}

/** The command: compares, prints, and says whether something differs. */
async function diffMain(config: DiffCliConfig & { positionals: string[] }): Promise<boolean> {
  const [a, b] = config.positionals;
  const [ka, kb] = [await pathKind(a, "A"), await pathKind(b, "B")];
  if (ka !== kb) {
    throw new UsageError(
      `A and B must both be files or both be directories: A is a ${ka} (${a}), B is a ${kb} (${b})`,
    );
  }
  const diff = await diffResultPaths(a, b, { tolerance: config.tolerance });
  const text = formatDiffReport(diff, { limit: config.limit, quiet: config.quiet });
  console.log(text.slice(0, -1));
  return diff.differences.length > 0;
}

if (import.meta.main) {
  await runCli(
    DIFF_CLI,
    Deno.args,
    async (config) => (await diffMain(config)) ? EXIT.failure : EXIT.ok,
  );
}
