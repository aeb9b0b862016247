/**
 * NumPy's summation order (`np.sum` over a float64 axis is pairwise), which
 * the book's printed digits depend on. Kept in its own file because every
 * layer that must reproduce the book's sums — the losses, the softmax, the
 * fast numerical gradient's workers — imports exactly this one function.
 *
 * @module
 */

/** Block size below which NumPy's pairwise sum is an unrolled loop. */
const PAIRWISE_BLOCKSIZE = 128;

/**
 * Sums `n` values starting at `data[offset]` with step `stride` in exactly
 * the order of NumPy's `np.sum` over a float64 axis (its pairwise summation):
 * fewer than 8 values left to right; up to 128 with 8 interleaved
 * accumulators combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) and the tail
 * added after; larger ranges split in two halves (the first rounded down to a
 * multiple of 8) and summed recursively. The book's printed numbers come from
 * this order: `0.5 * sum((y - t)**2)` is 0.5975 with it, while a plain
 * left-to-right loop gives 0.5974999999999999.
 *
 * @param data The values.
 * @param offset Index of the first value (default 0).
 * @param n How many values (default all from `offset`).
 * @param stride Step between values (default 1).
 * Like `np.sum`, the result starts from +0, so a sum of only -0 values is +0.
 *
 * @returns The sum, bit-identical to NumPy's.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { pairwiseSum } from "./pairwise_sum.ts";
 * const d = [0.01, 0.0025, 0.81, 0, 0.0025, 0.01, 0, 0.36, 0, 0];
 * assert.strictEqual(0.5 * pairwiseSum(new Float64Array(d)), 0.5975);
 * ```
 */
export function pairwiseSum(
  data: ArrayLike<number>,
  offset: number = 0,
  n: number = data.length - offset,
  stride: number = 1,
): number {
  // np.add.reduce starts from its identity +0 and adds the pairwise sum to it.
  return 0 + pairwiseSumFrom(data, offset, n, stride);
}

function pairwiseSumFrom(
  data: ArrayLike<number>,
  offset: number,
  n: number,
  stride: number,
): number {
  if (n < 8) {
    // NumPy starts this branch from -0.0 so that a sum of -0.0 stays -0.0.
    let res = -0.0;
    for (let i = 0; i < n; i++) res += data[offset + i * stride];
    return res;
  }
  if (n <= PAIRWISE_BLOCKSIZE) {
    let r0 = data[offset], r1 = data[offset + stride];
    let r2 = data[offset + 2 * stride], r3 = data[offset + 3 * stride];
    let r4 = data[offset + 4 * stride], r5 = data[offset + 5 * stride];
    let r6 = data[offset + 6 * stride], r7 = data[offset + 7 * stride];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const p = offset + i * stride;
      r0 += data[p];
      r1 += data[p + stride];
      r2 += data[p + 2 * stride];
      r3 += data[p + 3 * stride];
      r4 += data[p + 4 * stride];
      r5 += data[p + 5 * stride];
      r6 += data[p + 6 * stride];
      r7 += data[p + 7 * stride];
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += data[offset + i * stride];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSumFrom(data, offset, n2, stride) +
    pairwiseSumFrom(data, offset + n2 * stride, n - n2, stride);
}
