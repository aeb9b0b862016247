// Oracle: hand-computed small cases of the Matrix constructor (shape checks, shared data).

import assert from "node:assert";
import { matrix } from "../../lib/core/matrix.ts";

Deno.test("matrix() wraps data without copying when data has rows*cols elements", () => {
  const data = new Float64Array([1, 2, 3, 4, 5, 6]);
  const m = matrix(2, 3, data);
  assert.strictEqual(m.rows, 2);
  assert.strictEqual(m.cols, 3);
  assert.strictEqual(m.data, data);
  data[5] = 60;
  assert.strictEqual(m.data[1 * m.cols + 2], 60);
});

Deno.test("matrix() zero-fills when data is absent", () => {
  const m = matrix(3, 2);
  assert.deepStrictEqual(m.data, new Float64Array(6));
  assert.deepStrictEqual([m.rows, m.cols], [3, 2]);
  assert.strictEqual(matrix(0, 5).data.length, 0);
});

Deno.test("matrix() throws when the shape or data is wrong", async (t) => {
  await t.step("data of the wrong length", () => {
    assert.throws(() => matrix(2, 3, new Float64Array(5)), {
      name: "TypeError",
      message:
        "Cannot make a matrix as data.length must equal rows*cols: data.length=5, rows=2, cols=3",
    });
  });
  await t.step("data that is not a Float64Array", () => {
    assert.throws(() => matrix(1, 2, new Float32Array(2) as unknown as Float64Array), {
      name: "TypeError",
      message: "Cannot make a matrix as data must be a Float64Array",
    });
  });
  await t.step("a non-integer dimension", () => {
    assert.throws(() => matrix(1.5, 2), {
      name: "TypeError",
      message: "Cannot make a matrix as rows must be an integer: rows=1.5",
    });
    assert.throws(() => matrix(2, NaN), {
      name: "TypeError",
      message: "Cannot make a matrix as cols must be an integer: cols=NaN",
    });
  });
  await t.step("a negative dimension", () => {
    assert.throws(() => matrix(-1, 2), {
      name: "RangeError",
      message: "Cannot make a matrix as rows must be non-negative: rows=-1",
    });
  });
});
