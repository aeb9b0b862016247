// Oracle: np.argmax's documented rules (first maximum, NaN counts as the maximum), on
// hand-written cases.

import assert from "node:assert";
import { argmax, argmaxRows } from "../../lib/core/argmax.ts";
import { fromRows } from "../../lib/core/convert.ts";

Deno.test("argmax() returns np.argmax's index when given values", async (t) => {
  await t.step("the first of equal maxima", () => {
    assert.strictEqual(argmax(new Float64Array([0.1, 0.7, 0.7, 0.2])), 1);
  });
  await t.step("the first NaN, as NumPy", () => {
    assert.strictEqual(argmax(new Float64Array([1, NaN, 5, NaN])), 1);
    assert.strictEqual(argmax(new Float64Array([NaN, 9])), 0);
  });
  await t.step("infinities", () => {
    assert.strictEqual(argmax(new Float64Array([-Infinity, -Infinity])), 0);
    assert.strictEqual(argmax(new Float64Array([-1, Infinity, 3])), 1);
  });
  await t.step("-0 and +0 compare equal, so the first wins", () => {
    assert.strictEqual(argmax(new Float64Array([-0, 0])), 0);
  });
  await t.step("a range, index relative to the offset", () => {
    const d = new Float64Array([9, 1, 3, 2, 9]);
    assert.strictEqual(argmax(d, 1, 3), 1);
    assert.strictEqual(argmax(d, 2), 2);
  });
  await t.step("an empty range throws", () => {
    assert.throws(() => argmax(new Float64Array(0)), {
      name: "RangeError",
      message: "Cannot take argmax as the range must not be empty: length=0",
    });
    assert.throws(() => argmax(new Float64Array(3), 3), {
      name: "RangeError",
      message: "Cannot take argmax as the range must not be empty: length=0",
    });
  });
});

Deno.test("argmaxRows() returns each row's argmax when rows are non-empty", () => {
  const m = fromRows([[0.1, 0.8, 0.1], [0.3, 0.1, 0.6], [0.2, 0.5, 0.3], [0.8, 0.1, 0.1]]);
  // The book's §4.5.3 batch: np.argmax(y, axis=1) -> [1, 2, 1, 0].
  assert.deepStrictEqual(Array.from(argmaxRows(m)), [1, 2, 1, 0]);
  assert.ok(argmaxRows(m) instanceof Int32Array);
});
