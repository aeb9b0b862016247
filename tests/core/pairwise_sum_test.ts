// Oracle: NumPy's np.sum through tests/fixtures/core/pairwise_sum.json (made by
// make_core_fixtures.py, numpy 2.4.6), and the book's printed sums. Sums involve no exp/log, so
// pairwiseSum must equal np.sum bit for bit.

import assert from "node:assert";
import { pairwiseSum } from "../../lib/core/pairwise_sum.ts";

interface PairwiseFixture {
  readonly arrays: readonly {
    readonly name: string;
    readonly values: readonly number[];
    readonly prefixSums: readonly number[];
    readonly leftToRightDiffers: number;
    readonly offsetSums: readonly {
      readonly offset: number;
      readonly lengths: readonly number[];
      readonly sums: readonly number[];
    }[];
  }[];
  readonly strided: readonly {
    readonly rows: number;
    readonly cols: number;
    readonly values: readonly number[];
    readonly columnSums: readonly number[];
    readonly axis0Sums: readonly number[];
  }[];
  readonly negativeZero: readonly { readonly length: number; readonly sum: number }[];
}

const PAIRWISE: PairwiseFixture = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/core/pairwise_sum.json", import.meta.url)),
);

function leftToRight(values: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i];
  return s;
}

Deno.test("pairwiseSum() equals np.sum exactly when summing every prefix of 1…1000 values", () => {
  for (const a of PAIRWISE.arrays) {
    const values = new Float64Array(a.values);
    assert.strictEqual(a.prefixSums.length, 1000);
    let naiveDiffers = 0;
    for (let n = 1; n <= values.length; n++) {
      const got = pairwiseSum(values.subarray(0, n));
      if (!Object.is(got, a.prefixSums[n - 1])) {
        assert.fail(`${a.name}: n=${n}: got ${got}, np.sum ${a.prefixSums[n - 1]}`);
      }
      assert.strictEqual(pairwiseSum(values, 0, n), got);
      if (leftToRight(values, n) !== got) naiveDiffers++;
    }
    // The fixture is not vacuous: a plain loop gets most prefixes wrong in the last bits, and
    // it gets exactly the ones wrong that Python's plain loop got wrong.
    assert.strictEqual(naiveDiffers, a.leftToRightDiffers, a.name);
    assert.ok(naiveDiffers > 500, `${a.name}: ${naiveDiffers}`);
  }
});

Deno.test("pairwiseSum() equals np.sum exactly when summing a range at an offset", () => {
  for (const a of PAIRWISE.arrays) {
    const values = new Float64Array(a.values);
    for (const { offset, lengths, sums } of a.offsetSums) {
      lengths.forEach((n, i) => {
        assert.strictEqual(pairwiseSum(values, offset, n), sums[i], `${a.name} ${offset}+${n}`);
      });
    }
  }
});

Deno.test("pairwiseSum() equals np.sum of a column slice exactly when given a stride", () => {
  for (const m of PAIRWISE.strided) {
    const values = new Float64Array(m.values);
    for (let j = 0; j < m.cols; j++) {
      assert.strictEqual(
        pairwiseSum(values, j, m.rows, m.cols),
        m.columnSums[j],
        `${m.rows}x${m.cols} column ${j}`,
      );
    }
  }
});

Deno.test("pairwiseSum() gives the book's sums when summing the book's errors", async (t) => {
  // §4.2.1, y2 against t: squared differences of the book's example.
  const sq = new Float64Array([0.01, 0.0025, 0.81, 0, 0.0025, 0.01, 0, 0.36, 0, 0]);
  await t.step("pairwise (NumPy's order): 0.5975, as the book prints", () => {
    assert.strictEqual(0.5 * pairwiseSum(sq), 0.5975);
  });
  await t.step("a plain left-to-right loop gives 0.5974999999999999 instead", () => {
    // This is why the losses sum in NumPy's order: the book's last digit depends on it.
    assert.strictEqual(0.5 * leftToRight(sq, sq.length), 0.5974999999999999);
  });
});

Deno.test("pairwiseSum() returns +0 like np.sum when summing negative zeros or nothing", async (t) => {
  for (const { length, sum } of PAIRWISE.negativeZero) {
    await t.step(`${length} negative zeros`, () => {
      const got = pairwiseSum(new Float64Array(length).fill(-0));
      assert.ok(Object.is(got, sum) && Object.is(got, 0), `got ${got}`);
    });
  }
  await t.step("an empty range", () => {
    assert.ok(Object.is(pairwiseSum(new Float64Array(0)), 0));
  });
});

Deno.test("pairwiseSum() propagates non-finite values when they are present", () => {
  const d = new Float64Array(200).fill(1);
  d[150] = Infinity;
  assert.strictEqual(pairwiseSum(d), Infinity);
  d[3] = -Infinity;
  assert.ok(Number.isNaN(pairwiseSum(d)));
  d[3] = NaN;
  d[150] = 1;
  assert.ok(Number.isNaN(pairwiseSum(d)));
});
