// Assertions shared by the test files (not a test file itself).

import assert from "node:assert";

/** Element-wise bit equality (Object.is: -0 ≠ +0, NaN = NaN), with the first difference named. */
export function assertSameBits(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  what: string,
): void {
  assert.strictEqual(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      assert.fail(`${what}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
    }
  }
}
