// Oracles: the book's printed losses (§4.2.1–4.2.2, all digits, exact: same operations in the
// same order give the same doubles), -log(1e-7) for a target on a zero output, and the book's
// NumPy losses through tests/fixtures/core/loss.json (make_core_fixtures.py, numpy 2.4.6).
// The sum of squared errors has no exp/log, so it must equal NumPy exactly; cross-entropy
// goes through np.log (NumPy's SIMD log, not correctly rounded) and gets a tolerance.

import assert from "node:assert";
import {
  CROSS_ENTROPY_DELTA,
  crossEntropyError,
  crossEntropyErrorBatch,
  crossEntropyErrorLabels,
  sumSquaredError,
} from "../../lib/core/loss.ts";
import { fromRows } from "../../lib/core/convert.ts";
import { type Matrix, matrix } from "../../lib/core/matrix.ts";

interface LossFixture {
  readonly sumSquaredError: readonly {
    readonly y: readonly number[];
    readonly t: readonly number[];
    readonly sse: number;
  }[];
  readonly crossEntropyBatches: readonly {
    readonly rows: number;
    readonly cols: number;
    readonly y: readonly number[];
    readonly labels: readonly number[];
    readonly oneHot: number;
    readonly labelTargets: number;
  }[];
}

const FIXTURE: LossFixture = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/core/loss.json", import.meta.url)),
);

/** The book's §4.2.1 example: the correct class is "2". */
const T = new Float64Array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
/** 0.6 on the correct class. */
const Y1 = new Float64Array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]);
/** 0.6 on class "7". */
const Y2 = new Float64Array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]);

/**
 * Cross-entropy through log here (V8) and in NumPy (its own SIMD log): a few ulps apart at
 * most. Measured on the fixtures: equal in every case; 1e-13 leaves room for another log
 * implementation without hiding a wrong formula.
 */
const LOG_REL_TOL = 1e-13;

function assertRelClose(actual: number, expected: number, rel: number, what: string): void {
  if (Object.is(actual, expected)) return;
  const ok = Math.abs(actual - expected) <= rel * Math.abs(expected);
  assert.ok(ok, `${what}: got ${actual}, expected ${expected} (relative tolerance ${rel})`);
}

function oneHot(rows: number, cols: number, labels: readonly number[]): Matrix {
  const t = matrix(rows, cols);
  labels.forEach((l, i) => (t.data[i * cols + l] = 1));
  return t;
}

Deno.test("sumSquaredError() gives the book's values exactly when given the book's y1 and y2", async (t) => {
  await t.step("y1: 0.09750000000000003", () => {
    assert.strictEqual(sumSquaredError(Y1, T), 0.09750000000000003);
  });
  await t.step("y2: 0.5975", () => {
    assert.strictEqual(sumSquaredError(Y2, T), 0.5975);
  });
  await t.step("a left-to-right sum would give 0.5974999999999999 for y2", () => {
    // Why sumSquaredError sums in NumPy's pairwise order (pairwiseSum): the book printed
    // what np.sum gives, and a plain loop differs in the last bit.
    let s = 0;
    for (let i = 0; i < T.length; i++) s += (Y2[i] - T[i]) * (Y2[i] - T[i]);
    assert.strictEqual(0.5 * s, 0.5974999999999999);
  });
});

Deno.test("sumSquaredError() equals the book's NumPy sum_squared_error exactly when lengths vary", () => {
  for (const c of FIXTURE.sumSquaredError) {
    assert.strictEqual(sumSquaredError(new Float64Array(c.y), c.t), c.sse, `length ${c.y.length}`);
  }
});

