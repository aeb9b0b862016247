// Tests of lib/data/mnist.ts that need no real data: parsers, normalization and loading against the
// NumPy-made fixtures in tests/fixtures/mnist (see make_mnist_fixtures.py), every bad-input case
// with its exact error, and property tests that mutate valid small files.
// Real-data tests: tests/data/mnist_real_data_test.ts. Download and scripts: tests/data/download_test.ts.

import assert from "node:assert";
import { rejectsExactly, throwsExactly } from "../_assert.ts";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { parseCli, UsageError } from "../../lib/cli/cli.ts";
import { pairwiseSum } from "../../lib/core/matrix.ts";
import {
  encodeIdxImages,
  encodeIdxLabels,
  formatMnistCsv,
  loadMnist,
  MNIST_DIR_ENV,
  MNIST_IDX_FILES,
  mnistCsvFiles,
  MnistFormatError,
  type MnistImages,
  type MnistLabeledImages,
  MnistNotFoundError,
  MnistValueError,
  normalizedPixel,
  normalizeImages,
  oneHotLabels,
  parseIdxImages,
  parseIdxLabels,
  parseMnistCsv,
  readMnistSource,
  resolveMnistDir,
} from "../../lib/data/mod.ts";
import { mnistFlags } from "../../lib/cli/mnist_flags.ts";

const FIXTURES = new URL("../fixtures/mnist/", import.meta.url);
const TINY_DIR = new URL("tiny", FIXTURES).pathname;
const TABLE: number[] = JSON.parse(
  await Deno.readTextFile(new URL("normalize_table.json", FIXTURES)),
);
interface TinySplit {
  count: number;
  labels: number[];
  pixels: number[];
  normalizedSum: number;
}
const TINY: { sha256: Record<string, string>; train: TinySplit; test: TinySplit } = JSON.parse(
  await Deno.readTextFile(new URL("tiny.json", FIXTURES)),
);

/** Asserts that fn throws exactly this class (not a subclass or a sibling) with exactly this message. */

/** `count` 28x28 images with a deterministic sparse pattern, and labels 0..9. */
function makeData(count: number, seed = 1): MnistLabeledImages {
  const pixels = new Uint8Array(count * 784);
  for (let i = 0; i < pixels.length; i++) {
    const h = Math.imul(i + 1, 2654435761 + seed) >>> 24;
    pixels[i] = h < 50 ? (h * 37 + seed) & 255 : 0;
  }
  pixels[0] = 255;
  const labels = Uint8Array.from({ length: count }, (_, i) => (i * 3 + seed) % 10);
  return { count, rows: 28, cols: 28, pixels, labels };
}

function csvRow(label: string | number, pixels: readonly (string | number)[]): string {
  return [label, ...pixels].join(",");
}

const ZEROS = new Array(784).fill(0);

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "mnist_test_" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function writeIdxSet(
  dir: string,
  train: MnistLabeledImages,
  test: MnistLabeledImages,
): Promise<void> {
  await Deno.writeFile(
    join(dir, MNIST_IDX_FILES.trainImages + ".gz"),
    gzipSync(encodeIdxImages(train)),
  );
  await Deno.writeFile(
    join(dir, MNIST_IDX_FILES.trainLabels + ".gz"),
    gzipSync(encodeIdxLabels(train.labels)),
  );
  await Deno.writeFile(join(dir, MNIST_IDX_FILES.testImages), encodeIdxImages(test));
  await Deno.writeFile(join(dir, MNIST_IDX_FILES.testLabels), encodeIdxLabels(test.labels));
}

const noEnv = () => undefined;

// ---------------------------------------------------------------------------
// Normalization, one-hot

Deno.test("normalizedPixel() equals NumPy's uint8.astype(float32) / 255.0 for all 256 values", () => {
  assert.strictEqual(TABLE.length, 256);
  for (let k = 0; k < 256; k++) assert.strictEqual(normalizedPixel(k), TABLE[k], `k=${k}`);
  // The rule: float32 division, not the double k / 255.
  assert.notStrictEqual(TABLE[1], 1 / 255);
  assert.strictEqual(TABLE[1], Math.fround(1 / 255));
});

Deno.test("normalizeImages() maps every pixel through the NumPy table into a count x 784 matrix", () => {
  const pixels = Uint8Array.from({ length: 784 }, (_, i) => i % 256);
  const x = normalizeImages({ count: 1, rows: 28, cols: 28, pixels });
  assert.deepStrictEqual([x.rows, x.cols], [1, 784]);
  for (let i = 0; i < 784; i++) assert.strictEqual(x.data[i], TABLE[i % 256]);
});

Deno.test("normalizedPixel() and normalizeImages() reject bad input", async (t) => {
  await t.step("a pixel value outside 0..255", () => {
    throwsExactly(
      () => normalizedPixel(256),
      RangeError,
      "Cannot normalize a pixel as it must be an integer in 0..255: got 256",
    );
    throwsExactly(
      () => normalizedPixel(0.5),
      RangeError,
      "Cannot normalize a pixel as it must be an integer in 0..255: got 0.5",
    );
  });
  await t.step("pixels of the wrong length", () => {
    throwsExactly(
      () => normalizeImages({ count: 2, rows: 28, cols: 28, pixels: new Uint8Array(784) }),
      TypeError,
      "Cannot normalize images as pixels must be a Uint8Array of count*rows*cols bytes: " +
        "count=2, rows=28, cols=28, pixels.length=784",
    );
  });
});

