/**
 * When two numbers count as equal in a results comparison: the same double,
 * or with a tolerance T > 0, `|a − b| ≤ T · max(1, |a|, |b|)`.
 *
 * @module
 */

import { checkTolerance, equalWithin } from "./_comparison.ts";
import type { DiffOptions } from "./types.ts";

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
 * import { numbersEqual } from "./tolerance.ts";
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
