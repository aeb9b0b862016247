// Oracles: hand-computed small cases of the conversions to and from nested arrays, copies and
// transposes.

import assert from "node:assert";
import { cloneMatrix, fromRows, toRows, transpose } from "../../lib/core/convert.ts";
import { matrix } from "../../lib/core/matrix.ts";

Deno.test("fromRows() copies nested arrays row-major when rows have equal length", () => {
  const rows = [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]];
  const w = fromRows(rows);
  assert.deepStrictEqual([w.rows, w.cols], [2, 3]);
  assert.deepStrictEqual(Array.from(w.data), [0.1, 0.3, 0.5, 0.2, 0.4, 0.6]);
  rows[0][0] = 9;
  assert.strictEqual(w.data[0], 0.1);
  assert.deepStrictEqual(toRows(w), [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]);
});

Deno.test("fromRows() throws when rows differ in length or there are none", async (t) => {
  await t.step("ragged rows", () => {
    assert.throws(() => fromRows([[1, 2], [3]]), {
      name: "TypeError",
      message:
        "Cannot make a matrix from rows as every row must have the same length: row 0 has 2, row 1 has 1",
    });
  });
  await t.step("no rows", () => {
    assert.throws(() => fromRows([]), {
      name: "TypeError",
      message: "Cannot make a matrix from rows as there must be at least one row",
    });
  });
});

Deno.test("cloneMatrix() copies the buffer when the original is later changed", () => {
  const a = fromRows([[1, 2], [3, 4]]);
  const b = cloneMatrix(a);
  assert.notStrictEqual(b.data, a.data);
  a.data[0] = 10;
  assert.deepStrictEqual(toRows(b), [[1, 2], [3, 4]]);
});

Deno.test("toRows() returns independent arrays when the matrix changes afterwards", () => {
  const m = fromRows([[1, 2, 3]]);
  const rows = toRows(m);
  m.data[0] = 7;
  assert.deepStrictEqual(rows, [[1, 2, 3]]);
  assert.deepStrictEqual(toRows(matrix(2, 0)), [[], []]);
});

Deno.test("transpose() swaps rows and columns into a new matrix", () => {
  const m = fromRows([[1, 2, 3], [4, 5, 6]]);
  const t = transpose(m);
  assert.deepStrictEqual(toRows(t), [[1, 4], [2, 5], [3, 6]]);
  assert.notStrictEqual(t.data, m.data);
  assert.deepStrictEqual(toRows(transpose(t)), toRows(m));
});
