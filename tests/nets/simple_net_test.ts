// Oracles: the book's printed simpleNet values (§4.4.2), the book's simpleNet run in NumPy
// through tests/fixtures/core/simple_net.json (make_core_fixtures.py, numpy 2.4.6), and the
// analytic gradient ∂L/∂W = xᵀ(softmax(x·W) − t).
//
// The book printed its random W rounded to 8 digits. predict (x·W) is reproduced to every
// printed digit from the rounded W, but the book computed its loss and dW from the unrounded
// W, so those agree with the book's numbers only to about 6 significant digits. The tests
// pin both facts: 5 digits agree, 8 do not.

import assert from "node:assert";
import { fromRows, toRows } from "../../lib/core/convert.ts";
import { type Matrix, matrix } from "../../lib/core/matrix.ts";
import { RandomState } from "../../lib/core/random.ts";
import { matchesPrinted } from "../../lib/results/printed.ts";
import type { NormalSource } from "../../lib/nets/params.ts";
import { SimpleNet } from "../../lib/nets/simple_net.ts";

interface NetCase {
  readonly W: readonly number[];
  readonly predict: readonly number[];
  readonly argmax: number;
  readonly loss: number;
  readonly dW: readonly number[];
}

interface SimpleNetFixture {
  readonly x: readonly number[];
  readonly t: readonly number[];
  readonly bookW: NetCase;
  readonly seed0: NetCase;
}

const FIXTURE: SimpleNetFixture = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/core/simple_net.json", import.meta.url)),
);

const BOOK_W = [[0.47355232, 0.9977393, 0.84668094], [0.85557411, 0.03563661, 0.69422093]];
const X = new Float64Array([0.6, 0.9]);
const T = new Float64Array([0, 0, 1]);
const BOOK = {
  predict: ["1.05414809", "0.63071653", "1.1328074"],
  loss: 0.92806853663411326,
  dW: [0.21924763, 0.14356247, -0.36281009, 0.32887144, 0.2153437, -0.54421514],
};

/**
 * The loss goes through exp and log (V8 here, NumPy's SIMD code in the fixture): a few ulps
 * apart at most (measured: equal). 1e-13 relative leaves room for other implementations.
 */
const LOSS_REL_TOL = 1e-13;
/**
 * dW is a difference of two losses divided by 2h = 2e-4, so a 1-ulp loss difference (~1e-16)
 * becomes ~1e-12 absolute; 1e-11 bounds that (measured: equal).
 */
const DW_ABS_TOL = 1e-11;

function relativeError(value: number, reference: number): number {
  return Math.abs(value - reference) / Math.abs(reference);
}

/**
 * The analytic gradient of the loss, written out with Math.exp (independent of lib/).
 * The textbook form is ∂L/∂W = xᵀ(softmax(x·W) − t); with the 1e-7 inside the log,
 * L = −log(y_c + 1e-7) for the target class c, and the exact gradient carries the extra
 * factor y_c / (y_c + 1e-7).
 */
function analyticGradient(w: Matrix, x: Float64Array, t: Float64Array) {
  const z = [0, 1, 2].map((j) => x[0] * w.data[j] + x[1] * w.data[3 + j]);
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e[0] + e[1] + e[2];
  const y = e.map((v) => v / s);
  const yc = y[t.indexOf(1)];
  const textbook = [0, 1].flatMap((i) => y.map((v, j) => x[i] * (v - t[j])));
  return { yc, textbook, exact: textbook.map((g) => g * (yc / (yc + 1e-7))) };
}

Deno.test("SimpleNet.predict() gives the book's printed scores when W is the book's", () => {
  const net = new SimpleNet({ W: fromRows(BOOK_W) });
  const p = net.predict(X);
  BOOK.predict.forEach((printed, i) => {
    assert.ok(matchesPrinted(p[i], printed), `p[${i}] = ${p[i]} vs ${printed}`);
  });
  // NumPy dropped a trailing zero from 1.13280740: all 8 decimals hold.
  assert.ok(matchesPrinted(p[2], "1.13280740"));
  // Two-term dot products; NumPy's np.dot gave the same doubles.
  assert.deepStrictEqual(Array.from(p), FIXTURE.bookW.predict);
});

