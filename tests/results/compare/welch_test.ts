// Oracle: SciPy. tests/fixtures/make_compare_fixtures.py ran scipy.stats.ttest_ind(a, b,
// equal_var=False) and computed the 95% CI from t.ppf(0.975, df) on 13 cases (real sweep
// accuracies, unequal sizes and spreads, a p-value of 3e-17, a zero difference). Measured here
// when written: every t, df, p and CI end within 2e-14 relative of SciPy's (most within 1e-15);
// the tolerance is 1e-12 relative (absolute for the exact zeros).

import assert from "node:assert";
import { ALPHA, seedNoiseVerdict, welchTTest } from "../../../lib/results/compare/welch.ts";
import { throwsExactly } from "../../_assert.ts";
import { welchCases } from "./_runs.ts";

const TOLERANCE = 1e-12;

function close(actual: number, expected: number, what: string): void {
  const scale = Math.max(Math.abs(expected), expected === 0 ? 1 : 0);
  assert.ok(
    Math.abs(actual - expected) <= TOLERANCE * scale,
    `${what}: ${actual} vs SciPy's ${expected} (relative ${Math.abs(actual - expected) / scale})`,
  );
}

Deno.test("welchTTest() matches SciPy's ttest_ind(equal_var=False) and t.ppf CI on every fixture case", async (t) => {
  const cases = await welchCases();
  assert.strictEqual(cases.length, 13);
  for (const c of cases) {
    await t.step(c.name, () => {
      const r = welchTTest(c.a, c.b);
      close(r.t, c.t, "t");
      close(r.df, c.df, "df");
      close(r.p, c.p, "p");
      close(r.difference, c.difference, "difference");
      close(r.standardError, c.standardError, "standard error");
      close(r.ci95[0], c.ci95[0], "CI low");
      close(r.ci95[1], c.ci95[1], "CI high");
      assert.deepStrictEqual(r.n, [c.a.length, c.b.length]);
    });
  }
});

Deno.test("welchTTest() reports the groups' means and sample standard deviations", () => {
  const r = welchTTest([1, 2, 3], [2, 4, 6, 8]);
  assert.deepStrictEqual(r.mean, [2, 5]);
  assert.strictEqual(r.std[0], 1);
  assert.ok(Math.abs(r.std[1] - Math.sqrt(20 / 3)) < 1e-15);
});

Deno.test("welchTTest() handles groups without spread", async (t) => {
  await t.step("different means: t is infinite, p is 0, the CI is the difference", () => {
    const r = welchTTest([1, 1], [0.5, 0.5, 0.5]);
    assert.deepStrictEqual([r.t, r.p, r.ci95, Number.isNaN(r.df)], [Infinity, 0, [0.5, 0.5], true]);
  });
  await t.step("equal means: t and p are NaN", () => {
    const r = welchTTest([2, 2], [2, 2]);
    assert.ok(Number.isNaN(r.t) && Number.isNaN(r.p));
    assert.deepStrictEqual(r.ci95, [0, 0]);
  });
});

Deno.test("welchTTest() throws a RangeError when a group is too small or a value is not finite", async (t) => {
  await t.step("one value", () =>
    throwsExactly(
      () => welchTTest([0.9], [0.8, 0.81]),
      RangeError,
      "Cannot run Welch's t-test as each group needs at least 2 values: n=1, 2",
    ));
  await t.step("NaN", () =>
    throwsExactly(
      () => welchTTest([0.9, NaN], [0.8, 0.81]),
      RangeError,
      "Cannot run Welch's t-test as every value must be finite: got NaN",
    ));
});

Deno.test("seedNoiseVerdict() reads p against 0.05 in plain words", () => {
  assert.strictEqual(ALPHA, 0.05);
  assert.strictEqual(seedNoiseVerdict(0.049), "larger than seed noise at p < 0.05");
  assert.strictEqual(seedNoiseVerdict(0.05), "within seed noise");
  assert.strictEqual(seedNoiseVerdict(NaN), "no spread within the groups: cannot tell");
});
