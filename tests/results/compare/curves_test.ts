// Oracle: hand-made tables whose differences are known by construction.

import assert from "node:assert";
import { compareSeries } from "../../../lib/results/compare/curves.ts";

const table = (rows: (number | string)[][], header = ["iteration", "loss"]) => ({
  name: "loss.csv",
  header,
  rows,
});

Deno.test("compareSeries() says identical when every cell is the same double, NaN included", () => {
  const a = table([[0, 2.3], [1, NaN], [2, -0]]);
  const d = compareSeries(a, table([[0, 2.3], [1, NaN], [2, -0]]));
  assert.deepStrictEqual(d, {
    name: "loss.csv",
    xColumn: "iteration",
    rows: [3, 3],
    headers: null,
    identical: true,
    rowsDiffering: 0,
    columns: [],
  });
});

Deno.test("compareSeries() gives the first differing row, the largest |difference| and where, per column", () => {
  const header = ["epoch", "iteration", "train_acc", "test_acc"];
  const a = table([[0, 0, 0.1, 0.1], [1, 600, 0.78, 0.79], [2, 1200, 0.88, 0.88]], header);
  const b = table([[0, 0, 0.1, 0.11], [1, 600, 0.75, 0.79], [2, 1200, 0.9, 0.875]], header);
  const d = compareSeries(a, b);
  assert.strictEqual(d.identical, false);
  assert.strictEqual(d.rowsDiffering, 3);
  assert.deepStrictEqual(
    d.columns.map((c) => [c.column, c.rowsDiffering, c.firstAt, c.maxAt, c.maxValues]),
    [
      ["train_acc", 2, 1, 1, [0.78, 0.75]],
      ["test_acc", 2, 0, 0, [0.1, 0.11]],
    ],
  );
  assert.ok(Math.abs(d.columns[0].maxAbs - 0.03) < 1e-15);
});

Deno.test("compareSeries() ranks a difference it cannot measure (NaN, text) above any number", () => {
  const d = compareSeries(table([[0, 1], [1, 2], [2, NaN]]), table([[0, 1.5], [1, 2], [2, 3]]));
  assert.deepStrictEqual([d.columns[0].maxAt, d.columns[0].maxValues], [2, [NaN, 3]]);
  assert.ok(Number.isNaN(d.columns[0].maxAbs));
  assert.strictEqual(d.columns[0].firstAt, 0);
});

Deno.test("compareSeries() counts the rows only one table has", () => {
  const d = compareSeries(table([[0, 1], [1, 2]]), table([[0, 1], [1, 2], [2, 3]]));
  assert.deepStrictEqual([d.identical, d.rowsDiffering, d.rows, d.columns], [false, 1, [2, 3], []]);
});

Deno.test("compareSeries() compares nothing more when the headers differ", () => {
  const d = compareSeries(table([[0, 1]]), table([[0, 1]], ["iteration", "cost"]));
  assert.deepStrictEqual([d.identical, d.headers], [false, [["iteration", "loss"], [
    "iteration",
    "cost",
  ]]]);
});