Deno.test("oneHotLabels() puts a single 1 in each row at the label, as the book's _change_one_hot_label", () => {
  const t = oneHotLabels(new Uint8Array([0, 9, 3]));
  assert.deepStrictEqual([t.rows, t.cols], [3, 10]);
  const expected = new Float64Array(30);
  expected[0] = expected[10 + 9] = expected[20 + 3] = 1;
  assert.deepStrictEqual(t.data, expected);
  throwsExactly(
    () => oneHotLabels(new Uint8Array([1, 10])),
    RangeError,
    "Cannot make one-hot labels as every label must be below classes: classes=10, index=1, got 10",
  );
});

// ---------------------------------------------------------------------------
// The NumPy-made tiny data set in every layout

Deno.test("parseIdxImages() and parseIdxLabels() read the NumPy-written files, raw and gzip'd", async () => {
  const train = parseIdxImages(
    await Deno.readFile(join(TINY_DIR, "train-images-idx3-ubyte.gz")),
    "train-images-idx3-ubyte.gz",
  );
  assert.deepStrictEqual([train.count, train.rows, train.cols], [5, 28, 28]);
  assert.deepStrictEqual(Array.from(train.pixels), TINY.train.pixels);
  const test = parseIdxImages(await Deno.readFile(join(TINY_DIR, "t10k-images-idx3-ubyte")));
  assert.deepStrictEqual(Array.from(test.pixels), TINY.test.pixels);
  const trainLabels = parseIdxLabels(
    await Deno.readFile(join(TINY_DIR, "train-labels-idx1-ubyte")),
  );
  assert.deepStrictEqual(Array.from(trainLabels), TINY.train.labels);
  const testLabels = parseIdxLabels(
    await Deno.readFile(join(TINY_DIR, "t10k-labels-idx1-ubyte.gz")),
  );
  assert.deepStrictEqual(Array.from(testLabels), TINY.test.labels);
});

Deno.test("parseMnistCsv() reads the NumPy-written CSVs: header and CRLF, or no header and LF", async () => {
  const train = parseMnistCsv(
    await Deno.readFile(join(TINY_DIR, "mnist_train.csv")),
    "mnist_train.csv",
  );
  assert.deepStrictEqual([train.count, train.rows, train.cols], [5, 28, 28]);
  assert.deepStrictEqual(Array.from(train.pixels), TINY.train.pixels);
  assert.deepStrictEqual(Array.from(train.labels), TINY.train.labels);
  const test = parseMnistCsv(
    await Deno.readTextFile(join(TINY_DIR, "mnist_test.csv")),
    "mnist_test.csv",
  );
  assert.deepStrictEqual(Array.from(test.pixels), TINY.test.pixels);
  assert.deepStrictEqual(Array.from(test.labels), TINY.test.labels);
});

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

// ---------------------------------------------------------------------------
// Writers and round trips

Deno.test("encodeIdxImages() / encodeIdxLabels() round-trip through the parsers, raw and gzip'd", () => {
  const data = makeData(4);
  const images = encodeIdxImages(data);
  const labels = encodeIdxLabels(data.labels);
  assert.deepStrictEqual(parseIdxImages(images).pixels, data.pixels);
  assert.deepStrictEqual(parseIdxImages(gzipSync(images)).pixels, data.pixels);
  assert.deepStrictEqual(parseIdxLabels(labels), data.labels);
  assert.deepStrictEqual(parseIdxLabels(gzipSync(labels)), data.labels);
});

Deno.test("formatMnistCsv() writes what parseMnistCsv() reads back, with and without header", () => {
  const data = makeData(6);
  for (const header of [false, true]) {
    const bytes = formatMnistCsv(data, { header });
    const text = new TextDecoder().decode(bytes);
    assert.strictEqual(text.startsWith("label,pixel1,pixel2,"), header);
    assert.strictEqual(text.split("\n").length, 6 + (header ? 1 : 0) + 1);
    const back = parseMnistCsv(bytes);
    assert.deepStrictEqual(back.pixels, data.pixels);
    assert.deepStrictEqual(back.labels, data.labels);
  }
  assert.strictEqual(
    new TextDecoder().decode(
      formatMnistCsv({
        count: 1,
        rows: 1,
        cols: 3,
        pixels: new Uint8Array([0, 9, 255]),
        labels: new Uint8Array([4]),
      }),
    ),
    "4,0,9,255\n",
  );
  throwsExactly(
    () => formatMnistCsv({ ...data, labels: new Uint8Array(5) }),
    TypeError,
    "Cannot format MNIST CSV as labels must be a Uint8Array of count bytes: count=6, labels.length=5",
  );
});

