import assert from "node:assert";
import { fromRows } from "../../lib/core/convert.ts";
import { type Matrix, matrix } from "../../lib/core/matrix.ts";
import { RandomState } from "../../lib/core/random.ts";
import { PARAM_KEYS, paramData, type TwoLayerParams } from "../../lib/nets/params.ts";
import { TwoLayerNet } from "../../lib/nets/two_layer_net.ts";

interface Fixture {
  inputSize: number;
  hiddenSize: number;
  outputSize: number;
  weightInitStd: number;
  seed: number;
  params: Record<string, string[]>;
  x: string[];
  labels: number[];
  predict: string[];
  loss: string;
  accuracy: number;
  gradient: Record<string, string[]>;
  numericalGradient: Record<string, string[]>;
}

const fixture: Fixture = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/two_layer_net/small_net.json", import.meta.url)),
);
const nums = (v: string[]) => new Float64Array(v.map(Number));

/** The fixture's net: same seed and scale, so the same initial weights (checked below). */
function fixtureNet(): TwoLayerNet {
  const { inputSize, hiddenSize, outputSize, weightInitStd, seed } = fixture;
  return new TwoLayerNet(inputSize, hiddenSize, outputSize, {
    weightInitStd,
    rng: new RandomState(seed),
  });
}
const x: Matrix = matrix(fixture.labels.length, fixture.inputSize, nums(fixture.x));
const labels = new Uint8Array(fixture.labels);
const oneHot = (t: Uint8Array, k: number): Matrix => {
  const m = matrix(t.length, k);
  t.forEach((label, i) => (m.data[i * k + label] = 1));
  return m;
};

/** Largest |a − b| / max(|a|, |b|) over entries; entries both below `floor` in size count as equal. */
function maxRelativeError(a: Float64Array, b: Float64Array, floor: number): number {
  assert.strictEqual(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const scale = Math.max(Math.abs(a[i]), Math.abs(b[i]));
    if (scale < floor) continue;
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
  }
  return worst;
}

Deno.test("TwoLayerNet() draws W1 then W2 from the RNG like the book's NumPy code", () => {
  const net = fixtureNet();
  for (const key of PARAM_KEYS) {
    // Seed 3's 68 normals hit none of the rare inputs where V8's log and glibc's differ.
    assert.deepStrictEqual(paramData(net.params, key), nums(fixture.params[key]), key);
  }
});

Deno.test("TwoLayerNet() scales the book's randn by weightInitStd with zero biases", () => {
  const net = new TwoLayerNet(784, 50, 10, { rng: new RandomState(0) });
  const rng = new RandomState(0);
  const w1 = rng.randn(784 * 50), w2 = rng.randn(50 * 10);
  assert.deepStrictEqual(net.params.W1.data, w1.map((z) => 0.01 * z));
  assert.deepStrictEqual(net.params.W2.data, w2.map((z) => 0.01 * z));
  assert.deepStrictEqual([net.params.b1.length, net.params.b2.length], [50, 10]);
  assert.ok(net.params.b1.every((v) => v === 0) && net.params.b2.every((v) => v === 0));
  assert.deepStrictEqual([net.inputSize, net.hiddenSize, net.outputSize], [784, 50, 10]);
});

Deno.test("TwoLayerNet.predict() equals NumPy's forward pass to rounding", () => {
  // NumPy's np.dot uses BLAS (FMA, blocked order) and its own SIMD exp: last-bit differences.
  assert.ok(maxRelativeError(fixtureNet().predict(x).data, nums(fixture.predict), 0) < 1e-14);
});

Deno.test("TwoLayerNet.loss() equals NumPy's cross-entropy to rounding", () => {
  const net = fixtureNet();
  assert.ok(Math.abs(net.loss(x, labels) - Number(fixture.loss)) < 1e-14);
  assert.strictEqual(net.lossOneHot(x, oneHot(labels, 4)), net.loss(x, labels));
});

Deno.test("TwoLayerNet.accuracy() compares the predicted class with the true label", () => {
  const net = fixtureNet();
  assert.strictEqual(net.accuracy(x, labels), fixture.accuracy);
  assert.strictEqual(net.accuracyOneHot(x, oneHot(labels, 4)), fixture.accuracy);
  // The bug of one source notebook (argmax(y) against itself) would give 1 here.
  assert.ok(fixture.accuracy < 1);
  const predicted = new Uint8Array(labels.length);
  const y = net.predict(x);
  for (let n = 0; n < y.rows; n++) {
    let best = 0;
    for (let k = 1; k < y.cols; k++) {
      if (y.data[n * y.cols + k] > y.data[n * y.cols + best]) best = k;
    }
    predicted[n] = best;
  }
  assert.strictEqual(net.accuracy(x, predicted), 1);
});

Deno.test("TwoLayerNet.gradient() equals NumPy's backprop gradient to rounding", () => {
  const g = fixtureNet().gradient(x, labels);
  for (const key of PARAM_KEYS) {
    // Entries below 1e-13 are sums that cancel; BLAS rounds those differently.
    const err = maxRelativeError(paramData(g, key), nums(fixture.gradient[key]), 1e-13);
    assert.ok(err < 1e-12, `${key}: ${err}`);
  }
});

Deno.test("TwoLayerNet.numericalGradient() equals NumPy's numerical gradient to rounding", () => {
  const g = fixtureNet().numericalGradient(x, labels);
  for (const key of PARAM_KEYS) {
    // Central differences divide loss differences of ~1e-5 by 2e-4: rounding of the loss
    // (last-bit differences from BLAS and exp/log) is amplified by about 1e4.
    const err = maxRelativeError(paramData(g, key), nums(fixture.numericalGradient[key]), 1e-9);
    assert.ok(err < 1e-8, `${key}: ${err}`);
  }
});