Deno.test("sumSquaredError() handles targets and edge values when given them", async (t) => {
  await t.step("zero when y equals t", () => {
    assert.ok(Object.is(sumSquaredError(new Float64Array([0.2, 0.8]), [0.2, 0.8]), 0));
  });
  await t.step("plain arrays and typed arrays as targets give the same", () => {
    assert.strictEqual(sumSquaredError(Y2, Array.from(T)), sumSquaredError(Y2, T));
  });
  await t.step("NaN propagates", () => {
    assert.ok(Number.isNaN(sumSquaredError(new Float64Array([NaN, 0]), [0, 0])));
  });
  await t.step("lengths that differ throw", () => {
    assert.throws(() => sumSquaredError(new Float64Array(3), [0, 1]), {
      name: "TypeError",
      message:
        "Cannot compute the sum of squared errors as y and t must have the same length: y.length=3, t.length=2",
    });
  });
});

Deno.test("crossEntropyError() gives the book's values exactly when given the book's y1 and y2", async (t) => {
  await t.step("y1: 0.510825457099338", () => {
    assert.strictEqual(crossEntropyError(Y1, T), 0.510825457099338);
  });
  await t.step("y2: 2.302584092994546", () => {
    assert.strictEqual(crossEntropyError(Y2, T), 2.302584092994546);
  });
});

Deno.test("crossEntropyError() stays finite when y has zeros", async (t) => {
  assert.strictEqual(CROSS_ENTROPY_DELTA, 1e-7);
  await t.step("a target on a zero output costs exactly -log(1e-7)", () => {
    const onZero = new Float64Array([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]); // y1[3] = 0
    const loss = crossEntropyError(Y1, onZero);
    assert.strictEqual(loss, -Math.log(1e-7));
    // Closed form: 7·ln 10 = 16.1180956509583…, up to the rounding of 1e-7 and of log.
    assertRelClose(loss, 7 * Math.LN10, 4 * Number.EPSILON, "-log(1e-7)");
    // Without the delta it would be infinite.
    assert.strictEqual(-Math.log(Y1[3]), Infinity);
  });
  await t.step("zeros where the target is 0 cost nothing", () => {
    const y = new Float64Array([0, 1, 0]);
    assert.strictEqual(crossEntropyError(y, [0, 1, 0]), -Math.log(1 + 1e-7));
  });
  await t.step("an all-zero output is finite", () => {
    assert.strictEqual(crossEntropyError(new Float64Array(10), T), -Math.log(1e-7));
  });
  await t.step("lengths that differ throw", () => {
    assert.throws(() => crossEntropyError(new Float64Array(3), [0, 1]), {
      name: "TypeError",
      message:
        "Cannot compute the cross-entropy error as y and t must have the same length: y.length=3, t.length=2",
    });
  });
});

Deno.test("crossEntropyErrorBatch() equals the one-sample loss when the batch has one row", () => {
  const y = matrix(1, 10, Y2.slice());
  const t = matrix(1, 10, T.slice());
  assert.strictEqual(crossEntropyErrorBatch(y, t), crossEntropyError(Y2, T));
});

Deno.test("crossEntropyErrorBatch() agrees with the book's NumPy one-hot loss when given batches", () => {
  for (const c of FIXTURE.crossEntropyBatches) {
    const y = matrix(c.rows, c.cols, new Float64Array(c.y));
    const loss = crossEntropyErrorBatch(y, oneHot(c.rows, c.cols, c.labels));
    assertRelClose(loss, c.oneHot, LOG_REL_TOL, `${c.rows}x${c.cols}`);
  }
});

Deno.test("crossEntropyErrorLabels() agrees with the book's NumPy label loss when given batches", () => {
  for (const c of FIXTURE.crossEntropyBatches) {
    const y = matrix(c.rows, c.cols, new Float64Array(c.y));
    assertRelClose(
      crossEntropyErrorLabels(y, c.labels),
      c.labelTargets,
      LOG_REL_TOL,
      `${c.rows}x${c.cols}`,
    );
  }
});