Deno.test("parseMnistCsv() accepts a BOM, a quoted header, a last line without newline and blank lines at the end", () => {
  const header = '"label",' + Array.from({ length: 784 }, (_, i) => `"${i}"`).join(",");
  const rows = [csvRow(3, ZEROS), csvRow(4, ZEROS.map((_, i) => i % 256))];
  const data = parseMnistCsv("\ufeff" + header + "\n" + rows.join("\n") + "\n\r\n\n");
  assert.deepStrictEqual(Array.from(data.labels), [3, 4]);
  assert.strictEqual(data.pixels[784 + 300], 300 % 256);
  assert.strictEqual(parseMnistCsv(rows[1]).count, 1);
  assert.strictEqual(parseMnistCsv(rows[1] + "\r").count, 1);
  // Leading zeros are still decimal integers.
  assert.strictEqual(
    parseMnistCsv(csvRow("09", ZEROS.map((_, i) => (i ? 0 : "0255")))).pixels[0],
    255,
  );
});

// ---------------------------------------------------------------------------
// Bad input: each case with its class and exact message

Deno.test("parseIdxImages() rejects bad files with the file, offset and expectation", async (t) => {
  const good = encodeIdxImages(makeData(2));
  const f = "data/mnist/train-images-idx3-ubyte";
  const withU32 = (offset: number, value: number) => {
    const b = good.slice();
    new DataView(b.buffer).setUint32(offset, value);
    return b;
  };
  await t.step("empty file", () => {
    throwsExactly(
      () => parseIdxImages(new Uint8Array(0), f),
      MnistFormatError,
      `Cannot read IDX images as the file must not be empty: file=${f}`,
    );
  });
  await t.step("wrong magic: a labels file", () => {
    throwsExactly(
      () => parseIdxImages(encodeIdxLabels(new Uint8Array([1])), f),
      MnistFormatError,
      `Cannot read IDX images as the magic number must be 0x00000803: file=${f}, offset=0, got 0x00000801 (an IDX labels file)`,
    );
  });
  await t.step("wrong magic: text", () => {
    throwsExactly(
      () => parseIdxImages(new TextEncoder().encode("5,0,0,0\n"), f),
      MnistFormatError,
      `Cannot read IDX images as the magic number must be 0x00000803: file=${f}, offset=0, got 0x352c302c`,
    );
  });
  await t.step("header shorter than 16 bytes", () => {
    throwsExactly(
      () => parseIdxImages(good.subarray(0, 3), f),
      MnistFormatError,
      `Cannot read IDX images as the header must hold 16 bytes: file=${f}, offset=3, got 3 bytes`,
    );
    throwsExactly(
      () => parseIdxImages(good.subarray(0, 12), f),
      MnistFormatError,
      `Cannot read IDX images as the header must hold 16 bytes: file=${f}, offset=12, got 12 bytes`,
    );
  });
  await t.step("count of zero", () => {
    throwsExactly(
      () => parseIdxImages(withU32(4, 0), f),
      MnistFormatError,
      `Cannot read IDX images as the count must be at least 1: file=${f}, offset=4, got 0`,
    );
  });
  await t.step("wrong dimensions", () => {
    throwsExactly(
      () => parseIdxImages(withU32(12, 27), f),
      MnistFormatError,
      `Cannot read IDX images as every image must be 28x28: file=${f}, offset=8, got 28x27`,
    );
  });
  await t.step("truncated file", () => {
    throwsExactly(
      () => parseIdxImages(good.subarray(0, 1000), f),
      MnistFormatError,
      `Cannot read IDX images as the file must hold 16 + count*784 bytes: file=${f}, offset=1000, ` +
        `count=2, expected 1584 bytes, got 1000 (truncated)`,
    );
  });
  await t.step("count larger than the data", () => {
    throwsExactly(
      () => parseIdxImages(withU32(4, 60000), f),
      MnistFormatError,
      `Cannot read IDX images as the file must hold 16 + count*784 bytes: file=${f}, offset=1584, ` +
        `count=60000, expected 47040016 bytes, got 1584 (truncated)`,
    );
  });
  await t.step("trailing bytes", () => {
    const long = new Uint8Array(good.length + 5);
    long.set(good);
    throwsExactly(
      () => parseIdxImages(long, f),
      MnistFormatError,
      `Cannot read IDX images as the file must hold 16 + count*784 bytes: file=${f}, offset=1584, ` +
        `count=2, expected 1584 bytes, got 1589 (trailing bytes)`,
    );
  });
  await t.step("offsets of a gzip'd file count decompressed bytes", () => {
    throwsExactly(
      () => parseIdxImages(gzipSync(good.subarray(0, 1000)), f + ".gz"),
      MnistFormatError,
      `Cannot read IDX images as the file must hold 16 + count*784 bytes: file=${f}.gz, offset=1000 (decompressed), ` +
        `count=2, expected 1584 bytes, got 1000 (truncated)`,
    );
  });
  await t.step("corrupt gzip: truncated stream", () => {
    const gz = gzipSync(good);
    throwsExactly(
      () => parseIdxImages(gz.subarray(0, gz.length - 10), f + ".gz"),
      MnistFormatError,
      `Cannot read IDX images as the gzip stream must be valid: file=${f}.gz, zlib: unexpected end of file`,
    );
  });
  await t.step("corrupt gzip: wrong CRC", () => {
    const gz = gzipSync(good);
    gz[gz.length - 6] ^= 1;
    throwsExactly(
      () => parseIdxImages(gz, f + ".gz"),
      MnistFormatError,
      `Cannot read IDX images as the gzip stream must be valid: file=${f}.gz, zlib: incorrect data check`,
    );
  });
  await t.step("corrupt gzip: bad header flags", () => {
    const gz = gzipSync(good);
    gz[3] = 0xff;
    throwsExactly(
      () => parseIdxImages(gz, f + ".gz"),
      MnistFormatError,
      `Cannot read IDX images as the gzip stream must be valid: file=${f}.gz, zlib: unknown header flags set`,
    );
  });
  await t.step("not bytes at all", () => {
    throwsExactly(
      () => parseIdxImages("abc" as unknown as Uint8Array, f),
      TypeError,
      `Cannot read IDX images as the input must be a Uint8Array: file=${f}, got string`,
    );
  });
});

