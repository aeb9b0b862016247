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

/** The check both helpers below apply: exactly this class (not a subclass) and this message. */
function exactly(cls: new (...args: never[]) => Error, message: string) {
  return (error: unknown) => {
    assert.ok(error instanceof Error, `not an Error: ${String(error)}`);
    assert.strictEqual(error.constructor, cls, `class ${error.constructor.name}: ${error.message}`);
    assert.strictEqual(error.message, message);
    return true;
  };
}

/** `fn` throws an error of exactly class `cls` with exactly `message`. */
export function throwsExactly(
  fn: () => unknown,
  cls: new (...args: never[]) => Error,
  message: string,
): void {
  assert.throws(fn, exactly(cls, message));
}

/** `promise` rejects with an error of exactly class `cls` with exactly `message`. */
export async function rejectsExactly(
  promise: Promise<unknown>,
  cls: new (...args: never[]) => Error,
  message: string,
): Promise<void> {
  await assert.rejects(promise, exactly(cls, message));
}
