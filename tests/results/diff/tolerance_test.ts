// Oracles: the documented rule, worked by hand, and the IEEE 754 bit pattern for "the next
// double" (a changed last bit).

import assert from "node:assert";
import { numbersEqual } from "../../../lib/results/diff/tolerance.ts";
import { nextUp } from "../_helpers.ts";

Deno.test("numbersEqual() applies the documented rule when given a tolerance", async (t) => {
  await t.step("exact: the same double only", () => {
    assert.ok(numbersEqual(0.5, 0.5));
    assert.ok(!numbersEqual(0.5, nextUp(0.5)));
    assert.ok(!numbersEqual(-0, 0));
    assert.ok(numbersEqual(NaN, NaN));
    assert.ok(numbersEqual(-Infinity, -Infinity));
    assert.ok(!numbersEqual(0.5, nextUp(0.5), { tolerance: 0 }));
  });
  await t.step("relative above 1, absolute below", () => {
    // |a - b| <= T * max(1, |a|, |b|)
    assert.ok(numbersEqual(1e6, 1e6 + 1e-7, { tolerance: 1e-12 }));
    assert.ok(!numbersEqual(1e6, 1e6 + 1e-5, { tolerance: 1e-12 }));
    assert.ok(numbersEqual(1e-20, -1e-20, { tolerance: 1e-12 }));
    assert.ok(numbersEqual(0, 1e-12, { tolerance: 1e-12 }));
    assert.ok(!numbersEqual(0, 2e-12, { tolerance: 1e-12 }));
    assert.ok(numbersEqual(-0, 0, { tolerance: 1e-12 }));
  });
  await t.step("NaN only equals NaN, an infinity only itself, whatever the tolerance", () => {
    for (const tolerance of [1e-12, 1, 1e300]) {
      assert.ok(numbersEqual(NaN, NaN, { tolerance }));
      assert.ok(!numbersEqual(NaN, 0, { tolerance }));
      assert.ok(!numbersEqual(1, NaN, { tolerance }));
      assert.ok(!numbersEqual(Infinity, -Infinity, { tolerance }));
      assert.ok(!numbersEqual(Infinity, Number.MAX_VALUE, { tolerance }));
      assert.ok(!numbersEqual(-Number.MAX_VALUE, -Infinity, { tolerance }));
      assert.ok(numbersEqual(Infinity, Infinity, { tolerance }));
    }
  });
  await t.step("a bad tolerance is an error", () => {
    for (const tolerance of [-1, NaN, Infinity]) {
      assert.throws(() => numbersEqual(1, 1, { tolerance }), {
        name: "RangeError",
        message: `Cannot compare results as the tolerance must be a finite number >= 0: ` +
          `tolerance=${tolerance}`,
      });
    }
    assert.throws(() => numbersEqual(1, 1, { tolerance: "1e-12" as unknown as number }), {
      name: "TypeError",
      message: "Cannot compare results as the tolerance must be a number: tolerance=1e-12",
    });
  });
});