Deno.test("SimpleNet.predict() puts the maximum at index 2 when W is the book's", () => {
  const p = new SimpleNet({ W: fromRows(BOOK_W) }).predict(X);
  const argmax = p.indexOf(Math.max(...p));
  assert.strictEqual(argmax, 2);
  assert.strictEqual(argmax, FIXTURE.bookW.argmax);
});

Deno.test("SimpleNet.loss() agrees with the book to 5 digits but not 8 when W is the printed one", async (t) => {
  const loss = new SimpleNet({ W: fromRows(BOOK_W) }).loss(X, T);
  await t.step("equals the book's NumPy code on the same (rounded) W", () => {
    assert.ok(relativeError(loss, FIXTURE.bookW.loss) <= LOSS_REL_TOL, `${loss}`);
  });
  await t.step("agrees with the book's 0.92806853663411326 to 5 significant digits", () => {
    assert.ok(relativeError(loss, BOOK.loss) < 1e-5, `${loss}`);
  });
  await t.step("does not agree to 8 digits (the book's W was rounded when printed)", () => {
    assert.ok(relativeError(loss, BOOK.loss) > 1e-8, `${loss}`);
    assert.ok(!matchesPrinted(loss, BOOK.loss.toPrecision(8)));
  });
});

Deno.test("SimpleNet.numericalGradient() agrees with the book to 5 digits but not 8 when W is the printed one", async (t) => {
  const dW = new SimpleNet({ W: fromRows(BOOK_W) }).numericalGradient(X, T);
  assert.deepStrictEqual([dW.rows, dW.cols], [2, 3]);
  await t.step("equals the book's NumPy numerical_gradient on the same W", () => {
    dW.data.forEach((v, i) => {
      assert.ok(Math.abs(v - FIXTURE.bookW.dW[i]) <= DW_ABS_TOL, `[${i}] ${v}`);
    });
  });
  await t.step("agrees with the book's printed dW to 5 significant digits", () => {
    dW.data.forEach((v, i) => {
      assert.ok(relativeError(v, BOOK.dW[i]) < 1e-5, `[${i}] ${v} vs ${BOOK.dW[i]}`);
    });
  });
  await t.step("does not agree to 8 digits in any entry", () => {
    dW.data.forEach((v, i) => {
      assert.ok(relativeError(v, BOOK.dW[i]) > 1e-8, `[${i}] ${v} vs ${BOOK.dW[i]}`);
      assert.ok(!matchesPrinted(v, String(BOOK.dW[i])), `[${i}]`);
    });
  });
});

Deno.test("SimpleNet.numericalGradient() matches the analytic gradient when W varies", async (t) => {
  const cases: [string, Matrix][] = [
    ["the book's W", fromRows(BOOK_W)],
    ["seed 0's W", new RandomState(0).randnMatrix(2, 3)],
    ["seed 42's W", new RandomState(42).randnMatrix(2, 3)],
  ];
  for (const [name, w] of cases) {
    await t.step(name, () => {
      for (const target of [T, new Float64Array([1, 0, 0])]) {
        const net = new SimpleNet({ W: w });
        const numerical = net.numericalGradient(X, target).data;
        const { yc, textbook, exact } = analyticGradient(net.W, X, target);
        numerical.forEach((v, i) => {
          // Central differences: truncation h²/6·|∂³L| ~ 1e-10 (measured ≤ 1.2e-10) plus
          // rounding ~1e-16/1e-4 = 1e-12.
          assert.ok(Math.abs(v - exact[i]) <= 1e-9, `[${i}] ${v} vs ${exact[i]}`);
          // The textbook xᵀ(softmax − t) differs by |x_i|·|y_j − t_j|·1e-7/(y_c + 1e-7), at
          // most 1e-7/y_c since |x_i|, |y_j − t_j| ≤ 1: 1.4e-7 for the book's W (so not within
          // a flat 1e-7), 3.4e-6 for seed 0, where the target class gets only y_c = 0.026.
          const bound = 1e-7 / yc + 1e-9;
          assert.ok(Math.abs(v - textbook[i]) <= bound, `[${i}] ${v} vs ${textbook[i]}`);
        });
      }
    });
  }
});

