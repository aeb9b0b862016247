/**
 * Results files that a rerun reproduces byte for byte, so that
 * `git diff results/` shows exactly what changed.
 *
 * - JSON: keys in the order the experiment builds them (every experiment
 *   builds them in a fixed order), two-space indent, one trailing newline.
 *   Numbers are JavaScript's shortest round-trip form (`0.1`, `1e-7`,
 *   `0.5974999999999999`), which reads back to the same double. `-0` keeps its
 *   sign. JSON has no NaN or infinities, so they are written as the strings
 *   `"NaN"`, `"Infinity"` and `"-Infinity"`; {@linkcode parseResultsJson}
 *   turns them back into numbers.
 * - CSV: a header line, then rows, LF line ends, numbers as in JSON and the
 *   non-finite ones as `NaN`, `Infinity`, `-Infinity`.
 * - Every write goes to a temporary file in the same directory that is then
 *   renamed over the target, so a run stopped half-way never leaves a
 *   truncated or half-written result under the final name.
 *
 * @module
 */

import { basename, dirname, join } from "node:path";

/**
 * A value that can be written to a results JSON file: numbers, strings,
 * booleans, null, arrays, typed arrays and plain objects of these, nested.
 * (Typed as `unknown` so interfaces fit; anything else is a `TypeError` when written.)
 */
export type ResultValue = unknown;

/** Arrays of scalars whose one-line form is at most this long stay on one line. */
const INLINE_WIDTH = 100;

/**
 * Formats one number the way results files hold it.
 *
 * @param x Any number.
 * @returns The shortest round-trip text, `-0` for negative zero, and `NaN`,
 * `Infinity` or `-Infinity` for the non-finite ones.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { formatNumber } from "./results.ts";
 * assert.deepStrictEqual(
 *   [0.1 + 0.2, 1e-7, -0, Infinity].map(formatNumber),
 *   ["0.30000000000000004", "1e-7", "-0", "Infinity"],
 * );
 * ```
 */
export function formatNumber(x: number): string {
  if (Object.is(x, -0)) return "-0";
  return String(x);
}

function jsonScalar(value: unknown, path: string): string {
  if (typeof value === "number") {
    return Number.isFinite(value) ? formatNumber(value) : JSON.stringify(String(value));
  }
  if (typeof value === "string" || typeof value === "boolean" || value === null) {
    return JSON.stringify(value);
  }
  throw new TypeError(
    `Cannot write results JSON as ${path} is not a number, string, boolean, null, array or object: ` +
      `${path}=${String(value)}`,
  );
}

function isScalar(value: unknown): boolean {
  return value === null || ["number", "string", "boolean"].includes(typeof value);
}

function stringify(value: unknown, indent: string, path: string): string {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    value = Array.from(value as unknown as ArrayLike<number>);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const inner = indent + "  ";
    if (value.every(isScalar)) {
      const parts = value.map((v, i) => jsonScalar(v, `${path}[${i}]`));
      const line = `[${parts.join(", ")}]`;
      if (line.length + indent.length <= INLINE_WIDTH) return line;
      return `[\n${parts.map((p) => inner + p).join(",\n")}\n${indent}]`;
    }
    const items = value.map((v, i) => inner + stringify(v, inner, `${path}[${i}]`));
    return `[\n${items.join(",\n")}\n${indent}]`;
  }
  if (typeof value === "object" && value !== null) {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(
        `Cannot write results JSON as ${path} must be a plain object, array or typed array: ` +
          `${path} is a ${value.constructor?.name ?? "non-plain object"}`,
      );
    }
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    const inner = indent + "  ";
    const items = entries.map(([k, v]) =>
      `${inner}${JSON.stringify(k)}: ${stringify(v, inner, `${path}.${k}`)}`
    );
    return `{\n${items.join(",\n")}\n${indent}}`;
  }
  return jsonScalar(value, path);
}

/**
 * Serializes a results object deterministically (see the module doc).
 * Typed arrays become JSON arrays; `undefined` properties are left out.
 *
 * @param value The results object.
 * @returns JSON text ending in a newline.
 * @throws {TypeError} For values JSON cannot hold (functions, bigint, symbols).
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { stringifyResults } from "./results.ts";
 * assert.strictEqual(
 *   stringifyResults({ loss: NaN, y: new Float64Array([0.5, -0]) }),
 *   '{\n  "loss": "NaN",\n  "y": [0.5, -0]\n}\n',
 * );
 * ```
 */
export function stringifyResults(value: ResultValue): string {
  return stringify(value, "", "$") + "\n";
}

const NON_FINITE: Record<string, number> = {
  "NaN": NaN,
  "Infinity": Infinity,
  "-Infinity": -Infinity,
};

/**
 * Parses a results JSON file back, turning the strings `"NaN"`,
 * `"Infinity"` and `"-Infinity"` into numbers.
 *
 * @param text JSON text as written by {@linkcode stringifyResults}.
 * @returns The parsed value.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseResultsJson } from "./results.ts";
 * const r = parseResultsJson('{"loss": "Infinity", "z": -0}') as Record<string, number>;
 * assert.strictEqual(r.loss, Infinity);
 * assert.ok(Object.is(r.z, -0));
 * ```
 */
export function parseResultsJson(text: string): unknown {
  return JSON.parse(
    text,
    (_key, v) => typeof v === "string" && v in NON_FINITE ? NON_FINITE[v] : v,
  );
}

