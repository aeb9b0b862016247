// Load times of lib/data/load.ts (book §3.6.1): `deno task bench` (or
// `deno bench --allow-read --allow-env bench/mnist_bench.ts`).
//
// Uses the real MNIST files ($MNIST_DIR, else data/mnist) when they are there; otherwise a
// synthetic set of the same size (60000 + 10000 sparse 28x28 images, about 81% zeros like
// MNIST) so the CSV numbers still mean something. The CSV-from-disk bench reads
// data/mnist/mnist_train.csv when `deno task data:csv` made it, else writes one to a temporary
// folder when write permission is granted, else is left out.

import { join } from "node:path";
import {
  formatMnistCsv,
  loadMnist,
  mnistCsvFiles,
  type MnistLabeledImages,
  type MnistSource,
  normalizeImages,
  parseMnistCsv,
  readMnistSource,
  resolveMnistDir,
} from "../lib/data/mod.ts";

async function realSource(): Promise<MnistSource | undefined> {
  try {
    return await resolveMnistDir({ format: "idx" });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/** Sparse MNIST-like images from a fixed linear congruential sequence (no Math.random). */
function synthetic(count: number, seed: number): MnistLabeledImages {
  const pixels = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
  for (let i = 0; i < pixels.length; i++) pixels[i] = next() % 100 < 19 ? next() >>> 24 : 0;
  for (let i = 0; i < count; i++) labels[i] = next() % 10;
  return { count, rows: 28, cols: 28, pixels, labels };
}

const source = await realSource();
const data = source
  ? await readMnistSource(source)
  : { train: synthetic(60000, 1), test: synthetic(10000, 2) };
const what = source ? `MNIST from ${source.dir}` : "synthetic MNIST-sized data";
const trainCsv = formatMnistCsv(data.train);

let csvDir: string | undefined;
let csvCleanup = false;
const made = join("data", "mnist", mnistCsvFiles("mnist").train);
if (source && Deno.permissions.querySync({ name: "read", path: made }).state === "granted") {
  try {
    if (
      (await Deno.stat(made)).isFile &&
      (await Deno.stat(join("data", "mnist", "mnist_test.csv"))).isFile
    ) {
      csvDir = join("data", "mnist");
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}
if (!csvDir && Deno.permissions.querySync({ name: "write" }).state === "granted") {
  csvDir = await Deno.makeTempDir({ prefix: "mnist_bench_" });
  csvCleanup = true;
  await Deno.writeFile(join(csvDir, "mnist_train.csv"), trainCsv);
  await Deno.writeFile(join(csvDir, "mnist_test.csv"), formatMnistCsv(data.test));
}

if (source) {
  Deno.bench({
    name: `loadMnist() IDX .gz, train+test, normalized (${what})`,
    group: "load",
    baseline: true,
    n: 5,
    warmup: 1,
    async fn() {
      await loadMnist({ dir: source.dir, format: "idx" });
    },
  });
  Deno.bench({
    name: "loadMnist() IDX .gz, train+test, raw bytes",
    group: "load",
    n: 5,
    warmup: 1,
    async fn() {
      await loadMnist({ dir: source.dir, format: "idx", normalize: false });
    },
  });
}

if (csvDir) {
  const dir = csvDir;
  Deno.bench({
    name: `loadMnist() CSV from disk, train+test (110 MB + 18 MB), normalized (${dir})`,
    group: "load",
    n: 5,
    warmup: 1,
    async fn() {
      await loadMnist({ dir, format: "csv" });
    },
  });
}

Deno.bench({
  name: `parseMnistCsv() 60000 rows, ${(trainCsv.length / 1e6).toFixed(0)} MB in memory (${what})`,
  group: "csv",
  n: 5,
  warmup: 1,
  fn() {
    parseMnistCsv(trainCsv, "mnist_train.csv");
  },
});

Deno.bench({
  name: "formatMnistCsv() 60000 rows (the data:csv conversion, without the write)",
  group: "csv",
  n: 5,
  warmup: 1,
  fn() {
    formatMnistCsv(data.train);
  },
});

Deno.bench({
  name: "normalizeImages() 60000 x 784 into a new Float64Array (376 MB)",
  group: "normalize",
  n: 5,
  warmup: 1,
  fn() {
    normalizeImages(data.train);
  },
});

if (csvCleanup && csvDir) {
  const dir = csvDir;
  globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
}