Deno.test("parseIdxLabels() rejects bad files with the file, offset and expectation", async (t) => {
  const good = encodeIdxLabels(new Uint8Array([1, 2, 3, 4]));
  const f = "t10k-labels-idx1-ubyte";
  await t.step("empty file", () => {
    throwsExactly(
      () => parseIdxLabels(new Uint8Array(0), f),
      MnistFormatError,
      `Cannot read IDX labels as the file must not be empty: file=${f}`,
    );
  });
  await t.step("wrong magic: an images file", () => {
    throwsExactly(
      () => parseIdxLabels(encodeIdxImages(makeData(1)), f),
      MnistFormatError,
      `Cannot read IDX labels as the magic number must be 0x00000801: file=${f}, offset=0, got 0x00000803 (an IDX images file)`,
    );
  });
  await t.step("truncated header and data", () => {
    throwsExactly(
      () => parseIdxLabels(good.subarray(0, 6), f),
      MnistFormatError,
      `Cannot read IDX labels as the header must hold 8 bytes: file=${f}, offset=6, got 6 bytes`,
    );
    throwsExactly(
      () => parseIdxLabels(good.subarray(0, 10), f),
      MnistFormatError,
      `Cannot read IDX labels as the file must hold 8 + count bytes: file=${f}, offset=10, count=4, ` +
        `expected 12 bytes, got 10 (truncated)`,
    );
  });
  await t.step("label outside 0..9", () => {
    const bad = good.slice();
    bad[11] = 200;
    throwsExactly(
      () => parseIdxLabels(bad, f),
      MnistValueError,
      `Cannot read IDX labels as every label must be in 0..9: file=${f}, offset=11, got 200`,
    );
    throwsExactly(
      () => parseIdxLabels(gzipSync(bad), f + ".gz"),
      MnistValueError,
      `Cannot read IDX labels as every label must be in 0..9: file=${f}.gz, offset=11 (decompressed), got 200`,
    );
  });
  await t.step("corrupt gzip: not a complete stream", () => {
    throwsExactly(
      () => parseIdxLabels(new Uint8Array([0x1f, 0x8b]), f + ".gz"),
      MnistFormatError,
      `Cannot read IDX labels as the gzip stream must be valid: file=${f}.gz, zlib: unexpected end of file`,
    );
  });
  await t.step("gzip of nothing", () => {
    throwsExactly(
      () => parseIdxLabels(gzipSync(new Uint8Array(0)), f + ".gz"),
      MnistFormatError,
      `Cannot read IDX labels as the decompressed data must not be empty: file=${f}.gz`,
    );
  });
});