Deno.test("crossEntropyErrorLabels() agrees with crossEntropyErrorBatch() when targets are one-hot", async (t) => {
  await t.step("the book's two outputs: equal", () => {
    const y = fromRows([Array.from(Y1), Array.from(Y2)]);
    const labels = new Uint8Array([2, 2]);
    const batch = crossEntropyErrorBatch(y, fromRows([Array.from(T), Array.from(T)]));
    assert.strictEqual(crossEntropyErrorLabels(y, labels), batch);
    assert.strictEqual(batch, (0.510825457099338 + 2.302584092994546) / 2);
  });
  await t.step("random batches: equal up to the summation order", () => {
    // The one-hot form sums N·K terms (zeros interleaved), the label form N terms, so the
    // pairwise orders differ and the last bit may too (NumPy's two forms differ alike: 1 of
    // the 5 fixture batches, by 3e-16 relative).
    for (const c of FIXTURE.crossEntropyBatches) {
      const y = matrix(c.rows, c.cols, new Float64Array(c.y));
      const a = crossEntropyErrorBatch(y, oneHot(c.rows, c.cols, c.labels));
      const b = crossEntropyErrorLabels(y, c.labels);
      assertRelClose(b, a, 1e-14, `${c.rows}x${c.cols}`);
      assert.strictEqual(a === b, c.oneHot === c.labelTargets, `${c.rows}x${c.cols}`);
    }
  });
});

Deno.test("crossEntropyErrorLabels() accepts any integer array and a scratch buffer when given them", async (t) => {
  const y = fromRows([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3]]);
  const expected = crossEntropyErrorLabels(y, [0, 2, 1]);
  await t.step("Uint8Array, Int32Array and plain arrays", () => {
    assert.strictEqual(crossEntropyErrorLabels(y, new Uint8Array([0, 2, 1])), expected);
    assert.strictEqual(crossEntropyErrorLabels(y, new Int32Array([0, 2, 1])), expected);
  });
  await t.step("a scratch buffer longer than needed, reused", () => {
    const scratch = new Float64Array(8).fill(123);
    assert.strictEqual(crossEntropyErrorLabels(y, [0, 2, 1], scratch), expected);
    assert.strictEqual(crossEntropyErrorLabels(y, [0, 2, 1], scratch), expected);
  });
  await t.step("a scratch buffer that is too short throws", () => {
    assert.throws(() => crossEntropyErrorLabels(y, [0, 2, 1], new Float64Array(2)), {
      name: "TypeError",
      message:
        "Cannot compute the cross-entropy error as scratch must hold one term per row: scratch.length=2, y.rows=3",
    });
  });
});

Deno.test("crossEntropyErrorBatch() throws when shapes differ or the batch is empty", async (t) => {
  await t.step("shapes differ", () => {
    assert.throws(() => crossEntropyErrorBatch(matrix(2, 3), matrix(3, 2)), {
      name: "TypeError",
      message:
        "Cannot compute the cross-entropy error as y and t must have the same shape: y is 2x3, t is 3x2",
    });
  });
  await t.step("no rows", () => {
    assert.throws(() => crossEntropyErrorBatch(matrix(0, 3), matrix(0, 3)), {
      name: "TypeError",
      message: "Cannot compute the cross-entropy error as the batch must not be empty: rows=0",
    });
  });
});

Deno.test("crossEntropyErrorLabels() throws when labels do not fit the batch", async (t) => {
  const y = fromRows([[0.5, 0.25, 0.25], [0.1, 0.1, 0.8]]);
  await t.step("one label too many", () => {
    assert.throws(() => crossEntropyErrorLabels(y, [0, 1, 2]), {
      name: "TypeError",
      message:
        "Cannot compute the cross-entropy error as there must be one label per row: y.rows=2, labels.length=3",
    });
  });
  await t.step("no rows", () => {
    assert.throws(() => crossEntropyErrorLabels(matrix(0, 3), []), {
      name: "TypeError",
      message: "Cannot compute the cross-entropy error as the batch must not be empty: rows=0",
    });
  });
  for (const bad of [3, -1, 1.5, NaN]) {
    await t.step(`label ${bad} is out of range`, () => {
      assert.throws(() => crossEntropyErrorLabels(y, [0, bad]), {
        name: "RangeError",
        message:
          `Cannot compute the cross-entropy error as labels must be integers in [0, 3): labels[1]=${bad}`,
      });
    });
  }
});