/**
 * Writes `text` to `path` atomically: into a temporary file beside it, then
 * renamed over `path`. Creates the parent directory if needed. If anything
 * fails, the temporary file is removed and `path` keeps its old content.
 *
 * @param path Target file.
 * @param text Content.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { writeTextAtomic } from "./results.ts";
 * const dir = await Deno.makeTempDir();
 * await writeTextAtomic(`${dir}/a/b.txt`, "hello\n");
 * assert.strictEqual(await Deno.readTextFile(`${dir}/a/b.txt`), "hello\n");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeTextAtomic(path: string, text: string): Promise<void> {
  await writeBytesAtomic(path, new TextEncoder().encode(text));
}

/**
 * Writes bytes to `path` atomically (see {@linkcode writeTextAtomic}).
 *
 * @param path Target file.
 * @param bytes Content.
 */
export async function writeBytesAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const dir = dirname(path);
  await Deno.mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${Deno.pid}.${tmpCounter++}.tmp`);
  try {
    await Deno.writeFile(tmp, bytes);
    await Deno.rename(tmp, path);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
}

let tmpCounter = 0;

/** The runtime that produced a result: its arithmetic (V8's `Math.exp`, `Math.log`) lives here. */
export interface RuntimeInfo {
  /** Deno version, e.g. "2.9.6". */
  readonly deno: string;
  /** V8 version. */
  readonly v8: string;
  /** TypeScript version. */
  readonly typescript: string;
}

/**
 * The runtime versions recorded in every results file.
 *
 * @returns Deno, V8 and TypeScript versions.
 */
export function runtimeInfo(): RuntimeInfo {
  return { deno: Deno.version.deno, v8: Deno.version.v8, typescript: Deno.version.typescript };
}

/** The header every experiment's JSON starts with. */
export interface ExperimentHeader {
  /** File stem, e.g. "03_gradient_descent". */
  readonly experiment: string;
  /** Book section(s), e.g. "4.4.1–4.4.2". */
  readonly section: string;
  /** What the experiment reproduces, one line. */
  readonly title: string;
  /** The seed of the run's RandomState, or null when the experiment draws nothing. */
  readonly seed: number | null;
  /** Every setting of the run. */
  readonly config: { readonly [key: string]: ResultValue };
}

/**
 * Writes `<outDir>/<experiment>.json`: the header (experiment, section,
 * title, seed, config), the runtime versions, then `body`'s keys.
 *
 * @param outDir Results directory.
 * @param header Experiment, section, title, seed and config.
 * @param body The results.
 * @returns The path written.
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

/**
 * Formats rows as CSV (header, LF line ends, numbers as {@linkcode formatNumber}).
 * Strings containing a comma, quote or newline are quoted.
 *
 * @param header Column names.
 * @param rows Rows with `header.length` cells each.
 * @returns CSV text ending in a newline.
 * @throws {TypeError} When a row has the wrong number of cells.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { formatCsv } from "./results.ts";
 * assert.strictEqual(formatCsv(["h", "err"], [[1e-4, NaN]]), "h,err\n0.0001,NaN\n");
 * ```
 */
export function formatCsv(
  header: readonly string[],
  rows: readonly (readonly (number | string)[])[],
): string {
  const cell = (v: number | string) =>
    typeof v === "number"
      ? formatNumber(v)
      : /[",\n\r]/.test(v)
      ? `"${v.replaceAll('"', '""')}"`
      : v;
  const lines = [header.map(cell).join(",")];
  rows.forEach((row, i) => {
    if (row.length !== header.length) {
      throw new TypeError(
        `Cannot format CSV as every row must have one cell per column: ` +
          `columns=${header.length}, row ${i} has ${row.length}`,
      );
    }
    lines.push(row.map(cell).join(","));
  });
  return lines.join("\n") + "\n";
}

/**
 * Writes a CSV file atomically.
 *
 * @param path Target file.
 * @param header Column names.
 * @param rows Rows.
 * @returns The path written.
 */
export async function writeCsv(
  path: string,
  header: readonly string[],
  rows: readonly (readonly (number | string)[])[],
): Promise<string> {
  await writeTextAtomic(path, formatCsv(header, rows));
  return path;
}

/**
 * Whether `value` agrees with a number the book printed, to every digit it
 * printed: `|value - printed| <= half a unit in the printed last place`.
 * Keeps the printed text, so `"0.01821127"` checks 8 decimals and
 * `"-2.58983747e+13"` 9 significant digits.
 *
 * @param value Our result.
 * @param printed The book's number exactly as printed.
 * @returns True when `value` rounds to `printed`; false when `value` is not finite.
 * @throws {RangeError} When `printed` is not a decimal number.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { matchesPrinted } from "./results.ts";
 * assert.ok(matchesPrinted(0.01821127329554753, "0.01821127"));
 * assert.ok(!matchesPrinted(0.9280682857864075, "0.92806853663411326"));
 * assert.ok(matchesPrinted(-25898374737328.363, "-2.58983747e+13"));
 * ```
 */
export function matchesPrinted(value: number, printed: string): boolean {
  const m = /^[+-]?(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(printed.trim());
  if (!m || (m[1] === "" && (m[2] ?? "") === "")) {
    throw new RangeError(
      `Cannot compare with a printed number as it is not a decimal number: printed=${printed}`,
    );
  }
  // A printed decimal is finite: no infinity or NaN rounds to it (the slack below would be infinite).
  if (!Number.isFinite(value)) return false;
  const decimals = (m[2] ?? "").length;
  const exponent = m[3] === undefined ? 0 : Number(m[3]);
  const halfUlp = 0.5 * 10 ** (exponent - decimals);
  // The subtraction and the power of ten carry rounding of a few ulps of the values themselves.
  const slack = 4 * Number.EPSILON * Math.max(Math.abs(value), Math.abs(Number(printed)));
  return Math.abs(value - Number(printed)) <= halfUlp + slack;
}
