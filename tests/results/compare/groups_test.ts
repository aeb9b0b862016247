// Oracles: SciPy's Welch test on the real 2 sizes × 3 seeds sweep (the first two fixture cases),
// and groups whose means and spreads are known by construction.

import assert from "node:assert";
import { compareGroups } from "../../../lib/results/compare/groups.ts";
import { parseRuns } from "../../../lib/results/compare/parse_runs.ts";
import type { Run } from "../../../lib/results/compare/types.ts";
import { throwsExactly } from "../../_assert.ts";
import { SWEEP_2X3, type SweepRun, welchCases } from "./_runs.ts";

function sweepRuns(runs: readonly SweepRun[]): Run[] {
  return parseRuns({
    experiment: "05_hidden_size_sweep",
    config: { hidden: [...new Set(runs.map((r) => r.hidden))], seeds: [0, 1, 2], iters: 1200 },
    runs: runs.map((r) => ({
      hidden: r.hidden,
      seed: r.seed,
      status: r.status ?? "completed",
      final: { trainAcc: r.trainAcc, testAcc: r.testAcc, loss: 0.4 },
    })),
  }, "s/05_hidden_size_sweep.json");
}

Deno.test("compareGroups() on 2 sizes × 3 seeds: mean ± std per size and SciPy's p-value against the best", async () => {
  const [test, train] = await welchCases();
  const c = compareGroups(sweepRuns(SWEEP_2X3), "hidden");
  assert.deepStrictEqual(c.groups.map((g) => [g.label, g.runs, g.stats.testAcc.n]), [
    ["hidden=50", [0, 1, 2], 3],
    ["hidden=100", [3, 4, 5], 3],
  ]);
  assert.ok(Math.abs(c.groups[0].stats.testAcc.mean - 0.7893666666666667) < 1e-15);
  assert.strictEqual(c.best, "hidden=100");
  assert.deepStrictEqual(c.tests.map((t) => [t.metric, t.best, t.other, t.verdict]), [
    ["testAcc", "hidden=100", "hidden=50", "larger than seed noise at p < 0.05"],
    ["trainAcc", "hidden=100", "hidden=50", "larger than seed noise at p < 0.05"],
  ]);
  // The fixture is 50 − 100; the test is best − other = 100 − 50: the same p, t and CI negated.
  for (const [tst, fx] of [[c.tests[0], test], [c.tests[1], train]] as const) {
    const w = tst.welch!;
    assert.ok(Math.abs(w.p - fx.p) <= 1e-12 * fx.p, `p ${w.p} vs SciPy ${fx.p}`);
    assert.ok(Math.abs(w.t + fx.t) <= 1e-12 * Math.abs(fx.t));
    assert.ok(Math.abs(w.ci95[0] + fx.ci95[1]) <= 1e-12 * Math.abs(fx.ci95[1]));
    assert.ok(Math.abs(w.ci95[1] + fx.ci95[0]) <= 1e-12 * Math.abs(fx.ci95[0]));
  }
  assert.deepStrictEqual(c.warnings, []);
});

Deno.test("compareGroups() orders numeric groups ascending and picks the highest mean test accuracy", () => {
  const runs = sweepRuns([
    { hidden: 200, seed: 0, trainAcc: 0.5, testAcc: 0.5 },
    { hidden: 10, seed: 0, trainAcc: 0.7, testAcc: 0.7 },
    { hidden: 10, seed: 1, trainAcc: 0.72, testAcc: 0.71 },
    { hidden: 200, seed: 1, trainAcc: 0.52, testAcc: 0.51 },
  ]);
  const c = compareGroups(runs, "hidden");
  assert.deepStrictEqual(c.groups.map((g) => g.label), ["hidden=10", "hidden=200"]);
  assert.strictEqual(c.best, "hidden=10");
});

Deno.test("compareGroups() warns about groups of fewer than 2 runs and diverged runs, and does not test them", () => {
  const runs = sweepRuns([
    { hidden: 50, seed: 0, trainAcc: 0.9, testAcc: 0.9 },
    { hidden: 50, seed: 1, trainAcc: 0.91, testAcc: 0.91 },
    { hidden: 100, seed: 0, trainAcc: 0.1, testAcc: 0.098, status: "diverged" },
  ]);
  const labels = ["hidden=50, seed=0", "hidden=50, seed=1", "hidden=100, seed=0"];
  const c = compareGroups(runs, "hidden", labels);
  assert.deepStrictEqual(c.warnings, [
    "hidden=100, seed=0 is diverged: its accuracies are included",
    "hidden=100 has 1 run with accuracies: no std and no test (run more seeds)",
  ]);
  assert.deepStrictEqual(c.tests.map((t) => [t.other, t.welch, t.verdict]), [
    ["hidden=100", null, "fewer than 2 runs: cannot tell"],
    ["hidden=100", null, "fewer than 2 runs: cannot tell"],
  ]);
  assert.ok(Number.isNaN(c.groups[1].stats.testAcc.std));
});

Deno.test("compareGroups() warns when every run has the same value", () => {
  const c = compareGroups(sweepRuns(SWEEP_2X3.slice(0, 3)), "hidden");
  assert.deepStrictEqual(c.warnings, ["every run has hidden=50: no groups to compare"]);
  assert.deepStrictEqual(c.tests, []);
});

Deno.test("compareGroups() throws a RangeError for a key a run lacks, or runs without accuracies", async (t) => {
  const runs = sweepRuns(SWEEP_2X3);
  await t.step("a missing key", () =>
    throwsExactly(
      () => compareGroups(runs, "lr", ["r0", "r1", "r2", "r3", "r4", "r5"]),
      RangeError,
      "Cannot group runs by a key that is not in every run's config: key=lr, r0 has hidden, seed, iters",
    ));
  await t.step("not a training run", () => {
    const [run] = parseRuns({ experiment: "01_loss_functions", config: { x: 1 } }, "r/01.json");
    throwsExactly(
      () => compareGroups([run, run], "x"),
      RangeError,
      "Cannot group runs as every run needs final accuracies: r/01.json (01_loss_functions) is not a training run",
    );
  });
});