Deno.test("parseMnistCsv() rejects bad rows with the file, line, column and expectation", async (t) => {
  const f = "data/mnist/mnist_train.csv";
  const good = csvRow(5, ZEROS);
  const withPixel = (column: number, text: string) =>
    csvRow(5, ZEROS.map((v, i) => (i === column - 2 ? text : v)));
  const csv = (...lines: string[]) => lines.join("\n") + "\n";
  await t.step("empty file", () => {
    throwsExactly(
      () => parseMnistCsv("", f),
      MnistFormatError,
      `Cannot read MNIST CSV as the file must not be empty: file=${f}`,
    );
  });
  await t.step("no data rows", () => {
    throwsExactly(
      () => parseMnistCsv("\n\n", f),
      MnistFormatError,
      `Cannot read MNIST CSV as the file must hold at least one row: file=${f}`,
    );
    const header = ["label", ...ZEROS.map((_, i) => `pixel${i + 1}`)].join(",");
    throwsExactly(
      () => parseMnistCsv(header + "\r\n", f),
      MnistFormatError,
      `Cannot read MNIST CSV as the file must hold at least one row: file=${f}`,
    );
  });
  await t.step("header with the wrong number of columns", () => {
    throwsExactly(
      () => parseMnistCsv(csv("label,x,y", good), f),
      MnistFormatError,
      `Cannot read MNIST CSV as the header line must have 785 columns (label + 784 pixels): file=${f}, line 1, got 3`,
    );
  });
  await t.step("row with too few columns (LF and CRLF)", () => {
    const short = csvRow(5, ZEROS.slice(1));
    throwsExactly(
      () => parseMnistCsv(csv(good, short), f),
      MnistFormatError,
      `Cannot read MNIST CSV as every row must have 785 columns (label + 784 pixels): file=${f}, line 2, got 784`,
    );
    throwsExactly(
      () => parseMnistCsv(good + "\r\n" + short + "\r\n", f),
      MnistFormatError,
      `Cannot read MNIST CSV as every row must have 785 columns (label + 784 pixels): file=${f}, line 2, got 784`,
    );
    throwsExactly(
      () => parseMnistCsv(csv(good, good, short), f),
      MnistFormatError,
      `Cannot read MNIST CSV as every row must have 785 columns (label + 784 pixels): file=${f}, line 3, got 784`,
    );
    throwsExactly(
      () => parseMnistCsv("7", f),
      MnistFormatError,
      `Cannot read MNIST CSV as every row must have 785 columns (label + 784 pixels): file=${f}, line 1, got 1`,
    );
  });
  await t.step("row with too many columns", () => {
    throwsExactly(
      () => parseMnistCsv(csv(good, good + ",0,0"), f),
      MnistFormatError,
      `Cannot read MNIST CSV as every row must have 785 columns (label + 784 pixels): file=${f}, line 2, got 787`,
    );
  });
  await t.step("empty line between rows", () => {
    throwsExactly(
      () => parseMnistCsv(csv(good, "", good), f),
      MnistFormatError,
      `Cannot read MNIST CSV as every row must have 785 columns (label + 784 pixels): file=${f}, line 2, got an empty line`,
    );
  });
  await t.step("non-integer pixels", () => {
    for (
      const [text, shown] of [
        ["1.5", '"1.5"'],
        ["abc", '"abc"'],
        ["", '""'],
        [" 7", '" 7"'],
        ["+5", '"+5"'],
        ["-0", '"-0"'],
        ["12a", '"12a"'],
      ]
    ) {
      throwsExactly(
        () => parseMnistCsv(csv(good, withPixel(7, text)), f),
        MnistFormatError,
        `Cannot read MNIST CSV as every pixel must be an unsigned decimal integer: file=${f}, line 2, column 7, got ${shown}`,
      );
    }
    throwsExactly(
      () => parseMnistCsv(csv(good, csvRow(5, ZEROS.map((v, i) => (i === 783 ? "0x" : v)))), f),
      MnistFormatError,
      `Cannot read MNIST CSV as every pixel must be an unsigned decimal integer: file=${f}, line 2, column 785, got "0x"`,
    );
    throwsExactly(
      () => parseMnistCsv(good + "\r" + good, f),
      MnistFormatError,
      `Cannot read MNIST CSV as every pixel must be an unsigned decimal integer: file=${f}, line 1, column 785, got "0\\r5"`,
    );
    throwsExactly(
      () => parseMnistCsv(csv(withPixel(3, "9".repeat(30) + "x")), f),
      MnistFormatError,
      `Cannot read MNIST CSV as every pixel must be an unsigned decimal integer: file=${f}, line 1, column 3, got "${
        "9".repeat(24)
      }..."`,
    );
  });
  await t.step("pixels out of range", () => {
    for (const text of ["256", "-1", "1000000"]) {
      throwsExactly(
        () => parseMnistCsv(csv(withPixel(2, text)), f),
        MnistValueError,
        `Cannot read MNIST CSV as every pixel must be in 0..255: file=${f}, line 1, column 2, got ${text}`,
      );
    }
  });
  await t.step("labels: out of range and non-integer", () => {
    throwsExactly(
      () => parseMnistCsv(csv(good, csvRow(10, ZEROS)), f),
      MnistValueError,
      `Cannot read MNIST CSV as every label must be in 0..9: file=${f}, line 2, column 1, got 10`,
    );
    throwsExactly(
      () => parseMnistCsv(csv(csvRow("seven", ZEROS)), f),
      MnistFormatError,
      `Cannot read MNIST CSV as every label must be an unsigned decimal integer: file=${f}, line 1, column 1, got "seven"`,
    );
  });
  await t.step("corrupt gzip", () => {
    const gz = gzipSync(new TextEncoder().encode(csv(good)));
    throwsExactly(
      () => parseMnistCsv(gz.subarray(0, 20), f + ".gz"),
      MnistFormatError,
      `Cannot read MNIST CSV as the gzip stream must be valid: file=${f}.gz, zlib: unexpected end of file`,
    );
  });
  await t.step("an IDX file given as CSV", () => {
    throwsExactly(
      () => parseMnistCsv(encodeIdxLabels(new Uint8Array([1])), f),
      MnistFormatError,
      `Cannot read MNIST CSV as every label must be an unsigned decimal integer: file=${f}, line 1, column 1, got "\\u0000\\u0000\\b\\u0001\\u0000\\u0000\\u0000\\u0001\\u0001"`,
    );
  });
});

// ---------------------------------------------------------------------------
// Finding the files

