// Oracles: hand-written report lines for a hand-made comparison.

import assert from "node:assert";
import { diffResultTexts } from "../../../lib/results/diff/compare.ts";
import { formatDiffReport } from "../../../lib/results/diff/report.ts";
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
      "1 file, 9 numbers compared: 5 differ",
      "",
    ].join("\n"),
  );
  assert.strictEqual(formatDiffReport(diff, { limit: 50 }).split("\n").length, 5 + 2);
  assert.throws(() => formatDiffReport(diff, { limit: 0 }), {
    name: "RangeError",
    message: "Cannot format a diff report as the limit must be a positive integer: limit=0",
  });
});
