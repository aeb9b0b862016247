// Oracles: the book's printed values (§3.2.4 sigmoid, §3.5.2 softmax), closed forms
// (sigmoid(0) = 1/2, σ' = σ(1 − σ), the derivative by central differences), and the book's
// NumPy softmax/sigmoid through tests/fixtures/core/functions.json (make_core_fixtures.py,
// numpy 2.4.6). np.exp is NumPy's own SIMD code and not correctly rounded, V8's Math.exp is
// another implementation, so values involving exp are compared with a relative tolerance.

import assert from "node:assert";
import {
  identityFunction,
  relu,
  sigmoid,
  sigmoidGrad,
  softmax,
  softmaxRows,
  stepFunction,
} from "../../lib/core/functions.ts";
import { fromRows, toRows } from "../../lib/core/convert.ts";
import { matrix } from "../../lib/core/matrix.ts";
import { numericalDiff } from "../../lib/core/numerical_gradient.ts";
import { matchesPrinted } from "../../lib/results/printed.ts";

interface FunctionsFixture {
  readonly softmax: readonly { readonly a: readonly number[]; readonly y: readonly number[] }[];
  readonly softmaxRows: readonly {
    readonly rows: number;
    readonly cols: number;
    readonly a: readonly number[];
    readonly y: readonly number[];
  }[];
  readonly sigmoid: { readonly x: readonly number[]; readonly y: readonly number[] };
}

const FIXTURE: FunctionsFixture = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/core/functions.json", import.meta.url)),
);

/**
 * Values computed through exp here and in NumPy: at most a few ulps apart (measured on the
 * fixtures: at most 3.2e-16 relative, in 3 of 1,839 values, all in the row-wise softmax whose
 * NumPy sum runs along axis 0 of a transposed array; every 1-D softmax and sigmoid value is
 * equal). 1e-14 leaves room for other exp implementations without hiding a wrong formula.
 */
const EXP_REL_TOL = 1e-14;

/** |actual − expected| ≤ rel·|expected|; an expected 0 must be matched exactly. */
function assertRelClose(actual: number, expected: number, rel: number, what: string): void {
  if (Object.is(actual, expected)) return;
  const ok = Math.abs(actual - expected) <= rel * Math.abs(expected);
  assert.ok(ok, `${what}: got ${actual}, expected ${expected} (relative tolerance ${rel})`);
}

Deno.test("identityFunction() returns an equal copy when given a vector", () => {
  const x = new Float64Array([0.3, -1, -0]);
  const y = identityFunction(x);
  assert.notStrictEqual(y, x);
  assert.deepStrictEqual(y, x);
  assert.ok(Object.is(y[2], -0));
});

Deno.test("stepFunction() gives 1 only where x > 0 when given any values", () => {
  // §3.2.3: step_function(np.array([-1.0, 1.0, 2.0])) -> [0, 1, 1].
  assert.deepStrictEqual(Array.from(stepFunction(new Float64Array([-1, 1, 2]))), [0, 1, 1]);
  const edge = stepFunction(new Float64Array([0, -0, 5e-324, -Infinity, Infinity, NaN]));
  // NaN > 0 is false, as in the book's np.array(x > 0, dtype=int).
  assert.deepStrictEqual(Array.from(edge), [0, 0, 1, 0, 1, 0]);
});

Deno.test("sigmoid() gives the book's printed values when x = [-1, 1, 2]", () => {
  // §3.2.4: array([0.26894142, 0.73105858, 0.88079708]).
  const y = sigmoid(new Float64Array([-1, 1, 2]));
  ["0.26894142", "0.73105858", "0.88079708"].forEach((p, i) => {
    assert.ok(matchesPrinted(y[i], p), `sigmoid: ${y[i]} vs ${p}`);
  });
});

Deno.test("sigmoid() matches closed forms when given special points", async (t) => {
  await t.step("sigmoid(0) = 1/2 exactly", () => {
    assert.deepStrictEqual(Array.from(sigmoid(new Float64Array([0, -0]))), [0.5, 0.5]);
  });
  await t.step("saturates to exactly 0 and 1 without NaN", () => {
    const y = sigmoid(new Float64Array([-1000, 1000, -Infinity, Infinity]));
    assert.deepStrictEqual(Array.from(y), [0, 1, 0, 1]);
  });
  await t.step("sigmoid(ln 3) = 3/4", () => {
    // exp(-ln 3) = 1/3 up to rounding, so the result is 3/4 within a few ulps.
    assertRelClose(sigmoid(new Float64Array([Math.log(3)]))[0], 0.75, 4 * Number.EPSILON, "σ");
  });
  await t.step("NaN stays NaN", () => {
    assert.ok(Number.isNaN(sigmoid(new Float64Array([NaN]))[0]));
  });
});