/**
 * Largest relative error over the parameters, each measured in the max norm:
 * ‖numerical − backprop‖∞ / ‖backprop‖∞. (Entry by entry, tiny entries carry the
 * truncation error O(h²) of the central difference as a large relative error.)
 */
function backpropVsNumerical(net: TwoLayerNet, xb: Matrix, tb: Uint8Array): number {
  const numerical = net.numericalGradient(xb, tb);
  const backprop = net.gradient(xb, tb);
  let worst = 0;
  for (const key of PARAM_KEYS) {
    const a = paramData(numerical, key), b = paramData(backprop, key);
    let diff = 0, scale = 0;
    for (let i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.abs(b[i]));
    }
    worst = Math.max(worst, diff / scale);
  }
  return worst;
}

Deno.test("TwoLayerNet.gradient() agrees with numericalGradient() to 1e-6 relative on small nets", async (t) => {
  // The numerical gradient differentiates -log(y + 1e-7), backprop -log(y): a bias of about
  // 1e-7 / y relative, plus O(h²) truncation; with the book's small initial weights
  // (y near 1/K) both stay below 1e-6. Measured: at most 7.8e-7 over 40 such nets.
  for (const seed of [0, 1, 2, 3, 4, 5, 6, 7]) {
    for (const std of [0.01, 0.1]) {
      await t.step(`seed ${seed}, weightInitStd ${std}`, () => {
        const rng = new RandomState(seed);
        const net = new TwoLayerNet(20, 6, 4, { rng, weightInitStd: std });
        const xb = matrix(10, 20, rng.rand(200));
        const tb = new Uint8Array(Array.from(rng.choice(4, 10)));
        const err = backpropVsNumerical(net, xb, tb);
        assert.ok(err < 1e-6, `max relative error ${err}`);
      });
    }
  }
});

Deno.test("TwoLayerNet.numericalGradient() leaves the parameters exactly as they were", () => {
  const net = fixtureNet();
  const before = PARAM_KEYS.map((k) => paramData(net.params, k).slice());
  net.numericalGradient(x, labels);
  PARAM_KEYS.forEach((k, i) => assert.deepStrictEqual(paramData(net.params, k), before[i]));
});

Deno.test("TwoLayerNet.numericalGradient() restores the parameters when the loss throws", () => {
  const net = fixtureNet();
  const before = net.params.W1.data.slice();
  assert.throws(() => net.numericalGradient(x, new Uint8Array([0, 1, 2, 3, 9, 0])), RangeError);
  assert.deepStrictEqual(net.params.W1.data, before);
});

Deno.test("TwoLayerNet one-hot forms follow the book when targets are not one-hot", async (t) => {
  const net = fixtureNet();
  const soft = matrix(labels.length, 4);
  for (let n = 0; n < labels.length; n++) {
    for (let k = 0; k < 4; k++) soft.data[n * 4 + k] = k === labels[n] ? 0.55 : 0.15;
  }
  await t.step("lossOneHot() uses only each row's argmax, as cross_entropy_error", () => {
    assert.strictEqual(net.lossOneHot(x, soft), net.loss(x, labels));
  });
  await t.step("gradientOneHot() uses t as given, so it differs from gradient()", () => {
    const a: TwoLayerParams = net.gradientOneHot(x, soft), b = net.gradient(x, labels);
    assert.notDeepStrictEqual(a.W2.data, b.W2.data);
    assert.deepStrictEqual(net.gradientOneHot(x, oneHot(labels, 4)).W2.data, b.W2.data);
  });
});

Deno.test("TwoLayerNet methods throw the documented errors for wrong shapes and values", async (t) => {
  const net = fixtureNet();
  await t.step("constructor sizes", () => {
    assert.throws(() => new TwoLayerNet(0, 5, 4, { rng: new RandomState(0) }), {
      name: "RangeError",
      message: "Cannot make a TwoLayerNet as inputSize must be positive: inputSize=0",
    });
    assert.throws(() => new TwoLayerNet(12, 2.5, 4, { rng: new RandomState(0) }), {
      name: "TypeError",
      message: "Cannot make a TwoLayerNet as hiddenSize must be an integer: hiddenSize=2.5",
    });
    assert.throws(
      () => new TwoLayerNet(12, 5, 4, { rng: new RandomState(0), weightInitStd: NaN }),
      {
        name: "RangeError",
        message: "Cannot make a TwoLayerNet as weightInitStd must be finite: weightInitStd=NaN",
      },
    );
  });
  await t.step("input columns", () => {
    assert.throws(() => net.predict(fromRows([[1, 2, 3]])), {
      name: "TypeError",
      message: "Cannot predict as x must have one column per input: x.cols=3, inputSize=12",
    });
  });
  await t.step("label count", () => {
    assert.throws(() => net.loss(x, new Uint8Array(2)), {
      name: "TypeError",
      message:
        "Cannot compute the loss as there must be one label per row of x: x.rows=6, labels=2",
    });
  });
  await t.step("label value", () => {
    assert.throws(() => net.gradient(x, new Uint8Array([0, 1, 2, 3, 4, 0])), {
      name: "RangeError",
      message: "Cannot compute the gradient as labels must be integers in [0, 4): t[4]=4",
    });
  });
  await t.step("one-hot shape", () => {
    assert.throws(() => net.lossOneHot(x, matrix(6, 3)), {
      name: "TypeError",
      message: "Cannot compute the loss as t must be x.rows x outputSize: t is 6x3, expected 6x4",
    });
  });
  await t.step("empty batch", () => {
    assert.throws(() => net.gradient(matrix(0, 12), new Uint8Array(0)), {
      name: "RangeError",
      message: "Cannot compute the gradient as the batch must not be empty: x.rows=0",
    });
  });
});
