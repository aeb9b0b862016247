// Oracles: the book's printed derivatives (§4.3.2–4.3.3, all digits, exact: the same
// operations in the same order give the same doubles), the book's numerical_gradient run in
// NumPy through tests/fixtures/core/numerical_gradient.json (make_core_fixtures.py; no exp/log,
// so exact), and closed-form errors of central and forward differences.

import assert from "node:assert";
import { fromRows } from "../../lib/core/convert.ts";
import { type Matrix, matrix } from "../../lib/core/matrix.ts";
import {
  H,
  numericalDiff,
  type NumericalDiffOptions,
  numericalGradient,
  numericalGradientMatrix,
} from "../../lib/core/numerical_gradient.ts";

interface NumericalGradientFixture {
  readonly numericalDiff: { readonly at5: number; readonly at10: number };
  readonly partialDerivatives: { readonly x0: number; readonly x1: number };
  readonly gradients: readonly { readonly at: readonly number[]; readonly gradient: number[] }[];
}

const FIXTURE: NumericalGradientFixture = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/core/numerical_gradient.json", import.meta.url)),
);

/** The book's function_1 (§4.3.2): 0.01x² + 0.1x. */
const function1 = (x: number) => 0.01 * (x * x) + 0.1 * x;
/** The book's function_2 (§4.3.3): x0² + x1². */
const function2 = (x: Float64Array) => x[0] * x[0] + x[1] * x[1];

Deno.test("numericalDiff() gives the book's derivatives exactly when f is 0.01x² + 0.1x", async (t) => {
  assert.strictEqual(H, 1e-4);
  await t.step("at 5: 0.1999999999990898", () => {
    assert.strictEqual(numericalDiff(function1, 5), 0.1999999999990898);
    assert.strictEqual(numericalDiff(function1, 5), FIXTURE.numericalDiff.at5);
  });
  await t.step("at 10: 0.2999999999986347", () => {
    assert.strictEqual(numericalDiff(function1, 10), 0.2999999999986347);
    assert.strictEqual(numericalDiff(function1, 10), FIXTURE.numericalDiff.at10);
  });
});

Deno.test("numericalDiff() gives the book's partial derivatives exactly when one variable is fixed", async (t) => {
  await t.step("∂f/∂x0 at (3, 4): 6.00000000000378", () => {
    const d = numericalDiff((x0) => x0 * x0 + 4.0 ** 2.0, 3.0);
    assert.strictEqual(d, 6.00000000000378);
    assert.strictEqual(d, FIXTURE.partialDerivatives.x0);
  });
  await t.step("∂f/∂x1 at (3, 4): 7.999999999999119", () => {
    const d = numericalDiff((x1) => 3.0 ** 2.0 + x1 * x1, 4.0);
    assert.strictEqual(d, 7.999999999999119);
    assert.strictEqual(d, FIXTURE.partialDerivatives.x1);
  });
});

Deno.test("numericalDiff() has the closed-form truncation error when f is x³", async (t) => {
  // For f = x³ at 1 with step h: central = 3 + h² exactly, forward = 3 + 3h + h².
  // The tolerance covers the rounding of the cubes (~1e-16) divided by 2h = 0.02.
  const cube = (x: number) => x * x * x;
  const h = 1e-2;
  await t.step("central: error h²", () => {
    const d = numericalDiff(cube, 1, { h });
    assert.ok(Math.abs(d - 3 - h * h) < 1e-12, String(d));
  });
  await t.step("central is the default method", () => {
    assert.strictEqual(
      numericalDiff(cube, 1, { h }),
      numericalDiff(cube, 1, { h, method: "central" }),
    );
  });
  await t.step("forward: error 3h + h²", () => {
    const d = numericalDiff(cube, 1, { h, method: "forward" });
    assert.ok(Math.abs(d - 3 - 3 * h - h * h) < 1e-12, String(d));
  });
});

Deno.test("numericalDiff() returns 0 when h is lost in rounding", () => {
  // §4.3.1: with h = 1e-50, x + h == x, so the difference vanishes (the book's warning).
  assert.strictEqual(5 + 1e-50, 5);
  assert.strictEqual(numericalDiff(function1, 5, { h: 1e-50 }), 0);
});

Deno.test("numericalDiff() throws when h or method is bad", async (t) => {
  for (const h of [0, -1e-4, NaN, Infinity]) {
    await t.step(`h = ${h}`, () => {
      assert.throws(() => numericalDiff(function1, 5, { h }), {
        name: "RangeError",
        message: `Cannot differentiate numerically as h must be a positive finite number: h=${h}`,
      });
    });
  }
  await t.step("an unknown method", () => {
    const options = { method: "backward" } as unknown as NumericalDiffOptions;
    assert.throws(() => numericalDiff(function1, 5, options), {
      name: "RangeError",
      message:
        'Cannot differentiate numerically as method must be "central" or "forward": method=backward',
    });
  });
});

