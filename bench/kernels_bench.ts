/**
 * The training kernels, TypeScript reference against WebAssembly, on MNIST
 * (from `$MNIST_DIR` or `data/mnist`; MNIST-like random images when it is
 * missing): one mini-batch of 100 through a 784-50-10 net, and one pass over
 * 10000 images. Part of `deno task bench`.
 *
 *     deno bench --allow-read --allow-env bench/kernels_bench.ts
 *
 * @module
 */

import { loadMnist } from "../lib/data/mod.ts";
import { matrix } from "../lib/core/matrix.ts";
import { RandomState } from "../lib/core/random.ts";
import { sparseMatMul, sparseMatMulTransposeA } from "../lib/core/sparse_matmul.ts";
import { sigmoid } from "../lib/core/functions.ts";
import { makeTrainingEngine } from "../lib/engine/training_engine.ts";
import { toSparseData } from "../lib/engine/train_data.ts";
import type { LabeledData } from "../lib/engine/types.ts";
import { TwoLayerNet } from "../lib/nets/two_layer_net.ts";
import {
  EXP_TABLE_BYTES,
  f64View,
  i32View,
  instantiateKernels,
  Layout,
  newKernelMemory,
} from "../lib/engine/wasm/instance.ts";

const HIDDEN = 50, BATCH = 100;

async function images(): Promise<{ train: LabeledData; test: LabeledData; real: boolean }> {
  try {
    const m = await loadMnist();
    return {
      train: { x: m.train.x, labels: m.train.labels },
      test: { x: m.test.x, labels: m.test.labels },
      real: true,
    };
  } catch {
    // MNIST-like: 19% nonzero pixels, float32(k / 255).
    const rng = new RandomState(0);
    const make = (rows: number): LabeledData => {
      const x = matrix(rows, 784);
      for (let i = 0; i < x.data.length; i++) {
        if (rng.random() < 0.19) x.data[i] = Math.fround(rng.randint(1, 256, 1)[0] / 255);
      }
      return { x, labels: Uint8Array.from({ length: rows }, (_, i) => i % 10) };
    };
    return { train: make(60000), test: make(10000), real: false };
  }
}

const { train, test, real } = await images();
const note = real ? "MNIST" : "MNIST-like random images (MNIST not found)";
const trainSparse = toSparseData(train), testSparse = toSparseData(test);
const data = { train, test, trainSparse, testSparse };
const rng = new RandomState(0);
const net = new TwoLayerNet(784, HIDDEN, 10, { rng });
const batches = Array.from({ length: 64 }, () => rng.choice(60000, BATCH));
let next = 0;
const batch = () => batches[next++ % batches.length];

// The kernels on their own memory.
const x = trainSparse.x;
const L = new Layout();
const p = {
  rowStart: L.alloc(x.rows + 1, 4),
  index: L.alloc(x.index.length, 4),
  value: L.alloc(x.value.length, 8),
  w: L.alloc(784 * HIDDEN, 8),
  out: L.alloc(5000, 8),
  ids: L.alloc(BATCH, 4),
  d: L.alloc(BATCH * HIDDEN, 8),
  g: L.alloc(784 * HIDDEN, 8),
  counts: L.alloc(784, 4),
  cscOff: L.alloc(BATCH * 784, 4),
  cscVal: L.alloc(BATCH * 784, 8),
  z: L.alloc(5000, 8),
  expTable: L.alloc(EXP_TABLE_BYTES, 1),
};
const memory = newKernelMemory(L.size);
const k = instantiateKernels(memory, p.expTable, true);
const buf = memory.buffer;
i32View(buf, p.rowStart, x.rows + 1).set(x.rowStart);
i32View(buf, p.index, x.index.length).set(x.index);
f64View(buf, p.value, x.value.length).set(x.value);
f64View(buf, p.w, 784 * HIDDEN).set(net.params.W1.data);
const ids = i32View(buf, p.ids, BATCH);
const dz1 = matrix(BATCH, HIDDEN);
for (let i = 0; i < dz1.data.length; i++) dz1.data[i] = 1e-3 * rng.standardNormal();
f64View(buf, p.d, BATCH * HIDDEN).set(dz1.data);
const a1 = matrix(BATCH, HIDDEN), gW1 = matrix(784, HIDDEN);
const z = f64View(buf, p.z, 5000).map(() => 4 * rng.standardNormal()),
  zOut = new Float64Array(5000);
