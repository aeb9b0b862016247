// Tests on the real MNIST files: checksums, the known label counts and mean pixel, the CSV round
// trip and a verified copy. The folder is $MNIST_DIR, else data/mnist. When the files are not
// there the tests show as ignored, unless DLFS_REQUIRE_DATA=1 (CI sets it, with
// MNIST_DIR=../shared/data/mnist): then they run and fail, saying which file is missing.
// Fashion-MNIST ($FASHION_MNIST_DIR, data/fashion-mnist or /usr/share/datasets/fashion-mnist) is
// tested when present.

import assert from "node:assert";
import { join } from "node:path";
import { pairwiseSum } from "../../lib/core/pairwise_sum.ts";
import {
  loadMnist,
  MNIST_IDX_FILES,
  type MnistDataset,
  type MnistSource,
  resolveMnistDir,
} from "../../lib/data/mod.ts";
import { writeBytesAtomic } from "../../lib/results/atomic.ts";
import { makeReporter } from "../../lib/cli/progress.ts";
import { contentsOf, installMnist, readChecksums, sha256Hex } from "../../lib/data/download/mod.ts";
import { main as toCsvMain } from "../../data/to_csv.ts";
import { CAN_RUN, readFixture, runDataScript, withTempDir } from "./_fixtures.ts";

interface Facts {
  sha256: Record<string, string>;
  trainLabelCounts: number[];
  testLabelCounts: number[];
  trainPixelSum: number;
  testPixelSum: number;
  trainMeanRawOver255: number;
  trainMeanNormalizedFloat64: number;
}
/** Computed by NumPy from the files (tests/fixtures/make_mnist_fixtures.py). */
const REAL: Record<MnistDataset, Facts> = await readFixture("real_data.json");

const REQUIRE_DATA = Deno.env.get("DLFS_REQUIRE_DATA") === "1";
const quiet = makeReporter({ quiet: true, write: { out: () => {}, err: () => {} } });

