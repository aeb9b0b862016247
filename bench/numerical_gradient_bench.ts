// Cost of one gradient of the book's 784-50-10 net on a batch of 100 MNIST images (issue 6):
// the naive numerical gradient (TwoLayerNet.numericalGradient), the fast one in one thread and
// in 2 workers (lib/engine/fast_numerical_gradient.ts; the same bits), and backpropagation
// (TwoLayerNet.gradient). Run with `deno task bench` or
// `deno bench --allow-read --allow-env bench/numerical_gradient_bench.ts`.
//
// The naive method takes minutes per gradient, so it is timed on a sample of entries — each costs
// the same: two forward passes — and its bench's name says by how much to multiply.
//
// Uses the real MNIST files ($MNIST_DIR, else data/mnist) when they are there; otherwise a
// synthetic set of the same size (about 81% zero pixels, like MNIST).

import {
  fastNumericalGradient,
  makeFastNumericalGradient,
} from "../lib/engine/numgrad/fast_numerical_gradient.ts";
import { toSparseRows } from "../lib/core/sparse_rows.ts";
import { matrix } from "../lib/core/matrix.ts";
import { loadMnist } from "../lib/data/mod.ts";
import { H } from "../lib/core/numerical_gradient.ts";
import { RandomState } from "../lib/core/random.ts";
import { PARAM_KEYS, paramData, zeroParamsLike } from "../lib/nets/params.ts";
import { TwoLayerNet } from "../lib/nets/two_layer_net.ts";

const BATCH = 100;
/** Entries of the naive method timed per iteration. */
const NAIVE_SAMPLE = 20;

async function trainingSet(): Promise<
  { x: ReturnType<typeof matrix>; labels: Uint8Array; what: string }
> {
  try {
    const { train, source } = await loadMnist({ env: (name) => Deno.env.get(name) });
    return { x: train.x, labels: train.labels, what: `MNIST from ${source.dir}` };
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    const rng = new RandomState(1);
    const x = matrix(60000, 784), labels = new Uint8Array(60000);
    for (let i = 0; i < x.data.length; i++) x.data[i] = rng.random() < 0.19 ? rng.random() : 0;
    for (let i = 0; i < labels.length; i++) labels[i] = Math.floor(rng.random() * 10);
    return { x, labels, what: "synthetic MNIST-sized data" };
  }
}

const train = await trainingSet();
const data = { x: toSparseRows(train.x), labels: train.labels };
const rng = new RandomState(0);
const net = new TwoLayerNet(784, 50, 10, { rng });
const batches = Array.from({ length: 8 }, () => rng.choice(60000, BATCH));
const dense = batches.map((ids) => {
  const x = matrix(BATCH, 784), t = new Uint8Array(BATCH);
  ids.forEach((id, r) => {
    x.data.set(train.x.data.subarray(id * 784, (id + 1) * 784), r * 784);
    t[r] = train.labels[id];
  });
  return { x, t };
});
const entries = PARAM_KEYS.reduce((sum, key) => sum + paramData(net.params, key).length, 0);
const out = zeroParamsLike(net.params);
const numgrad = makeFastNumericalGradient({ workers: 2 });
globalThis.addEventListener("unload", () => void numgrad.dispose());
let call = 0;

Deno.bench({
  name: `naive numerical: ${NAIVE_SAMPLE} of ${entries} entries (a gradient is ×${
    (entries / NAIVE_SAMPLE).toFixed(0)
  })`,
  n: 3,
  warmup: 1,
  fn() {
    const { x, t } = dense[call++ % dense.length];
    // The naive method's loop (TwoLayerNet.numericalGradient) on entries spread over W1, b1, W2, b2.
    for (let s = 0; s < NAIVE_SAMPLE; s++) {
      const p = paramData(net.params, PARAM_KEYS[s % 4]);
      const i = (s * 7919) % p.length, tmp = p[i];
      p[i] = tmp + H;
      const f1 = net.loss(x, t);
      p[i] = tmp - H;
      const f2 = net.loss(x, t);
      p[i] = tmp;
      paramData(out, PARAM_KEYS[s % 4])[i] = (f1 - f2) / (2 * H);
    }
  },
});

Deno.bench({
  name: "fast numerical, 1 thread",
  n: 10,
  warmup: 2,
  fn() {
    fastNumericalGradient(net.params, data, batches[call++ % batches.length], BATCH, out);
  },
});

Deno.bench({
  name: "fast numerical, 2 workers",
  n: 20,
  warmup: 3,
  async fn() {
    await numgrad.gradient(net.params, data, batches[call++ % batches.length], BATCH, out);
  },
});

Deno.bench({
  name: "backprop (TwoLayerNet.gradient)",
  n: 50,
  warmup: 5,
  fn() {
    const { x, t } = dense[call++ % dense.length];
    net.gradient(x, t);
  },
});

console.log(`data: ${train.what}; net 784-50-10, batch ${BATCH}`);
