/**
 * Summary statistics of repeated runs (a sweep's seeds).
 *
 * @module
 */

/**
 * Mean and sample standard deviation (n − 1 in the denominator; NaN for one value).
 *
 * @param values The values, summed in their order.
 * @returns `{ mean, std }`.
 * @throws {RangeError} When `values` is empty.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { meanStd } from "./statistics.ts";
 * assert.deepStrictEqual(meanStd([1, 2, 3]), { mean: 2, std: 1 });
 * ```
 */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  if (values.length === 0) {
    throw new RangeError("Cannot take a mean as there are no values: length=0");
  }
  let s = 0;
  for (const v of values) s += v;
  const mean = s / values.length;
  if (values.length === 1) return { mean, std: NaN };
  let q = 0;
  for (const v of values) q += (v - mean) * (v - mean);
  return { mean, std: Math.sqrt(q / (values.length - 1)) };
}
