// Oracles: runs built with known differences (tests/results/compare/_runs.ts); the text output is
// checked whole for two seeds, the other formats and layouts by their parts.

import assert from "node:assert";
import { join } from "node:path";
import { compareRuns } from "../../../lib/results/compare/compare_runs.ts";
import { formatComparison, WIDE_RUNS } from "../../../lib/results/compare/format.ts";
import { readRuns } from "../../../lib/results/compare/read_runs.ts";
import { parseResultsJson } from "../../../lib/results/mod.ts";
import { lossCurve, SWEEP_2X3, withTempDir, writeSweep, writeTrainingRun } from "./_runs.ts";

async function twoSeeds(dir: string) {
  await writeTrainingRun(join(dir, "a"), {
    seed: 0,
    newFormat: true,
    afterTraining: [0.80125, 0.8071],
  });
  await writeTrainingRun(join(dir, "b"), {
    seed: 1,
    newFormat: true,
    afterTraining: [0.79, 0.8012],
  });
  return compareRuns(await readRuns([join(dir, "a"), join(dir, "b")]));
}

Deno.test("formatComparison() prints runs, config, metrics, curves and a summary for two seeds", () =>
  withTempDir(async (dir) => {
    const text = formatComparison(await twoSeeds(dir));
    assert.strictEqual(
      text,
      `compare 04_train_two_layer_net (§4.5: Training the two-layer net on MNIST with mini-batch SGD): 2 runs
  run     file
  seed=0  ${dir}/a/04_train_two_layer_net.json
  seed=1  ${dir}/b/04_train_two_layer_net.json

config: 1 of 10 keys differs
  key   seed=0  seed=1
  seed  0       1

metrics: final accuracies and last batch loss (Δ = run − seed=0)
               seed=0                           seed=1
  status       completed                        completed
  iterations   1200                             1200
  accuracy at  after training (iteration 1200)  after training (iteration 1200)
  train acc    0.80125                          0.79 (-0.01125)
  test acc     0.8071                           0.8012 (-0.0059)
  loss         0.105938                         0.106578 (+0.0006394)

curves: seed=1 against seed=0 (rows matched by position)
  table         column     rows differing  first at     max |Δ|  at             values there
  loss.csv      loss       1199 of 1200    iteration 1  0.0176   iteration 863  0.274 vs 0.2564
  accuracy.csv  train_acc  2 of 2          epoch 0      0.01     epoch 0        0.09915 vs 0.1091
  accuracy.csv  test_acc   2 of 2          epoch 0      0.01     epoch 0        0.1009 vs 0.1109

summary: seed differs; test acc 0.8071 → 0.8012; 2 of 2 tables differ
`,
    );
  }));

Deno.test("formatComparison() as Markdown: the same sections as bold titles and pipe tables", () =>
  withTempDir(async (dir) => {
    const md = formatComparison(await twoSeeds(dir), "md");
    assert.ok(md.startsWith("**compare 04_train_two_layer_net (§4.5: "), md.slice(0, 80));
    assert.ok(
      md.includes(
        "**config: 1 of 10 keys differs**\n\n| key | seed=0 | seed=1 |\n| --- | --- | --- |\n| seed | 0 | 1 |\n",
      ),
    );
    assert.ok(md.includes("| test acc | 0.8071 | 0.8012 (-0.0059) |\n"));
    assert.ok(md.includes("| max \\|Δ\\| |"), "pipes in cells are escaped");
    assert.ok(
      md.endsWith("**summary: seed differs; test acc 0.8071 → 0.8012; 2 of 2 tables differ**\n"),
    );
  }));

Deno.test("formatComparison() as JSON keeps every digit and reads back", () =>
  withTempDir(async (dir) => {
    const c = await twoSeeds(dir);
    const back = parseResultsJson(formatComparison(c, "json")) as typeof c;
    assert.strictEqual(back.metrics![1].metrics.loss, c.metrics![1].metrics.loss);
    assert.deepStrictEqual(back.config, c.config);
    assert.strictEqual(
      back.curves[0].series[0].columns[0].maxAbs,
      c.curves[0].series[0].columns[0].maxAbs,
    );
    assert.strictEqual(back.identical, false);
  }));

Deno.test("formatComparison() fits two 10000-iteration runs on one screen", () =>
  withTempDir(async (dir) => {
    const epochs = (s: number) =>
      Array.from({ length: 17 }, (_, e) => [0.1 + e * 0.05 + s / 1000, 0.1 + e * 0.05] as const);
    await writeTrainingRun(join(dir, "seed0"), {
      seed: 0,
      losses: lossCurve(10000, 0),
      epochs: epochs(0),
    });
    await writeTrainingRun(join(dir, "seed1"), {
      seed: 1,
      losses: lossCurve(10000, 1),
      epochs: epochs(1),
    });
    const text = formatComparison(
      compareRuns(await readRuns([join(dir, "seed0"), join(dir, "seed1")])),
    );
    const lines = text.trimEnd().split("\n");
    assert.ok(lines.length <= 60, `${lines.length} lines`);
    assert.ok(text.includes("  seed  0       1\n"));
    assert.ok(text.includes("loss.csv      loss       9999 of 10000"), text);
  }));

Deno.test("formatComparison() gives one row per run, and config values as lists, past WIDE_RUNS runs", () =>
  withTempDir(async (dir) => {
    assert.strictEqual(WIDE_RUNS, 4);
    const path = await writeSweep(dir, SWEEP_2X3);
    const text = formatComparison(compareRuns(await readRuns([path]), { by: "hidden" }));
    assert.ok(text.includes(`  6 runs  ${path}\n`));
    assert.ok(text.includes("config: 2 of 10 keys differ\n  hidden: 50, 100\n  seed: 0, 1, 2\n"));
    assert.ok(
      text.includes(
        "  hidden=100, seed=1  completed  1200        last epoch (iteration 600)  0.818933 (+0.0366)",
      ),
    );
    assert.ok(
      text.includes(
        "by hidden: mean ± std (n − 1) of the final accuracies\n" +
          "  hidden  n  train acc        test acc\n" +
          "  50      3  0.7822 ± 0.0040  0.7894 ± 0.0046\n" +
          "  100     3  0.8173 ± 0.0016  0.8226 ± 0.0019\n",
      ),
      text,
    );
    assert.ok(
      text.includes(
        "  test      hidden=100 − hidden=50: +0.0332  [+0.0234, +0.0430]  0.0023  larger than seed noise at p < 0.05\n",
      ),
      text,
    );
  }));

Deno.test("formatComparison() ends with 'identical' for the same run twice", () =>
  withTempDir(async (dir) => {
    const path = await writeTrainingRun(dir);
    const text = formatComparison(compareRuns(await readRuns([path, path])));
    assert.ok(text.includes("config: identical (10 keys)\n"));
    assert.ok(text.includes("  loss.csv      identical  1200 rows\n"));
    assert.ok(text.endsWith("identical: same config, status, final numbers and curves\n"));
  }));