Deno.test("resolveMnistDir() and loadMnist() say exactly which file is missing and how to get it", async (t) => {
  await withTempDir(async (dir) => {
    const tail =
      "\nGet them with `deno task data:mnist --out DIR` (downloads and verifies them) or " +
      "`deno task data:mnist --out DIR --from DIR` (copies and verifies a local copy); " +
      "--data DIR or MNIST_DIR selects another folder";
    const expect = (missing: string) =>
      `Cannot load MNIST as its files must be in ${dir}: missing ${missing}` +
      tail.replaceAll("--out DIR", `--out ${dir}`);
    await t.step("an empty folder", async () => {
      await rejectsExactly(
        loadMnist({ dir, env: noEnv }),
        MnistNotFoundError,
        expect(`${dir}/train-images-idx3-ubyte.gz (or train-images-idx3-ubyte without .gz)`),
      );
    });
    await t.step("one file missing", async () => {
      await writeIdxSet(dir, makeData(2), makeData(1));
      await Deno.remove(join(dir, "t10k-labels-idx1-ubyte"));
      await assert.rejects(resolveMnistDir({ dir, env: noEnv }), (e: MnistNotFoundError) => {
        assert.ok(e instanceof Deno.errors.NotFound);
        assert.strictEqual(e.file, `${dir}/t10k-labels-idx1-ubyte.gz`);
        assert.strictEqual(
          e.message,
          expect(`${dir}/t10k-labels-idx1-ubyte.gz (or t10k-labels-idx1-ubyte without .gz)`),
        );
        return true;
      });
    });
    await t.step("Fashion-MNIST in a given folder", async () => {
      await rejectsExactly(
        resolveMnistDir({ dataset: "fashion-mnist", dir: join(dir, "f"), env: noEnv }),
        MnistNotFoundError,
        `Cannot load Fashion-MNIST as its files must be in ${dir}/f: missing ` +
          `${dir}/f/train-images-idx3-ubyte.gz (or train-images-idx3-ubyte without .gz)\n` +
          `Get them with \`deno task data:mnist --dataset fashion-mnist --out ${dir}/f\` (downloads and ` +
          `verifies them) or \`deno task data:mnist --dataset fashion-mnist --out ${dir}/f --from DIR\` ` +
          "(copies and verifies a local copy), or install Debian's dataset-fashion-mnist package; " +
          "--data DIR or FASHION_MNIST_DIR selects another folder",
      );
    });
    await t.step("CSV asked for but not there", async () => {
      await rejectsExactly(
        resolveMnistDir({ dir, format: "csv", env: noEnv }),
        MnistNotFoundError,
        `Cannot load MNIST as its CSV files must be in ${dir}: missing ${dir}/mnist_train.csv\n` +
          "Make the CSV files with `deno task data:csv` from the IDX files, which you get with " +
          `\`deno task data:mnist --out ${dir}\` (downloads and verifies them) or ` +
          `\`deno task data:mnist --out ${dir} --from DIR\` (copies and verifies a local copy); ` +
          "--data DIR or MNIST_DIR selects another folder",
      );
    });
  });
  await t.step("the default folder, for Fashion-MNIST", async () => {
    // With no read permission granted for the Debian folder it is not checked, and the
    // message says so; with it, the folder is checked and (when the package is not installed)
    // listed as a place that was looked in.
    const error = await resolveMnistDir({ dataset: "fashion-mnist", env: noEnv }).then(
      () => undefined,
      (e) => e,
    );
    if (!(error instanceof Error)) {
      const source = await resolveMnistDir({ dataset: "fashion-mnist", env: noEnv });
      assert.ok(
        ["data/fashion-mnist", "/usr/share/datasets/fashion-mnist"].includes(source.dir),
        source.dir,
      );
      return;
    }
    assert.strictEqual(error.constructor, MnistNotFoundError);
    assert.match(
      error.message,
      /^Cannot load Fashion-MNIST as its files must be in data\/fashion-mnist( or \/usr\/share\/datasets\/fashion-mnist)?/,
    );
    assert.ok(error.message.includes("`deno task data:mnist --dataset fashion-mnist`"));
    assert.ok(error.message.includes("`deno task data:mnist --dataset fashion-mnist --from DIR`"));
    assert.ok(error.message.includes("dataset-fashion-mnist package"));
    assert.ok(error.message.endsWith("--data DIR or FASHION_MNIST_DIR selects another folder"));
  });
});

Deno.test("resolveMnistDir() takes --data, then the environment variable, then data/<dataset>", async () => {
  await withTempDir(async (dir) => {
    const a = join(dir, "a"), b = join(dir, "b");
    await Deno.mkdir(a);
    await Deno.mkdir(b);
    await writeIdxSet(a, makeData(2), makeData(1));
    await writeIdxSet(b, makeData(3), makeData(1));
    const env = (name: string) => (name === "MNIST_DIR" ? b : undefined);
    assert.strictEqual((await resolveMnistDir({ dir: a, env })).dir, a);
    assert.strictEqual((await resolveMnistDir({ dir: "auto", env })).dir, b);
    assert.strictEqual((await resolveMnistDir({ env })).dir, b);
    assert.strictEqual((await loadMnist({ env })).train.count, 3);
    // MNIST_DIR never stands for Fashion-MNIST: that one has its own variable.
    assert.strictEqual(MNIST_DIR_ENV["fashion-mnist"], "FASHION_MNIST_DIR");
    const fashion = await resolveMnistDir({
      dataset: "fashion-mnist",
      env: (n) => (n === "FASHION_MNIST_DIR" ? a : undefined),
    });
    assert.deepStrictEqual([fashion.dataset, fashion.dir], ["fashion-mnist", a]);
  });
});

