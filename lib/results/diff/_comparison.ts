// The machinery of one comparison, shared by compare.ts (texts), files.ts (files and folders) and
// report.ts: the tolerance check and rule, the accumulator differences are pushed into, and the
// type names both the comparison and the report use. Private: the public face of the rule is
// numbersEqual() in tolerance.ts.

import { extname } from "node:path";
import { formatNumber } from "../format.ts";
import type { Difference, DifferenceKind, ResultsDiff, ResultsFormat } from "./types.ts";

/** The tolerance, checked: a finite number ≥ 0. */
export function checkTolerance(tolerance: unknown): number {
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

/** Equality under an already checked tolerance (the rule of numbersEqual()). */
export function equalWithin(a: number, b: number, tolerance: number): boolean {
  if (Object.is(a, b)) return true; // same double; NaN equals NaN here
  if (tolerance === 0) return false; // exact: -0 vs 0 and every changed bit differ
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false; // NaN or an infinity vs anything else
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
}

/** The accumulating state of one comparison. */
export interface Acc {
  readonly tolerance: number;
  file: string;
  numbers: number;
  tolerated: number;
  differences: Difference[];
  notes: Difference[];
}

/** A fresh accumulator for differences in `file`. */
export function newAcc(tolerance: number, file = ""): Acc {
  return { tolerance, file, numbers: 0, tolerated: 0, differences: [], notes: [] };
}

/** Records one difference of the current file. */
export function push(acc: Acc, path: string, kind: DifferenceKind, a: unknown, b: unknown): void {
  acc.differences.push({ file: acc.file, path, kind, a, b });
}

/** Adds the counts of a part of the comparison (not its differences). */
export function addCounts(acc: Acc, part: { numbers: number; tolerated: number }): void {
  acc.numbers += part.numbers;
  acc.tolerated += part.tolerated;
}

/** The comparison's outcome, over `files` files. */
export function finish(acc: Acc, files: number): ResultsDiff {
  return {
    tolerance: acc.tolerance,
    files,
    numbers: acc.numbers,
    tolerated: acc.tolerated,
    differences: acc.differences,
    notes: acc.notes,
  };
}

/** "null", "array", or `typeof v`. */
export function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/** Whether `v` is a JSON object (not null, not an array). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeName(v) === "object";
}

/** The format a file name's extension picks: `.json`, `.csv`, anything else text. */
export function formatOf(file: string): ResultsFormat {
  const ext = extname(file).toLowerCase();
  return ext === ".json" ? "json" : ext === ".csv" ? "csv" : "text";
}

/** `$.key` for identifier-like keys, `$["odd key"]` otherwise. */
export function keyPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}