f64View(buf, p.z, 5000).set(z);

Deno.bench(`x·W1, batch of ${BATCH} (TypeScript sparse rows) [${note}]`, {
  group: "forward",
  baseline: true,
}, () => {
  sparseMatMul(x, batch(), BATCH, net.params.W1, a1);
});
Deno.bench("x·W1, batch of 100 (WebAssembly f64x2)", { group: "forward" }, () => {
  ids.set(batch());
  k.sparse_affine(p.rowStart, p.index, p.value, p.ids, 0, BATCH, p.w, 0, HIDDEN, p.out);
});

Deno.bench(
  "xᵀ·dz1, batch of 100 (TypeScript scatter)",
  { group: "backward", baseline: true },
  () => {
    sparseMatMulTransposeA(x, batch(), BATCH, dz1, gW1);
  },
);
Deno.bench("xᵀ·dz1, batch of 100 (WebAssembly column lists, incl. building them)", {
  group: "backward",
}, () => {
  ids.set(batch());
  k.batch_columns(
    p.rowStart,
    p.rowStart + 4,
    4,
    p.index,
    p.value,
    p.ids,
    BATCH,
    0,
    784,
    HIDDEN,
    p.counts,
    p.cscOff,
    p.cscVal,
    BATCH,
  );
  k.columns_transpose_mul(p.counts, p.cscOff, p.cscVal, 784, BATCH, p.d, HIDDEN, p.g);
});

Deno.bench(
  "sigmoid of 100 × 50 (TypeScript, Math.exp)",
  { group: "sigmoid", baseline: true },
  () => {
    sigmoid(z, zOut);
  },
);
Deno.bench("sigmoid of 100 × 50 (WebAssembly, f64x2 exp)", { group: "sigmoid" }, () => {
  k.sigmoid(p.z, 5000, p.out);
});

// Whole iterations (gradient, update, loss) and evaluation passes on the engines.
const engines = {
  wasm: await makeTrainingEngine(net.params, data, BATCH, { stepWorkers: 0, evalWorkers: 0 }),
  wasm1: await makeTrainingEngine(net.params, data, BATCH, { stepWorkers: 1, evalWorkers: 0 }),
};
const LR = 1e-9; // steps that hardly move the weights, so every bench sees the same net

Deno.bench("iteration: step + loss (WebAssembly, this thread)", {
  group: "iteration",
  baseline: true,
}, () => {
  const b = batch();
  engines.wasm.step(b, BATCH, LR);
  engines.wasm.loss(b, BATCH);
});
Deno.bench(
  "iteration: step + loss (WebAssembly, this thread + 1 worker)",
  { group: "iteration" },
  () => {
    const b = batch();
    engines.wasm1.step(b, BATCH, LR);
    engines.wasm1.loss(b, BATCH);
  },
);

Deno.bench(
  "evaluation pass, 60000 + 10000 images (WebAssembly, this thread)",
  { group: "evaluation", baseline: true, n: 5, warmup: 1 },
  async () => {
    await engines.wasm.evaluate().wait();
  },
);
Deno.bench("evaluation pass (WebAssembly, this thread + 1 worker)", {
  group: "evaluation",
  n: 5,
  warmup: 1,
}, async () => {
  await engines.wasm1.evaluate().wait();
});

globalThis.addEventListener("unload", () => {
  for (const e of Object.values(engines)) e.dispose();
});