Deno.test("resolveMnistDir() with format auto takes IDX when complete, else CSV", async () => {
  await withTempDir(async (dir) => {
    const train = makeData(3), test = makeData(2, 7);
    await Deno.writeFile(join(dir, "mnist_train.csv"), formatMnistCsv(train));
    await Deno.writeFile(join(dir, "mnist_test.csv"), formatMnistCsv(test, { header: true }));
    await Deno.writeFile(join(dir, MNIST_IDX_FILES.trainImages), encodeIdxImages(train));
    const csv = await resolveMnistDir({ dir, env: noEnv });
    assert.deepStrictEqual(csv, {
      dataset: "mnist",
      dir,
      format: "csv",
      files: { train: join(dir, "mnist_train.csv"), test: join(dir, "mnist_test.csv") },
    });
    await writeIdxSet(dir, train, test);
    assert.strictEqual((await resolveMnistDir({ dir, env: noEnv })).format, "idx");
    assert.strictEqual((await resolveMnistDir({ dir, format: "csv", env: noEnv })).format, "csv");
    const fromCsv = await loadMnist({ dir, format: "csv", env: noEnv });
    const fromIdx = await loadMnist({ dir, format: "idx", env: noEnv });
    assert.deepStrictEqual(fromCsv.train, fromIdx.train);
    assert.deepStrictEqual(fromCsv.test, fromIdx.test);
  });
  assert.deepStrictEqual(mnistCsvFiles("fashion-mnist"), {
    train: "fashion-mnist_train.csv",
    test: "fashion-mnist_test.csv",
  });
});

Deno.test("resolveMnistDir() rejects an unknown dataset or format", async () => {
  await rejectsExactly(
    resolveMnistDir({ dataset: "emnist" as "mnist" }),
    RangeError,
    "Cannot find MNIST data as dataset must be one of mnist, fashion-mnist: got emnist",
  );
  await rejectsExactly(
    resolveMnistDir({ format: "npz" as "idx" }),
    RangeError,
    "Cannot find MNIST data as format must be one of idx, csv, auto: got npz",
  );
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
      `Cannot read IDX labels as the file must not be empty: file=${path}`,
    );
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

Deno.test("mnistFlags give experiments --dataset, --data and --format with usage errors", () => {
  const spec = { usage: "deno task exp:04", description: "", flags: { ...mnistFlags } };
  assert.deepStrictEqual(parseCli(spec, []), {
    dataset: "mnist",
    data: "auto",
    format: "auto",
    positionals: [],
  });
  assert.deepStrictEqual(
    parseCli(spec, ["--dataset", "fashion-mnist", "--data", "/tmp/x", "--format", "idx"]),
    { dataset: "fashion-mnist", data: "/tmp/x", format: "idx", positionals: [] },
  );
  throwsExactly(
    () => parseCli(spec, ["--format", "npz"]),
    UsageError,
    '--format must be one of auto, idx, csv: got "npz"',
  );
  throwsExactly(
    () => parseCli(spec, ["--dataset", "emnist"]),
    UsageError,
    '--dataset must be one of mnist, fashion-mnist: got "emnist"',
  );
  throwsExactly(() => parseCli(spec, ["--data", ""]), UsageError, "--data must not be empty");
});

// ---------------------------------------------------------------------------
// Property tests: mutated valid files load correctly or throw our errors, nothing else

type Mutation =
  | { kind: "truncate"; at: number }
  | { kind: "flip"; at: number; mask: number }
  | { kind: "insert"; at: number; junk: Uint8Array }
  | { kind: "set"; at: number; value: number };

const JUNK_TEXT = [",", "\n", "\r", "\r\n", "-", "1.5", "abc", "999", "", " ", "\u00ff", "label"];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("flip" as const),
    at: fc.nat(),
    mask: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    junk: fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 8 }),
      fc.constantFrom(...JUNK_TEXT).map((s) => new TextEncoder().encode(s)),
    ),
  }),
  fc.record({
    kind: fc.constant("set" as const),
    at: fc.nat(),
    value: fc.integer({ min: 0, max: 255 }),
  }),
);

function mutate(bytes: Uint8Array, m: Mutation, headerBias: boolean): Uint8Array {
  // Half the positions fall in the first 24 bytes, where the headers are.
  const at = headerBias && m.at % 2 === 0
    ? (m.at >> 1) % Math.min(24, bytes.length + 1)
    : m.at % (bytes.length + 1);
  switch (m.kind) {
    case "truncate":
      return bytes.slice(0, at);
    case "flip": {
      const b = bytes.slice();
      if (at < b.length) b[at] ^= m.mask;
      return b;
    }
    case "set": {
      const b = bytes.slice();
      if (at < b.length) b[at] = m.value;
      return b;
    }
    case "insert": {
      const b = new Uint8Array(bytes.length + m.junk.length);
      b.set(bytes.subarray(0, at));
      b.set(m.junk, at);
      b.set(bytes.subarray(at), at + m.junk.length);
      return b;
    }
  }
}

function isOurError(error: unknown, prefix: string, file: string): boolean {
  return (error instanceof MnistFormatError || error instanceof MnistValueError) &&
    error.message.startsWith(prefix) && error.message.includes(`file=${file}`) &&
    error.file === file;
}

function checkImages(images: MnistImages): void {
  assert.ok(images.count >= 1);
  assert.deepStrictEqual([images.rows, images.cols], [28, 28]);
  assert.strictEqual(images.pixels.length, images.count * 784);
}

const PROPERTY_RUNS = { numRuns: 250, seed: 20240311 };