async function find(dataset: MnistDataset): Promise<MnistSource | undefined> {
  try {
    return await resolveMnistDir({ dataset, format: "idx", env: (name) => Deno.env.get(name) });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

const MNIST = await find("mnist");
const MNIST_DIR = MNIST?.dir ?? (Deno.env.get("MNIST_DIR") || "data/mnist");
const FASHION = await find("fashion-mnist");
/** Ignored when the data is absent, unless it is required. */
const IGNORE_MNIST = MNIST === undefined && !REQUIRE_DATA;

async function digests(source: MnistSource): Promise<Record<string, string>> {
  assert.ok(source.format === "idx");
  const out: Record<string, string> = {};
  for (const [key, name] of Object.entries(MNIST_IDX_FILES)) {
    const path = source.files[key as keyof typeof MNIST_IDX_FILES];
    out[name] = await sha256Hex(contentsOf(await Deno.readFile(path), path, source));
  }
  return out;
}

function labelCounts(labels: Uint8Array): number[] {
  const counts = new Array(10).fill(0);
  for (const label of labels) counts[label]++;
  return counts;
}

function sum(bytes: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < bytes.length; i++) s += bytes[i];
  return s;
}

Deno.test({
  name: "real MNIST: the decompressed files have the SHA-256 of data/mnist.sha256",
  ignore: IGNORE_MNIST,
  async fn() {
    const source = MNIST ?? await resolveMnistDir({ dir: MNIST_DIR, format: "idx" });
    const got = await digests(source);
    assert.deepStrictEqual(got, Object.fromEntries(await readChecksums("mnist")));
    // The verified copy's own list, when the folder has one (../shared/data/mnist does).
    try {
      const text = await Deno.readTextFile(join(source.dir, "SHA256SUMS"));
      for (const line of text.trim().split("\n")) {
        const [hex, name] = line.split(/\s+/);
        assert.strictEqual(got[name], hex, name);
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  },
});

Deno.test({
  name:
    "real MNIST: loadMnist() gives 60000 + 10000 images with the known label counts and mean pixel",
  ignore: IGNORE_MNIST,
  async fn() {
    const { train, test } = await loadMnist({ dir: MNIST_DIR, format: "idx" });
    assert.deepStrictEqual([train.count, train.rows, train.cols, train.x.rows, train.x.cols], [
      60000,
      28,
      28,
      60000,
      784,
    ]);
    assert.deepStrictEqual([test.count, test.x.rows, test.x.cols], [10000, 10000, 784]);
    assert.deepStrictEqual(labelCounts(train.labels), [
      5923,
      6742,
      5958,
      6131,
      5842,
      5421,
      5918,
      6265,
      5851,
      5949,
    ]);
    assert.deepStrictEqual(labelCounts(test.labels), REAL.mnist.testLabelCounts);
    assert.strictEqual(sum(train.pixels), REAL.mnist.trainPixelSum);
    assert.strictEqual(sum(test.pixels), REAL.mnist.testPixelSum);
    // The README's mean, 0.1306604762738429, is the mean of p / 255 in exact arithmetic
    // (NumPy: x_train_uint8.mean() / 255); the integer sum is exact, so this is bit for bit.
    const n = train.pixels.length;
    const meanRaw = sum(train.pixels) / n / 255;
    assert.strictEqual(meanRaw, REAL.mnist.trainMeanRawOver255);
    assert.ok(Math.abs(meanRaw - 0.1306604762738429) <= 1e-12);
    // The book's float32-normalized x_train averages to 0.13066047740241013 instead (each value
    // is p / 255 rounded to float32): NumPy's x_train.astype(np.float64).mean(), the same pairwise
    // sum, bit for bit. It differs from the README's number by about 1.1e-9.
    const meanNormalized = pairwiseSum(train.x.data) / n;
    assert.strictEqual(meanNormalized, REAL.mnist.trainMeanNormalizedFloat64);
    assert.strictEqual(meanNormalized, 0.13066047740241013);
    assert.ok(Math.abs(meanNormalized - 0.1306604762738429) < 2e-9);
  },
});

Deno.test({
  name: "real MNIST: the CSV written by data:csv loads as exactly the IDX arrays",
  ignore: IGNORE_MNIST,
  async fn() {
    await withTempDir(async (out) => {
      await toCsvMain({ dataset: "mnist", data: MNIST_DIR, out, header: false, quiet: true }, {
        reporter: quiet,
      });
      const env = () => undefined;
      const idx = await loadMnist({ dir: MNIST_DIR, format: "idx", normalize: false, env });
      const csv = await loadMnist({ dir: out, format: "csv", normalize: false, env });
      assert.strictEqual(csv.source.format, "csv");
      for (const split of ["train", "test"] as const) {
        assert.strictEqual(csv[split].count, idx[split].count);
        assert.ok(csv[split].pixels.every((v, i) => v === idx[split].pixels[i]), `${split} pixels`);
        assert.deepStrictEqual(csv[split].labels, idx[split].labels);
      }
      const stat = await Deno.stat(join(out, "mnist_train.csv"));
      assert.strictEqual(stat.size, 109575994);
    });
  },
});

Deno.test({
  name: "real MNIST: data:mnist --from copies and verifies the four files",
  ignore: IGNORE_MNIST,
  async fn() {
    await withTempDir(async (out) => {
      const result = await installMnist({
        dataset: "mnist",
        out,
        from: MNIST_DIR,
        reporter: quiet,
        writeFile: writeBytesAtomic,
      });
      assert.deepStrictEqual([result.fetched, result.present], [4, 0]);
      const again = await installMnist({
        dataset: "mnist",
        out,
        from: MNIST_DIR,
        reporter: quiet,
        writeFile: writeBytesAtomic,
      });
      assert.deepStrictEqual([again.fetched, again.present], [0, 4]);
      if (!CAN_RUN) return;
      const sub = join(out, "sub");
      const { code, stdout, stderr } = await runDataScript("data/download.ts", sub, [
        "--from",
        MNIST_DIR,
      ]);
      assert.strictEqual(code, 0, stderr);
      assert.match(
        stdout,
        /^mnist ready in .*: 4 files verified \(4 copied, 0 already there\)/,
      );
    });
  },
});

Deno.test({
  name:
    "real Fashion-MNIST: checksums of data/fashion-mnist.sha256 and 6000 / 1000 images per class",
  ignore: FASHION === undefined,
  async fn() {
    assert.deepStrictEqual(
      await digests(FASHION!),
      Object.fromEntries(await readChecksums("fashion-mnist")),
    );
    const { train, test } = await loadMnist({
      dataset: "fashion-mnist",
      dir: FASHION!.dir,
      normalize: false,
    });
    assert.deepStrictEqual(labelCounts(train.labels), new Array(10).fill(6000));
    assert.deepStrictEqual(labelCounts(test.labels), new Array(10).fill(1000));
    assert.strictEqual(sum(train.pixels), REAL["fashion-mnist"].trainPixelSum);
    assert.strictEqual(sum(test.pixels), REAL["fashion-mnist"].testPixelSum);
  },
});
