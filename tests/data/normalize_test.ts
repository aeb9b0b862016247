// Tests of lib/data/normalize.ts: the book's normalize=True against NumPy's 256 float32 values
// (tests/fixtures/mnist/normalize_table.json) and one_hot_label=True.

import assert from "node:assert";
import { throwsExactly } from "../_assert.ts";
import { normalizedPixel, normalizeImages, oneHotLabels } from "../../lib/data/mod.ts";
import { readFixture } from "./_fixtures.ts";

const TABLE: number[] = await readFixture("normalize_table.json");

Deno.test("normalizedPixel() equals NumPy's uint8.astype(float32) / 255.0 for all 256 values", () => {
  assert.strictEqual(TABLE.length, 256);
  for (let k = 0; k < 256; k++) assert.strictEqual(normalizedPixel(k), TABLE[k], `k=${k}`);
  // The rule: float32 division, not the double k / 255.
  assert.notStrictEqual(TABLE[1], 1 / 255);
  assert.strictEqual(TABLE[1], Math.fround(1 / 255));
});

Deno.test("normalizeImages() maps every pixel through the NumPy table into a count x 784 matrix", () => {
  const pixels = Uint8Array.from({ length: 784 }, (_, i) => i % 256);
  const x = normalizeImages({ count: 1, rows: 28, cols: 28, pixels });
  assert.deepStrictEqual([x.rows, x.cols], [1, 784]);
  for (let i = 0; i < 784; i++) assert.strictEqual(x.data[i], TABLE[i % 256]);
});

Deno.test("normalizedPixel() and normalizeImages() reject bad input", async (t) => {
  await t.step("a pixel value outside 0..255", () => {
    throwsExactly(
      () => normalizedPixel(256),
      RangeError,
      "Cannot normalize a pixel as it must be an integer in 0..255: got 256",
    );
    throwsExactly(
      () => normalizedPixel(0.5),
      RangeError,
      "Cannot normalize a pixel as it must be an integer in 0..255: got 0.5",
    );
  });
  await t.step("pixels of the wrong length", () => {
    throwsExactly(
      () => normalizeImages({ count: 2, rows: 28, cols: 28, pixels: new Uint8Array(784) }),
      TypeError,
      "Cannot normalize images as pixels must be a Uint8Array of count*rows*cols bytes: " +
        "count=2, rows=28, cols=28, pixels.length=784",
    );
  });
});

Deno.test("oneHotLabels() puts a single 1 in each row at the label, as the book's _change_one_hot_label", () => {
  const t = oneHotLabels(new Uint8Array([0, 9, 3]));
  assert.deepStrictEqual([t.rows, t.cols], [3, 10]);
  const expected = new Float64Array(30);
  expected[0] = expected[10 + 9] = expected[20 + 3] = 1;
  assert.deepStrictEqual(t.data, expected);
  throwsExactly(
    () => oneHotLabels(new Uint8Array([1, 10])),
    RangeError,
    "Cannot make one-hot labels as every label must be below classes: classes=10, index=1, got 10",
  );
});