Deno.test("numericalGradient() equals the book's NumPy numerical_gradient exactly when f is x0² + x1²", async (t) => {
  for (const { at, gradient } of FIXTURE.gradients) {
    await t.step(`at (${at})`, () => {
      const g = numericalGradient(function2, new Float64Array(at));
      assert.deepStrictEqual(Array.from(g), gradient);
    });
  }
  await t.step("the book's printed (3, 4) values", () => {
    const g = numericalGradient(function2, new Float64Array([3, 4]));
    assert.deepStrictEqual(Array.from(g), [6.00000000000378, 7.999999999999119]);
  });
});

Deno.test("numericalGradient() perturbs x in place and restores it when f returns", () => {
  const x = new Float64Array([3, -0]);
  const seen: number[][] = [];
  const g = numericalGradient((v) => {
    seen.push(Array.from(v));
    return function2(v);
  }, x);
  // f sees the array itself, one coordinate moved by ±h at a time (the book's order).
  assert.deepStrictEqual(seen, [[3 + H, -0], [3 - H, -0], [3, -0 + H], [3, -0 - H]]);
  assert.strictEqual(x[0], 3);
  assert.ok(Object.is(x[1], -0), "the sign of -0 is restored too");
  assert.notStrictEqual(g, x);
});

Deno.test("numericalGradient() restores x when f throws", async (t) => {
  for (const failAt of [1, 2, 3, 4]) {
    await t.step(`on call ${failAt} of 4`, () => {
      const x = new Float64Array([0.25, -7]);
      const boom = new Error("boom");
      let calls = 0;
      assert.throws(
        () =>
          numericalGradient((v) => {
            if (++calls === failAt) throw boom;
            return function2(v);
          }, x),
        (e) => e === boom,
      );
      assert.deepStrictEqual(Array.from(x), [0.25, -7]);
    });
  }
});

Deno.test("numericalGradient() uses the given h when options.h is set", async (t) => {
  await t.step("a linear f is exact with h = 0.5", () => {
    const g = numericalGradient((v) => 2 * v[0] - 4 * v[1], new Float64Array([1, 1]), { h: 0.5 });
    assert.deepStrictEqual(Array.from(g), [2, -4]);
  });
  await t.step("an empty x gives an empty gradient", () => {
    assert.strictEqual(numericalGradient(() => 0, new Float64Array(0)).length, 0);
  });
  for (const h of [0, -1, NaN, -Infinity]) {
    await t.step(`h = ${h} throws`, () => {
      assert.throws(() => numericalGradient(function2, new Float64Array(2), { h }), {
        name: "RangeError",
        message:
          `Cannot compute a numerical gradient as h must be a positive finite number: h=${h}`,
      });
    });
  }
});

Deno.test("numericalGradientMatrix() returns the closed-form gradient when f is quadratic in W", () => {
  // f(W) = Σ c_ij W_ij², ∂f/∂W_ij = 2 c_ij W_ij. Central differences are exact for a quadratic
  // up to rounding: f ≈ 10, so ~1e-15 · 10 / 2e-4 ≈ 1e-10; 1e-9 bounds it.
  const c = fromRows([[1, 2, 3], [-1, 0.5, 4]]);
  const w = fromRows([[0.5, -1, 2], [1.5, 0, -0.25]]);
  const before = Array.from(w.data);
  let sameMatrix = true;
  const f = (m: Matrix) => {
    sameMatrix &&= m === w;
    let s = 0;
    for (let i = 0; i < m.data.length; i++) s += c.data[i] * m.data[i] * m.data[i];
    return s;
  };
  const g = numericalGradientMatrix(f, w);
  assert.ok(sameMatrix, "f gets the parameter matrix itself");
  assert.deepStrictEqual([g.rows, g.cols], [2, 3]);
  assert.notStrictEqual(g.data, w.data);
  g.data.forEach((v, i) => {
    const exact = 2 * c.data[i] * w.data[i];
    assert.ok(Math.abs(v - exact) <= 1e-9, `[${i}]: ${v} vs ${exact}`);
  });
  assert.deepStrictEqual(Array.from(w.data), before);
});

Deno.test("numericalGradientMatrix() perturbs in row-major order and restores W when f throws", async (t) => {
  await t.step("row-major order", () => {
    const w = matrix(2, 2, new Float64Array([1, 2, 3, 4]));
    const moved: number[] = [];
    numericalGradientMatrix((m) => {
      moved.push(m.data.findIndex((v, i) => v !== i + 1));
      return 0;
    }, w);
    assert.deepStrictEqual(moved, [0, 0, 1, 1, 2, 2, 3, 3]);
  });
  await t.step("f throws", () => {
    const w = matrix(2, 2, new Float64Array([1, 2, 3, 4]));
    let calls = 0;
    assert.throws(() =>
      numericalGradientMatrix(() => {
        if (++calls === 6) throw new RangeError("stop");
        return 0;
      }, w), { name: "RangeError", message: "stop" });
    assert.deepStrictEqual(Array.from(w.data), [1, 2, 3, 4]);
  });
});