Deno.test("sigmoid() agrees with the book's NumPy sigmoid when x spans -40…40", () => {
  const y = sigmoid(new Float64Array(FIXTURE.sigmoid.x));
  FIXTURE.sigmoid.y.forEach((e, i) =>
    assertRelClose(y[i], e, EXP_REL_TOL, `x=${FIXTURE.sigmoid.x[i]}`)
  );
});

Deno.test("sigmoid() writes into out when out is given", async (t) => {
  await t.step("a separate buffer", () => {
    const x = new Float64Array([0, 1]);
    const out = new Float64Array(2);
    assert.strictEqual(sigmoid(x, out), out);
    assert.deepStrictEqual(out, sigmoid(x));
    assert.deepStrictEqual(Array.from(x), [0, 1]);
  });
  await t.step("in place (out = x)", () => {
    const x = new Float64Array([0, 1, -2]);
    const expected = sigmoid(x);
    assert.strictEqual(sigmoid(x, x), x);
    assert.deepStrictEqual(x, expected);
  });
  await t.step("out of another length throws", () => {
    assert.throws(() => sigmoid(new Float64Array(3), new Float64Array(2)), {
      name: "TypeError",
      message: "Cannot apply sigmoid as out must have the input's length: x.length=3, out.length=2",
    });
  });
});

Deno.test("sigmoidGrad() equals the derivative of sigmoid when x varies", async (t) => {
  const xs = new Float64Array(Array.from({ length: 81 }, (_, i) => -10 + i / 4));
  const g = sigmoidGrad(xs);
  await t.step("(1 − σ(x))·σ(x) in the book's order, bit for bit", () => {
    const s = sigmoid(xs);
    xs.forEach((_, i) => assert.strictEqual(g[i], (1 - s[i]) * s[i]));
  });
  await t.step("the central difference of sigmoid (§4.3.1)", () => {
    // Truncation h²/6·|σ'''| ≤ 1e-8/6·1/8 ≈ 2e-10 plus rounding ~1e-16/1e-4 = 1e-12.
    xs.forEach((x, i) => {
      const d = numericalDiff((v) => 1 / (1 + Math.exp(-v)), x);
      assert.ok(Math.abs(g[i] - d) <= 1e-9, `x=${x}: ${g[i]} vs ${d}`);
    });
  });
  await t.step("σ'(0) = 1/4 exactly and 0 far out", () => {
    assert.deepStrictEqual(Array.from(sigmoidGrad(new Float64Array([0, -1000, 1000]))), [
      0.25,
      0,
      0,
    ]);
  });
});

Deno.test("relu() gives max(0, x) when given any values", async (t) => {
  await t.step("the book's cases", () => {
    assert.deepStrictEqual(Array.from(relu(new Float64Array([-2, 0, 3, 0.5]))), [0, 0, 3, 0.5]);
  });
  await t.step("negative zero and infinities", () => {
    const y = relu(new Float64Array([-0, -Infinity, Infinity]));
    // np.maximum(0, -0.0) is +0.
    assert.ok(Object.is(y[0], 0));
    assert.deepStrictEqual(Array.from(y.subarray(1)), [0, Infinity]);
  });
  await t.step("NaN propagates, as np.maximum(0, x)", () => {
    assert.ok(Number.isNaN(relu(new Float64Array([NaN]))[0]));
  });
  await t.step("a new array", () => {
    const x = new Float64Array([-1]);
    relu(x);
    assert.strictEqual(x[0], -1);
  });
});

Deno.test("softmax() gives the book's printed values when a = [0.3, 2.9, 4.0]", () => {
  // §3.5.2: [0.01821127, 0.24519181, 0.73659691], 8 printed decimals.
  const y = softmax(new Float64Array([0.3, 2.9, 4.0]));
  const book = ["0.01821127", "0.24519181", "0.73659691"];
  book.forEach((p, i) => {
    assert.ok(matchesPrinted(y[i], p), `${y[i]} vs ${p}`);
    // Half a unit in the 8th decimal: the same claim as a plain tolerance.
    assert.ok(Math.abs(y[i] - Number(p)) <= 5e-9, `${y[i]} vs ${p}`);
  });
  // Σ y = 1 up to the rounding of three divisions and a sum.
  assert.ok(Math.abs(y[0] + y[1] + y[2] - 1) <= 4 * Number.EPSILON);
});

