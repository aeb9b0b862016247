/**
 * The text of results JSON files, written so that a rerun reproduces it byte
 * for byte and `git diff results/` shows exactly what changed:
 *
 * - keys in the order the experiment builds them (every experiment builds
 *   them in a fixed order), two-space indent, one trailing newline; arrays of
 *   scalars on one line when they fit in 100 characters;
 * - numbers in JavaScript's shortest round-trip form (`0.1`, `1e-7`,
 *   `0.5974999999999999`), which reads back to the same double; `-0` keeps
 *   its sign;
 * - JSON has no NaN or infinities, so they are written as the strings
 *   `"NaN"`, `"Infinity"` and `"-Infinity"`; {@linkcode parseResultsJson}
 *   turns them back into numbers.
 *
 * @module
 */

import { NON_FINITE } from "./_non_finite.ts";
import type { ResultValue } from "./types.ts";

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
 * import { formatNumber } from "./format.ts";
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
 * import { stringifyResults } from "./format.ts";
 * assert.strictEqual(
 *   stringifyResults({ loss: NaN, y: new Float64Array([0.5, -0]) }),
 *   '{\n  "loss": "NaN",\n  "y": [0.5, -0]\n}\n',
 * );
 * ```
 */
export function stringifyResults(value: ResultValue): string {
  return stringify(value, "", "$") + "\n";
}

/**
 * Parses a results JSON file back, turning the strings `"NaN"`,
 * `"Infinity"` and `"-Infinity"` into numbers.
 *
 * @param text JSON text as written by {@linkcode stringifyResults}.
 * @returns The parsed value.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseResultsJson } from "./format.ts";
 * const r = parseResultsJson('{"loss": "Infinity", "z": -0}') as Record<string, number>;
 * assert.strictEqual(r.loss, Infinity);
 * assert.ok(Object.is(r.z, -0));
 * ```
 */
export function parseResultsJson(text: string): unknown {
  return JSON.parse(
    text,
    (_key, v) => typeof v === "string" && Object.hasOwn(NON_FINITE, v) ? NON_FINITE[v] : v,
  );
}
