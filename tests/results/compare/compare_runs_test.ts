// Oracles: runs whose differences are known by construction (tests/results/compare/_runs.ts).

import assert from "node:assert";
import { join } from "node:path";
import { compareRuns } from "../../../lib/results/compare/compare_runs.ts";
import { parseRuns } from "../../../lib/results/compare/parse_runs.ts";
import { readRuns } from "../../../lib/results/compare/read_runs.ts";
import { throwsExactly } from "../../_assert.ts";
import { RUNTIME, withTempDir, writeTrainingRun } from "./_runs.ts";

Deno.test("compareRuns() on two seeds: seed differs, final numbers with differences, every curve differs", () =>
  withTempDir(async (dir) => {
    await writeTrainingRun(join(dir, "a"), { seed: 0 });
    await writeTrainingRun(join(dir, "b"), { seed: 1 });
    const c = compareRuns(await readRuns([join(dir, "a"), join(dir, "b")]));
    assert.deepStrictEqual(c.config, { keys: 10, differing: [{ key: "seed", values: [0, 1] }] });
    assert.deepStrictEqual(c.runs.map((r) => r.label), ["seed=0", "seed=1"]);
    assert.deepStrictEqual(c.metrics!.map((m) => m.metrics.testAcc), [0.7915, 0.7875]);
    assert.ok(Math.abs(c.metrics![1].delta!.testAcc! + 0.004) < 1e-15);
    assert.strictEqual(c.metrics![0].delta, null);
    assert.deepStrictEqual(c.curves[0].series.map((s) => [s.name, s.identical]), [
      ["loss.csv", false],
      ["accuracy.csv", false],
    ]);
    assert.strictEqual(c.identical, false);
    assert.strictEqual(c.groups, null);
  }));

Deno.test("compareRuns() on the same run twice says identical", () =>
  withTempDir(async (dir) => {
    const path = await writeTrainingRun(dir, { newFormat: true });
    const c = compareRuns(await readRuns([dir, path]));
    assert.strictEqual(c.identical, true);
    assert.deepStrictEqual(c.config.differing, []);
    assert.ok(c.curves[0].series.every((s) => s.identical));
    assert.deepStrictEqual(c.notes, []);
  }));

Deno.test("compareRuns() notes other runtimes, last-epoch accuracies and missing files", () =>
  withTempDir(async (dir) => {
    await writeTrainingRun(join(dir, "a"), { newFormat: true });
    await writeTrainingRun(join(dir, "b"), {
      runtime: { ...RUNTIME, deno: "2.9.7", v8: "15.1" },
      skipAccuracyCsv: true,
    });
    const c = compareRuns(await readRuns([join(dir, "a"), join(dir, "b")]));
    assert.deepStrictEqual(c.notes, [
      "the runtimes differ (Deno 2.9.6, V8 15.0.245.2-rusty: a; Deno 2.9.7, V8 15.1: b): V8's Math.exp " +
      "and Math.log are part of the arithmetic, so some differences may come from the runtime",
      "the accuracies of b are their last epoch's, not the final parameters' (no afterTraining in the file)",
      "b: 04_train_two_layer_net.accuracy.csv is listed in its JSON but missing",
    ]);
    assert.deepStrictEqual(c.curves[0].onlyIn, [{ series: "accuracy.csv", run: "a" }]);
    assert.strictEqual(c.identical, false);
  }));

Deno.test("compareRuns() throws a RangeError for fewer than 2 runs or runs of different experiments", async (t) => {
  const [a] = parseRuns({ experiment: "04_train_two_layer_net", config: {} }, "x/04.json");
  const [b] = parseRuns({ experiment: "02_numerical_gradient", config: {} }, "y/02.json");
  await t.step("one run", () =>
    throwsExactly(
      () => compareRuns([a]),
      RangeError,
      "Cannot compare runs as there must be at least 2: got 1 (x/04.json)",
    ));
  await t.step("two experiments", () =>
    throwsExactly(
      () => compareRuns([a, b]),
      RangeError,
      "Cannot compare runs as they must be results of one experiment: " +
        "04_train_two_layer_net (x/04.json), 02_numerical_gradient (y/02.json)",
    ));
});

Deno.test("compareRuns() compares experiments that are not training runs by config and tables only", () => {
  const doc = (seed: number) => ({ experiment: "03_gradient_descent", config: { seed }, x: 1 });
  const c = compareRuns([...parseRuns(doc(0), "a/03.json"), ...parseRuns(doc(1), "b/03.json")]);
  assert.strictEqual(c.metrics, null);
  assert.deepStrictEqual(c.runs.map((r) => r.label), ["seed=0", "seed=1"]);
});