Deno.test("SimpleNet.numericalGradient() leaves W unchanged when it returns", () => {
  const net = new SimpleNet({ W: fromRows(BOOK_W) });
  net.numericalGradient(X, T);
  assert.deepStrictEqual(toRows(net.W), BOOK_W);
});

Deno.test("SimpleNet() draws NumPy's randn(2, 3) when given a seeded RandomState", () => {
  const net = new SimpleNet({ rng: new RandomState(0) });
  // np.random.seed(0); np.random.randn(2, 3): uniforms and the polar method, bit for bit.
  assert.deepStrictEqual(Array.from(net.W.data), FIXTURE.seed0.W);
  assert.deepStrictEqual(Array.from(net.predict(X)), FIXTURE.seed0.predict);
  assert.ok(relativeError(net.loss(X, T), FIXTURE.seed0.loss) <= LOSS_REL_TOL);
  net.numericalGradient(X, T).data.forEach((v, i) => {
    assert.ok(Math.abs(v - FIXTURE.seed0.dW[i]) <= DW_ABS_TOL, `[${i}] ${v}`);
  });
});

Deno.test("SimpleNet() copies W when given fixed weights", () => {
  const w = fromRows(BOOK_W);
  const net = new SimpleNet({ W: w });
  w.data[0] = 100;
  assert.strictEqual(net.W.data[0], 0.47355232);
  assert.notStrictEqual(net.W, w);
});

Deno.test("SimpleNet() throws when the weights are missing, doubled or not 2x3", async (t) => {
  const source = (rows: number, cols: number): NormalSource => ({
    randnMatrix: () => matrix(rows, cols),
  });
  await t.step("neither W nor rng", () => {
    assert.throws(() => new SimpleNet({}), {
      name: "TypeError",
      message: "Cannot make a SimpleNet as exactly one of W and rng must be given",
    });
  });
  await t.step("both W and rng", () => {
    assert.throws(() => new SimpleNet({ W: matrix(2, 3), rng: source(2, 3) }), {
      name: "TypeError",
      message: "Cannot make a SimpleNet as exactly one of W and rng must be given",
    });
  });
  await t.step("W of the wrong shape", () => {
    assert.throws(() => new SimpleNet({ W: matrix(3, 2) }), {
      name: "TypeError",
      message: "Cannot make a SimpleNet as W must be 2x3: W is 3x2",
    });
  });
  await t.step("an rng that returns the wrong shape", () => {
    assert.throws(() => new SimpleNet({ rng: source(3, 3) }), {
      name: "TypeError",
      message: "Cannot make a SimpleNet as W must be 2x3: W is 3x3",
    });
  });
});

Deno.test("SimpleNet methods throw when x or t has the wrong length", async (t) => {
  const net = new SimpleNet({ W: fromRows(BOOK_W) });
  await t.step("x of length 3", () => {
    assert.throws(() => net.predict(new Float64Array(3)), {
      name: "TypeError",
      message:
        "Cannot multiply vector and matrix as x.length must equal W.rows: x.length=3, W.rows=2",
    });
  });
  await t.step("t of length 2", () => {
    assert.throws(() => net.loss(X, [0, 1]), {
      name: "TypeError",
      message:
        "Cannot compute the cross-entropy error as y and t must have the same length: y.length=3, t.length=2",
    });
  });
});
