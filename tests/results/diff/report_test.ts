// Oracles: hand-written report lines for a hand-made comparison.

import assert from "node:assert";
import { diffResultTexts } from "../../../lib/results/diff/compare.ts";
import { formatDiffReport } from "../../../lib/results/diff/report.ts";
import type { Difference } from "../../../lib/results/diff/types.ts";
import { resultsText } from "../_helpers.ts";

const json = (a: string, b: string, tolerance = 0) =>
  diffResultTexts(a, b, { file: "r.json", tolerance });

Deno.test("formatDiffReport() prints at most limit lines per file when there are more", () => {
  const a = resultsText({ v: [1, 2, 3, 4, 5] });
  const b = resultsText({ v: [0, 0, 0, 0, 0] });
  const diff = json(a, b);
  assert.strictEqual(
    formatDiffReport(diff, { limit: 2 }),
    [
      "r.json $.v[0]: 1 vs 0 (a - b = 1)",
      "r.json $.v[1]: 2 vs 0 (a - b = 2)",
      "… and 3 more in r.json",
      "1 file, 9 numbers compared: 1 file differs (5 numbers)",
      "",
    ].join("\n"),
  );
  assert.strictEqual(formatDiffReport(diff, { limit: 50 }).split("\n").length, 5 + 2);
  assert.throws(() => formatDiffReport(diff, { limit: 0 }), {
    name: "RangeError",
    message: "Cannot format a diff report as the limit must be a positive integer: limit=0",
  });
});

Deno.test("formatDiffReport() counts files on one side, differing files, numbers and other differences when summing up", async (t) => {
  const d = (file: string, path: string, kind: Difference["kind"]): Difference => ({
    file,
    path,
    kind,
    a: kind === "extra" ? undefined : 1,
    b: kind === "missing" ? undefined : 2,
  });
  const summary = (differences: Difference[], tolerance = 0, tolerated = 0) =>
    formatDiffReport(
      { tolerance, files: 9, numbers: 40, tolerated, differences, notes: [] },
      { quiet: true },
    );
  await t.step("files missing on one side are not counted as numbers", () => {
    assert.strictEqual(
      summary([d("a.csv", "", "missing"), d("b.svg", "", "missing"), d("c.json", "", "extra")]),
      "9 files, 40 numbers compared: 2 files only in A, 1 file only in B\n",
    );
  });
  await t.step("differing files with their numbers and other differences", () => {
    assert.strictEqual(
      summary([
        d("a.csv", "row 1 col x", "number"),
        d("a.csv", "rows", "rows"),
        d("b.json", "$.x", "number"),
        d("b.json", "$.y[0]", "number"),
        d("c.svg", "line 1 col 3", "text"),
        d("d.json", "$.gone", "missing"),
        d("e.csv", "", "extra"),
      ]),
      "9 files, 40 numbers compared: 1 file only in B, " +
        "4 files differ (3 numbers, 3 other differences)\n",
    );
  });
  await t.step("numbers within the tolerance are counted after the differences", () => {
    assert.strictEqual(
      summary([d("a.csv", "row 1 col x", "number")], 1e-12, 1),
      "9 files, 40 numbers compared: 1 file differs (1 number); " +
        "1 more number within tolerance 1e-12\n",
    );
    assert.strictEqual(
      summary([d("a.csv", "header", "header")], 1e-12, 2),
      "9 files, 40 numbers compared: 1 file differs (1 other difference); " +
        "2 more numbers within tolerance 1e-12\n",
    );
  });
});
