/**
 * Welch's t-test: is the difference between two groups' means (two hidden
 * sizes, each run with several seeds) larger than the spread within the
 * groups? Unlike Student's test it does not assume equal variances. The t
 * distribution comes from `@stdlib` (its CDF and quantile, ports of Boost's
 * incomplete beta functions); nothing here is a hand-written special function.
 * Checked against `scipy.stats.ttest_ind(a, b, equal_var=False)` in
 * `tests/results/compare/welch_test.ts`.
 *
 * `@stdlib`'s quantile loads the `debug` package, which lists the environment
 * variables when it is imported: run with `--allow-env` or `--ignore-env`.
 *
 * @module
 */

import tCdf from "@stdlib/stats-base-dists-t-cdf";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { meanStd } from "../../core/mod.ts";

/** The outcome of {@linkcode welchTTest}: the groups, the difference of means and the test. */
export interface WelchResult {
  /** Sizes of a and b. */
  readonly n: readonly [number, number];
  /** Means of a and b. */
  readonly mean: readonly [number, number];
  /** Sample standard deviations (n − 1) of a and b. */
  readonly std: readonly [number, number];
  /** mean(a) − mean(b). */
  readonly difference: number;
  /** Standard error of the difference, √(s_a²/n_a + s_b²/n_b). */
  readonly standardError: number;
  /** The t statistic, difference / standard error. */
  readonly t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  readonly df: number;
  /** Two-sided p-value: the chance of a |t| at least this large if the means were equal. */
  readonly p: number;
  /** 95% confidence interval of the difference, `[low, high]`. */
  readonly ci95: readonly [number, number];
}

/**
 * Welch's two-sample t-test of mean(a) = mean(b), two-sided, with the 95%
 * confidence interval of mean(a) − mean(b): SciPy's
 * `ttest_ind(a, b, equal_var=False)`.
 *
 * When both groups have no spread (every value of each group equal), the
 * standard error is 0: then `df` is NaN, the interval is the difference
 * itself, and `t` and `p` are ±Infinity and 0 when the means differ, NaN
 * when they do not.
 *
 * @param a One group's values (e.g. the final test accuracies of one hidden size's seeds).
 * @param b The other group's.
 * @returns Means, standard deviations, the difference, t, df, p and the 95% interval.
 * @throws {RangeError} When a group has fewer than 2 values, or a value is not finite.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { welchTTest } from "./welch.ts";
 * const r = welchTTest([0.5, 0.7], [0.1, 0.2]);
 * assert.ok(Math.abs(r.difference - 0.45) < 1e-15);
 * assert.ok(Math.abs(r.p - 0.09171033896595436) < 1e-12); // SciPy's p-value
 * assert.ok(r.ci95[0] < 0 && r.ci95[1] > 0.9);
 * ```
 */
export function welchTTest(a: readonly number[], b: readonly number[]): WelchResult {
  if (a.length < 2 || b.length < 2) {
    throw new RangeError(
      `Cannot run Welch's t-test as each group needs at least 2 values: n=${a.length}, ${b.length}`,
    );
  }
  const bad = [...a, ...b].find((v) => !Number.isFinite(v));
  if (bad !== undefined) {
    throw new RangeError(`Cannot run Welch's t-test as every value must be finite: got ${bad}`);
  }
  const sa = meanStd(a), sb = meanStd(b);
  const va = (sa.std * sa.std) / a.length, vb = (sb.std * sb.std) / b.length;
  const difference = sa.mean - sb.mean;
  const standardError = Math.sqrt(va + vb);
  const base = {
    n: [a.length, b.length] as const,
    mean: [sa.mean, sb.mean] as const,
    std: [sa.std, sb.std] as const,
    difference,
    standardError,
  };
  if (standardError === 0) {
    const t = difference === 0 ? NaN : Math.sign(difference) * Infinity;
    return { ...base, t, df: NaN, p: difference === 0 ? NaN : 0, ci95: [difference, difference] };
  }
  const t = difference / standardError;
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  // 2·F(−|t|) rather than 2·(1 − F(|t|)): no cancellation for tiny p-values.
  const p = Math.min(1, 2 * tCdf(-Math.abs(t), df));
  const q = tQuantile(0.975, df);
  return {
    ...base,
    t,
    df,
    p,
    ci95: [difference - q * standardError, difference + q * standardError],
  };
}

/** The significance level of {@linkcode seedNoiseVerdict}. */
export const ALPHA = 0.05;

/**
 * A plain-words reading of a p-value from runs that differ in a setting and
 * in their seeds.
 *
 * @param p A two-sided p-value (NaN when there was no spread to test with).
 * @returns `"larger than seed noise at p < 0.05"`, `"within seed noise"`, or
 *   `"no spread within the groups: cannot tell"` for NaN.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { seedNoiseVerdict } from "./welch.ts";
 * assert.strictEqual(seedNoiseVerdict(0.0004), "larger than seed noise at p < 0.05");
 * assert.strictEqual(seedNoiseVerdict(0.135), "within seed noise");
 * ```
 */
export function seedNoiseVerdict(p: number): string {
  if (Number.isNaN(p)) return "no spread within the groups: cannot tell";
  return p < ALPHA ? `larger than seed noise at p < ${ALPHA}` : "within seed noise";
}