Deno.test("softmax() stays finite when scores would overflow exp", () => {
  // §3.5.2: np.exp(1010) overflows; subtracting the max first avoids it.
  const a = new Float64Array([1010, 1000, 990]);
  assert.strictEqual(Math.exp(1010), Infinity);
  const y = softmax(a);
  assert.ok(y.every(Number.isFinite));
  const numpy = FIXTURE.softmax.find((c) => c.a[0] === 1010)!;
  y.forEach((v, i) => assertRelClose(v, numpy.y[i], EXP_REL_TOL, `softmax[${i}]`));
  // The book prints array([9.99954600e-01, 4.53978686e-05, 2.06106005e-09]).
  ["9.99954600e-01", "4.53978686e-05", "2.06106005e-09"].forEach((p, i) =>
    assert.ok(matchesPrinted(y[i], p), `${y[i]} vs ${p}`)
  );
});

Deno.test("softmax() agrees with the book's NumPy softmax when given vectors", () => {
  for (const c of FIXTURE.softmax) {
    const y = softmax(new Float64Array(c.a));
    c.y.forEach((e, i) => assertRelClose(y[i], e, EXP_REL_TOL, `length ${c.a.length} [${i}]`));
  }
});

Deno.test("softmax() follows NumPy when given edge cases", async (t) => {
  await t.step("one element gives 1", () => {
    assert.deepStrictEqual(Array.from(softmax(new Float64Array([-7]))), [1]);
  });
  await t.step("-Infinity gets probability 0", () => {
    assert.deepStrictEqual(Array.from(softmax(new Float64Array([-Infinity, 0]))), [0, 1]);
  });
  await t.step("NaN anywhere makes every entry NaN (np.max propagates NaN)", () => {
    for (const a of [[NaN, 1, 2], [1, NaN, 2], [1, 2, NaN]]) {
      assert.ok(softmax(new Float64Array(a)).every(Number.isNaN), String(a));
    }
  });
  await t.step("+Infinity gives NaN (Infinity − Infinity)", () => {
    assert.ok(softmax(new Float64Array([Infinity, 0])).every(Number.isNaN));
  });
  await t.step("an empty input throws", () => {
    assert.throws(() => softmax(new Float64Array(0)), {
      name: "TypeError",
      message: "Cannot apply softmax as the input must not be empty: length=0",
    });
  });
  await t.step("the input is not modified", () => {
    const a = new Float64Array([1, 2, 3]);
    softmax(a);
    assert.deepStrictEqual(Array.from(a), [1, 2, 3]);
  });
});

Deno.test("softmaxRows() agrees with the book's 2-D NumPy softmax when given batches", () => {
  for (const c of FIXTURE.softmaxRows) {
    const y = softmaxRows(matrix(c.rows, c.cols, new Float64Array(c.a)));
    c.y.forEach((e, i) => assertRelClose(y.data[i], e, EXP_REL_TOL, `${c.rows}x${c.cols} [${i}]`));
  }
});

Deno.test("softmaxRows() equals softmax() of each row when rows have different scales", () => {
  const a = fromRows([[0.3, 2.9, 4.0], [1010, 1000, 990], [-1, -1, -1]]);
  const y = softmaxRows(a);
  toRows(a).forEach((row, i) => {
    assert.deepStrictEqual(
      Array.from(y.data.subarray(i * 3, i * 3 + 3)),
      Array.from(softmax(new Float64Array(row))),
    );
  });
  assert.deepStrictEqual(Array.from(y.data.subarray(6)), [1 / 3, 1 / 3, 1 / 3]);
});

Deno.test("softmaxRows() writes into out when out is given", async (t) => {
  await t.step("in place (out = a)", () => {
    const a = fromRows([[0, 0], [1000, 1000]]);
    assert.strictEqual(softmaxRows(a, a), a);
    assert.deepStrictEqual(Array.from(a.data), [0.5, 0.5, 0.5, 0.5]);
  });
  await t.step("a batch of no rows", () => {
    assert.strictEqual(softmaxRows(matrix(0, 3)).data.length, 0);
  });
  await t.step("rows without columns throw", () => {
    assert.throws(() => softmaxRows(matrix(2, 0)), {
      name: "TypeError",
      message: "Cannot apply softmax as rows must not be empty: cols=0",
    });
  });
  await t.step("out of another shape throws", () => {
    assert.throws(() => softmaxRows(matrix(2, 3), matrix(3, 2)), {
      name: "TypeError",
      message: "Cannot apply softmax as out must have the input's shape: input 2x3, out 3x2",
    });
  });
});
