// Tests of lib/data/load.ts: loadMnist() on the NumPy-made tiny set in every layout (normalized as
// NumPy, bit for bit), what it refuses, and a property test over folders with one mutated file.

import assert from "node:assert";
import { rejectsExactly } from "../_assert.ts";
import { join } from "node:path";
import fc from "fast-check";
import { pairwiseSum } from "../../lib/core/pairwise_sum.ts";
import {
  encodeIdxLabels,
  formatMnistCsv,
  loadMnist,
  MNIST_IDX_FILES,
  mnistCsvFiles,
  MnistFormatError,
  MnistNotFoundError,
  MnistValueError,
  oneHotLabels,
  readMnistSource,
  resolveMnistDir,
} from "../../lib/data/mod.ts";
import { makeData, noEnv, TINY, TINY_DIR, withTempDir, writeIdxSet } from "./_fixtures.ts";
import { checkImages, mutate, mutation } from "./_mutate.ts";

Deno.test("loadMnist() gives the same arrays from the tiny IDX and CSV files, normalized as NumPy", async () => {
  const idx = await loadMnist({ dir: TINY_DIR, format: "idx", env: noEnv });
  const csv = await loadMnist({ dir: TINY_DIR, format: "csv", env: noEnv });
  assert.strictEqual(idx.source.format, "idx");
  assert.strictEqual(csv.source.format, "csv");
  for (const split of ["train", "test"] as const) {
    assert.deepStrictEqual(idx[split].x, csv[split].x);
    assert.deepStrictEqual(idx[split].t, csv[split].t);
    assert.deepStrictEqual(Array.from(idx[split].labels), TINY[split].labels);
    assert.deepStrictEqual([idx[split].x.rows, idx[split].x.cols], [TINY[split].count, 784]);
    // np.sum over the float32 values widened to float64: the same pairwise order, bit for bit.
    assert.strictEqual(pairwiseSum(idx[split].x.data), TINY[split].normalizedSum);
  }
  assert.deepStrictEqual(idx.source.files, {
    trainImages: join(TINY_DIR, "train-images-idx3-ubyte.gz"),
    trainLabels: join(TINY_DIR, "train-labels-idx1-ubyte"),
    testImages: join(TINY_DIR, "t10k-images-idx3-ubyte"),
    testLabels: join(TINY_DIR, "t10k-labels-idx1-ubyte.gz"),
  });
});

Deno.test("loadMnist() keeps raw bytes without normalize and gives one-hot rows with oneHotLabel", async () => {
  const raw = await loadMnist({ dir: TINY_DIR, normalize: false, env: noEnv });
  assert.ok(raw.train.x instanceof Uint8Array);
  assert.strictEqual(raw.train.x, raw.train.pixels);
  assert.strictEqual(raw.train.t, raw.train.labels);
  const hot = await loadMnist({ dir: TINY_DIR, oneHotLabel: true, env: noEnv });
  assert.deepStrictEqual(hot.test.t, oneHotLabels(Uint8Array.from(TINY.test.labels)));
  assert.deepStrictEqual(hot.test.pixels, raw.test.pixels);
});

Deno.test("loadMnist() rejects an image/label count mismatch and returns nothing partial", async () => {
  await withTempDir(async (dir) => {
    await writeIdxSet(dir, makeData(3), makeData(2));
    await Deno.writeFile(
      join(dir, MNIST_IDX_FILES.testLabels),
      encodeIdxLabels(new Uint8Array([1, 2, 3])),
    );
    await rejectsExactly(
      loadMnist({ dir, env: noEnv }),
      MnistFormatError,
      `Cannot load MNIST test set as the image and label counts must be equal: ` +
        `images=${dir}/t10k-images-idx3-ubyte (2), labels=${dir}/t10k-labels-idx1-ubyte (3)`,
    );
  });
});

Deno.test("loadMnist() names the bad file of a set", async () => {
  await withTempDir(async (dir) => {
    await writeIdxSet(dir, makeData(3), makeData(2));
    const path = join(dir, MNIST_IDX_FILES.trainLabels + ".gz");
    await Deno.writeFile(path, new Uint8Array(0));
    await rejectsExactly(
      loadMnist({ dir, env: noEnv }),
      MnistFormatError,
      `Cannot read MNIST IDX labels as the file must not be empty: file=${path}`,
    );
  });
});

