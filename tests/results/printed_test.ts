// Oracles: the book's printed numbers and hand-computed rounding boundaries.

import assert from "node:assert";
import { matchesPrinted } from "../../lib/results/printed.ts";

Deno.test("matchesPrinted() accepts exactly the values that round to the printed text", async (t) => {
  await t.step("the book's numbers", () => {
    assert.ok(matchesPrinted(0.01821127329554753, "0.01821127"));
    assert.ok(matchesPrinted(-25898374737328.363, "-2.58983747e+13"));
    assert.ok(matchesPrinted(2.0610600462090622e-9, "2.06106005e-09"));
    assert.ok(matchesPrinted(0.5975, "0.5975"));
    assert.ok(matchesPrinted(0.9280685366341133, "0.92806853663411326"));
    assert.ok(!matchesPrinted(0.9280682857864075, "0.92806853663411326"));
  });
  await t.step("half a unit in the last printed place is the boundary", () => {
    assert.ok(matchesPrinted(2.5, "2"));
    assert.ok(matchesPrinted(1.5, "2"));
    assert.ok(!matchesPrinted(2.5000001, "2"));
    assert.ok(matchesPrinted(0.59755, "0.5975"));
    assert.ok(!matchesPrinted(0.59756, "0.5975"));
    // The 9th significant digit of -2.58983747e+13 is worth 1e5; half of it is 5e4.
    assert.ok(matchesPrinted(-25898374700000 - 49_000, "-2.58983747e+13"));
    assert.ok(!matchesPrinted(-25898374700000 - 51_000, "-2.58983747e+13"));
  });
  await t.step("signs and zeros", () => {
    assert.ok(!matchesPrinted(0.5, "-0.5"));
    assert.ok(matchesPrinted(-0, "0"));
    assert.ok(matchesPrinted(0, "-0.0"));
  });
  await t.step("other ways to write a decimal", () => {
    assert.ok(matchesPrinted(0.001, "1E-3"));
    assert.ok(matchesPrinted(0.5, "+.5"));
    assert.ok(matchesPrinted(5, "5."));
    assert.ok(matchesPrinted(0.5, " 0.5 "));
  });
  await t.step("NaN and infinities never match", () => {
    assert.ok(!matchesPrinted(NaN, "0.5"));
    assert.ok(!matchesPrinted(Infinity, "0.01821127"));
    assert.ok(!matchesPrinted(-Infinity, "-2.58983747e+13"));
    assert.ok(!matchesPrinted(Infinity, "1e308"));
  });
  for (const printed of ["", "abc", ".", "1e", "e5", "NaN", "Infinity", "0x10", "1,5", "--1"]) {
    await t.step(`printed ${JSON.stringify(printed)} throws`, () => {
      assert.throws(() => matchesPrinted(1, printed), {
        name: "RangeError",
        message:
          `Cannot compare with a printed number as it is not a decimal number: printed=${printed}`,
      });
    });
  }
});