Deno.test("property: mutated IDX images (raw and gzip'd) parse to valid images or throw our error", () => {
  const raw = encodeIdxImages(makeData(2));
  const gz = gzipSync(raw);
  fc.assert(
    fc.property(fc.boolean(), fc.array(mutation, { minLength: 1, maxLength: 3 }), (useGz, ms) => {
      let bytes = useGz ? gz : raw;
      for (const m of ms) bytes = mutate(bytes, m, true);
      try {
        checkImages(parseIdxImages(bytes, "m.idx"));
      } catch (error) {
        if (!isOurError(error, "Cannot read IDX images as ", "m.idx")) throw error;
      }
    }),
    PROPERTY_RUNS,
  );
});

Deno.test("property: mutated IDX labels (raw and gzip'd) parse to labels 0..9 or throw our error", () => {
  const raw = encodeIdxLabels(new Uint8Array([0, 9, 4, 4, 1, 7]));
  const gz = gzipSync(raw);
  fc.assert(
    fc.property(fc.boolean(), fc.array(mutation, { minLength: 1, maxLength: 3 }), (useGz, ms) => {
      let bytes = useGz ? gz : raw;
      for (const m of ms) bytes = mutate(bytes, m, true);
      try {
        const labels = parseIdxLabels(bytes, "l.idx");
        assert.ok(labels.length >= 1 && labels.every((v) => v <= 9));
      } catch (error) {
        if (!isOurError(error, "Cannot read IDX labels as ", "l.idx")) throw error;
      }
    }),
    PROPERTY_RUNS,
  );
});

Deno.test("property: mutated CSV parses to valid images and labels or throws our error", () => {
  const data = makeData(3);
  const variants = [
    formatMnistCsv(data),
    formatMnistCsv(data, { header: true }),
    new TextEncoder().encode(
      new TextDecoder().decode(formatMnistCsv(data)).replaceAll("\n", "\r\n"),
    ),
  ];
  fc.assert(
    fc.property(
      fc.constantFrom(0, 1, 2),
      fc.array(mutation, { minLength: 1, maxLength: 3 }),
      (v, ms) => {
        let bytes = variants[v];
        for (const m of ms) bytes = mutate(bytes, m, false);
        try {
          const parsed = parseMnistCsv(bytes, "m.csv");
          checkImages(parsed);
          assert.ok(parsed.labels.length === parsed.count && parsed.labels.every((l) => l <= 9));
        } catch (error) {
          if (!isOurError(error, "Cannot read MNIST CSV as ", "m.csv")) throw error;
        }
      },
    ),
    PROPERTY_RUNS,
  );
});

Deno.test("property: unmutated data always round-trips through IDX, gzip and CSV", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 3 }),
      fc.uint8Array({ minLength: 784 * 3, maxLength: 784 * 3 }),
      fc.uint8Array({ minLength: 3, maxLength: 3 }),
      fc.boolean(),
      (count, pixelPool, labelPool, header) => {
        const pixels = pixelPool.slice(0, count * 784);
        const labels = labelPool.slice(0, count).map((v) => v % 10);
        const data = { count, rows: 28, cols: 28, pixels, labels };
        assert.deepStrictEqual(parseIdxImages(gzipSync(encodeIdxImages(data))).pixels, pixels);
        assert.deepStrictEqual(parseIdxLabels(encodeIdxLabels(labels)), labels);
        const back = parseMnistCsv(formatMnistCsv(data, { header }));
        assert.deepStrictEqual([back.pixels, back.labels], [pixels, labels]);
      },
    ),
    { numRuns: 50, seed: 7 },
  );
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

Deno.test("property: any valid CSV spelling (leading zeros, CRLF or LF, header, last newline) parses to its values", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 3 }),
      fc.uint8Array({ minLength: 784 * 3, maxLength: 784 * 3 }),
      fc.uint8Array({ minLength: 3, maxLength: 3 }),
      fc.uint8Array({ minLength: 785 * 3, maxLength: 785 * 3 }),
      fc.constantFrom("\n", "\r\n"),
      fc.boolean(),
      fc.boolean(),
      (count, pixelPool, labelPool, zeros, newline, header, lastNewline) => {
        const pixels = pixelPool.slice(0, count * 784);
        const labels = labelPool.slice(0, count).map((v) => v % 10);
        // About half the rows are spelled plainly (the fast path), the others with leading zeros.
        const pad = (v: number, k: number) =>
          "0".repeat(zeros[k - (k % 785)] < 128 || zeros[k] % 7 < 5 ? 0 : zeros[k] % 3) + v;
        const lines = Array.from(
          { length: count },
          (_, r) =>
            [
              pad(labels[r], r * 785),
              ...Array.from(
                pixels.subarray(r * 784, (r + 1) * 784),
                (v, i) => pad(v, r * 785 + 1 + i),
              ),
            ].join(","),
        );
        if (header) lines.unshift(["label", ...ZEROS.map((_, i) => `${i}x`)].join(","));
        const text = lines.join(newline) + (lastNewline ? newline : "");
        const parsed = parseMnistCsv(text);
        assert.deepStrictEqual([parsed.count, parsed.pixels, parsed.labels], [
          count,
          pixels,
          labels,
        ]);
      },
    ),
    { numRuns: 100, seed: 5 },
  );
});
