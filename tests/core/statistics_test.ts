// Oracle: closed forms (mean and the n − 1 standard deviation of small hand-checked sets).

import assert from "node:assert";
import { meanStd } from "../../lib/core/statistics.ts";

Deno.test("meanStd() gives the mean and the n-1 standard deviation", () => {
  // Closed forms: mean 0.9, deviations ±0.1 → std = sqrt(0.02 / 1) for two values.
  const { mean, std } = meanStd([0.8, 1.0]);
  assert.ok(Math.abs(mean - 0.9) < 1e-15);
  assert.ok(Math.abs(std - Math.sqrt(0.02)) < 1e-15);
  assert.deepStrictEqual(meanStd([2, 4, 4, 4, 5, 5, 7, 9]).mean, 5);
  assert.ok(Number.isNaN(meanStd([0.5]).std));
  assert.throws(() => meanStd([]), {
    name: "RangeError",
    message: "Cannot take a mean as there are no values: length=0",
  });
});
