// Oracles: the book's printed end points (§4.4.1, to every printed digit) and the book's
// gradient_descent run in NumPy through tests/fixtures/core/gradient_descent.json
// (make_core_fixtures.py, numpy 2.4.6). The walk uses only +, −, × and ÷ in the book's order,
// so every point of every history must equal NumPy's bit for bit — including the lr = 10
// divergence, where any reordering would show.

import assert from "node:assert";
import { gradientDescent } from "../../lib/core/gradient_descent.ts";
import { toRows } from "../../lib/core/convert.ts";
import { matchesPrinted } from "../../lib/results/printed.ts";

interface DescentFixture {
  readonly initX: readonly number[];
  readonly runs: readonly {
    readonly lr: number;
    readonly stepNum: number;
    readonly x: readonly number[];
    readonly history: readonly number[];
  }[];
}

const FIXTURE: DescentFixture = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/core/gradient_descent.json", import.meta.url)),
);

/** The book's function_2: x0² + x1². */
const function2 = (x: Float64Array) => x[0] * x[0] + x[1] * x[1];
const initX = () => new Float64Array([-3.0, 4.0]);

/** What the book printed after 100 steps from (−3, 4). */
const BOOK: Record<string, readonly string[]> = {
  "0.1": ["-6.11110793e-10", "8.14814391e-10"],
  "10": ["-2.58983747e+13", "-1.29524862e+12"],
  "1e-10": ["-2.99999994", "3.99999992"],
};

Deno.test("gradientDescent() lands on the book's printed points when run 100 steps from (−3, 4)", async (t) => {
  for (const [lr, printed] of Object.entries(BOOK)) {
    await t.step(`lr = ${lr}`, () => {
      const { x } = gradientDescent(function2, initX(), { lr: Number(lr), stepNum: 100 });
      printed.forEach((p, i) => assert.ok(matchesPrinted(x[i], p), `x[${i}] = ${x[i]} vs ${p}`));
    });
  }
});

Deno.test("gradientDescent() equals the book's NumPy gradient_descent exactly when run with each lr", async (t) => {
  for (const run of FIXTURE.runs) {
    await t.step(`lr = ${run.lr}`, () => {
      const { x, history } = gradientDescent(function2, new Float64Array(FIXTURE.initX), {
        lr: run.lr,
        stepNum: run.stepNum,
      });
      assert.deepStrictEqual(Array.from(x), run.x);
      assert.deepStrictEqual([history.rows, history.cols], [run.stepNum, 2]);
      assert.deepStrictEqual(Array.from(history.data), run.history);
    });
  }
});

Deno.test("gradientDescent() uses the book's lr = 0.01 and 100 steps when options are absent", () => {
  const run = FIXTURE.runs.find((r) => r.lr === 0.01)!;
  const { x, history } = gradientDescent(function2, initX());
  assert.deepStrictEqual(Array.from(x), run.x);
  assert.strictEqual(history.rows, 100);
});

Deno.test("gradientDescent() records the point before each step when building the history", () => {
  const long = gradientDescent(function2, initX(), { lr: 0.1, stepNum: 100 });
  const short = gradientDescent(function2, initX(), { lr: 0.1, stepNum: 20 });
  assert.deepStrictEqual(toRows(short.history)[0], [-3, 4]);
  assert.deepStrictEqual(
    Array.from(short.history.data),
    Array.from(long.history.data.subarray(0, 40)),
  );
  // The end point of 20 steps is the 21st row of the longer history.
  assert.deepStrictEqual(Array.from(short.x), Array.from(long.history.data.subarray(40, 42)));
});

Deno.test("gradientDescent() leaves initX alone when it walks", async (t) => {
  await t.step("initX is not modified and x is a new array", () => {
    const x0 = initX();
    const { x } = gradientDescent(function2, x0, { lr: 0.1, stepNum: 3 });
    assert.deepStrictEqual(Array.from(x0), [-3, 4]);
    assert.notStrictEqual(x, x0);
  });
  await t.step("zero steps return a copy of the start and an empty history", () => {
    const x0 = initX();
    const { x, history } = gradientDescent(function2, x0, { stepNum: 0 });
    assert.notStrictEqual(x, x0);
    assert.deepStrictEqual(Array.from(x), [-3, 4]);
    assert.deepStrictEqual([history.rows, history.cols, history.data.length], [0, 2, 0]);
  });
});

Deno.test("gradientDescent() throws when lr or stepNum is bad", async (t) => {
  for (const lr of [NaN, Infinity, -Infinity]) {
    await t.step(`lr = ${lr}`, () => {
      assert.throws(() => gradientDescent(function2, initX(), { lr }), {
        name: "RangeError",
        message: `Cannot run gradient descent as lr must be a finite number: lr=${lr}`,
      });
    });
  }
  for (const stepNum of [-1, 1.5, NaN, Infinity]) {
    await t.step(`stepNum = ${stepNum}`, () => {
      assert.throws(() => gradientDescent(function2, initX(), { stepNum }), {
        name: "RangeError",
        message:
          `Cannot run gradient descent as stepNum must be a non-negative integer: stepNum=${stepNum}`,
      });
    });
  }
});