Deno.test("loadMnist() says a .gz file that is not gzip is not a gzip file, with its first bytes", async () => {
  await withTempDir(async (dir) => {
    await writeIdxSet(dir, makeData(2), makeData(1));
    const path = join(dir, MNIST_IDX_FILES.trainLabels + ".gz");
    // Decompressed on the way but saved under the .gz name: still read.
    await Deno.writeFile(path, encodeIdxLabels(new Uint8Array([3, 4])));
    assert.deepStrictEqual(Array.from((await loadMnist({ dir, env: noEnv })).train.labels), [3, 4]);
    await Deno.writeTextFile(path, "<html><body>Too many requests</body></html>");
    await rejectsExactly(
      loadMnist({ dir, env: noEnv }),
      MnistFormatError,
      "Cannot read MNIST IDX labels as a file named .gz must start with the gzip magic bytes 1f 8b: " +
        `file=${path}, got 3c 68 74 6d 6c 3e 3c 62 ("<html><b") (not a gzip file; it looks ` +
        "like an HTML page, not data: get the file again)",
    );
  });
});

Deno.test("loadMnist() names Fashion-MNIST in every message about Fashion-MNIST files", async (t) => {
  await withTempDir(async (dir) => {
    const fashion = { dataset: "fashion-mnist", dir, env: noEnv } as const;
    await writeIdxSet(dir, makeData(2), makeData(1));
    await t.step("a bad IDX file", async () => {
      const path = join(dir, MNIST_IDX_FILES.trainLabels + ".gz");
      await Deno.writeFile(path, new Uint8Array(0));
      await rejectsExactly(
        loadMnist(fashion),
        MnistFormatError,
        `Cannot read Fashion-MNIST IDX labels as the file must not be empty: file=${path}`,
      );
    });
    await t.step("a file that vanished", async () => {
      await writeIdxSet(dir, makeData(2), makeData(1));
      const source = await resolveMnistDir(fashion);
      const path = join(dir, MNIST_IDX_FILES.testImages);
      await Deno.remove(path);
      await rejectsExactly(
        readMnistSource(source),
        MnistNotFoundError,
        `Cannot read Fashion-MNIST data as the file must exist: file=${path}`,
      );
    });
    await t.step("a bad CSV file", async () => {
      const csv = mnistCsvFiles("fashion-mnist");
      const good = formatMnistCsv(makeData(1));
      await Deno.writeFile(join(dir, csv.train), good);
      await Deno.writeFile(join(dir, csv.test), new TextEncoder().encode("3,256\n"));
      await rejectsExactly(
        loadMnist({ ...fashion, format: "csv" }),
        MnistValueError,
        "Cannot read Fashion-MNIST CSV as every pixel must be in 0..255: " +
          `file=${join(dir, csv.test)}, line 1, column 2, got 256`,
      );
    });
  });
});

Deno.test("readMnistSource() reports a file that vanished after it was found", async () => {
  await withTempDir(async (dir) => {
    await writeIdxSet(dir, makeData(1), makeData(1));
    const source = await resolveMnistDir({ dir, env: noEnv });
    await Deno.remove(join(dir, MNIST_IDX_FILES.testImages));
    await rejectsExactly(
      readMnistSource(source),
      MnistNotFoundError,
      `Cannot read MNIST data as the file must exist: file=${dir}/t10k-images-idx3-ubyte`,
    );
  });
});

Deno.test("property: loadMnist() on a folder with one mutated file loads or throws our error", async () => {
  await withTempDir(async (dir) => {
    const train = makeData(2), test = makeData(1, 3);
    await writeIdxSet(dir, train, test);
    const names = [
      MNIST_IDX_FILES.trainImages + ".gz",
      MNIST_IDX_FILES.trainLabels + ".gz",
      MNIST_IDX_FILES.testImages,
      MNIST_IDX_FILES.testLabels,
    ];
    const originals = await Promise.all(names.map((n) => Deno.readFile(join(dir, n))));
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 3 }), mutation, async (which, m) => {
        const path = join(dir, names[which]);
        await Deno.writeFile(path, mutate(originals[which], m, true));
        try {
          const d = await loadMnist({ dir, env: noEnv });
          checkImages(d.train);
          checkImages(d.test);
          assert.strictEqual(d.train.labels.length, d.train.count);
          assert.strictEqual(d.test.labels.length, d.test.count);
        } catch (error) {
          const ours = (error instanceof MnistFormatError || error instanceof MnistValueError) &&
            error.message.includes(path);
          if (!ours) throw error;
        } finally {
          await Deno.writeFile(path, originals[which]);
        }
      }),
      { numRuns: 60, seed: 11 },
    );
  });
});
