// Tests of lib/data/idx.ts and idx_write.ts: the NumPy-written IDX files of tests/fixtures/mnist/tiny, round trips,
// every bad-input case with its exact error, and property tests that mutate valid small files.

import assert from "node:assert";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import {
  encodeIdxImages,
  encodeIdxLabels,
  MnistValueError,
  parseIdxImages,
  parseIdxLabels,
} from "../../lib/data/mod.ts";
import { makeData, refusalsOf, TINY, TINY_DIR } from "./_fixtures.ts";
import { checkImages, mutationProperty, PROPERTY_RUNS } from "./_mutate.ts";

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

Deno.test("encodeIdxImages() / encodeIdxLabels() round-trip through the parsers, raw and gzip'd", () => {
  const data = makeData(4);
  const images = encodeIdxImages(data);
  const labels = encodeIdxLabels(data.labels);
  assert.deepStrictEqual(parseIdxImages(images).pixels, data.pixels);
  assert.deepStrictEqual(parseIdxImages(gzipSync(images)).pixels, data.pixels);
  assert.deepStrictEqual(parseIdxLabels(labels), data.labels);
  assert.deepStrictEqual(parseIdxLabels(gzipSync(labels)), data.labels);
});

Deno.test("parseIdxImages() rejects bad files with the file, offset and expectation", async (t) => {
  const good = encodeIdxImages(makeData(2));
  const f = "data/mnist/train-images-idx3-ubyte";
  const refuses = refusalsOf(parseIdxImages, "IDX images", f);
  const refusesGz = refusalsOf(parseIdxImages, "IDX images", f + ".gz");
  const withU32 = (offset: number, value: number) => {
    const b = good.slice();
    new DataView(b.buffer).setUint32(offset, value);
    return b;
  };
  await t.step("empty file", () => {
    refuses(new Uint8Array(0), `the file must not be empty: file=${f}`);
  });
  await t.step("wrong magic: a labels file", () => {
    refuses(
      encodeIdxLabels(new Uint8Array([1])),
      `the magic number must be 0x00000803: file=${f}, offset=0, got 0x00000801 (an IDX labels file)`,
    );
  });
  await t.step("wrong magic: text", () => {
    refuses(
      new TextEncoder().encode("5,0,0,0\n"),
      `the magic number must be 0x00000803: file=${f}, offset=0, got 0x352c302c`,
    );
  });
  await t.step("header shorter than 16 bytes", () => {
    refuses(good.subarray(0, 3), `the header must hold 16 bytes: file=${f}, offset=3, got 3 bytes`);
    refuses(
      good.subarray(0, 12),
      `the header must hold 16 bytes: file=${f}, offset=12, got 12 bytes`,
    );
  });
  await t.step("count of zero", () => {
    refuses(withU32(4, 0), `the count must be at least 1: file=${f}, offset=4, got 0`);
  });
  await t.step("wrong dimensions", () => {
    refuses(withU32(12, 27), `every image must be 28x28: file=${f}, offset=8, got 28x27`);
  });
  await t.step("truncated file", () => {
    refuses(
      good.subarray(0, 1000),
      `the file must hold 16 + count*784 bytes: file=${f}, offset=1000, ` +
        `count=2, expected 1584 bytes, got 1000 (truncated)`,
    );
  });
  await t.step("count larger than the data", () => {
    refuses(
      withU32(4, 60000),
      `the file must hold 16 + count*784 bytes: file=${f}, offset=1584, ` +
        `count=60000, expected 47040016 bytes, got 1584 (truncated)`,
    );
  });
  await t.step("trailing bytes", () => {
    const long = new Uint8Array(good.length + 5);
    long.set(good);
    refuses(
      long,
      `the file must hold 16 + count*784 bytes: file=${f}, offset=1584, ` +
        `count=2, expected 1584 bytes, got 1589 (trailing bytes)`,
    );
  });
  await t.step("offsets of a gzip'd file count decompressed bytes", () => {
    refusesGz(
      gzipSync(good.subarray(0, 1000)),
      `the file must hold 16 + count*784 bytes: file=${f}.gz, offset=1000 (decompressed), ` +
        `count=2, expected 1584 bytes, got 1000 (truncated)`,
    );
  });
  await t.step("corrupt gzip: truncated stream", () => {
    const gz = gzipSync(good);
    refusesGz(
      gz.subarray(0, gz.length - 10),
      `a gzip file must be complete: file=${f}.gz, got ${gz.length - 10} bytes that end ` +
        `mid-stream (truncated; get the file again)`,
    );
  });
  await t.step("corrupt gzip: wrong CRC", () => {
    const gz = gzipSync(good);
    gz[gz.length - 6] ^= 1;
    refusesGz(
      gz,
      `a gzip file's contents must match its CRC-32 and length: file=${f}.gz, they do not ` +
        "(corrupt, zlib: incorrect data check; get the file again)",
    );
  });
  await t.step("corrupt gzip: bad header flags", () => {
    const gz = gzipSync(good);
    gz[3] = 0xff;
    refusesGz(
      gz,
      `a gzip file must hold valid compressed data: file=${f}.gz, zlib: unknown header flags ` +
        "set (corrupt; get the file again)",
    );
  });
  await t.step("a file named .gz that is neither gzip nor IDX", () => {
    const notGzip = "a file named .gz must start with the gzip magic bytes 1f 8b: " +
      `file=${f}.gz, got`;
    refusesGz(
      new TextEncoder().encode("<!DOCTYPE html><title>404</title>"),
      `${notGzip} 3c 21 44 4f 43 54 59 50 ("<!DOCTYP") (not a gzip file; it looks like an ` +
        "HTML page, not data: get the file again)",
    );
    refusesGz(new Uint8Array([0x1f, 0x9d, 0x90]), `${notGzip} 1f 9d 90 (not a gzip file)`);
    // Gzip'd bytes under any name are read, and so is an IDX file saved decompressed as .gz.
    assert.strictEqual(parseIdxImages(gzipSync(good), f).count, 2);
    assert.strictEqual(parseIdxImages(good, f + ".gz").count, 2);
  });
  await t.step("not bytes at all", () => {
    refuses(
      "abc" as unknown as Uint8Array,
      `the input must be a Uint8Array: file=${f}, got string`,
      TypeError,
    );
  });
});

Deno.test("parseIdxLabels() rejects bad files with the file, offset and expectation", async (t) => {
  const good = encodeIdxLabels(new Uint8Array([1, 2, 3, 4]));
  const f = "t10k-labels-idx1-ubyte";
  const refuses = refusalsOf(parseIdxLabels, "IDX labels", f);
  const refusesGz = refusalsOf(parseIdxLabels, "IDX labels", f + ".gz");
  await t.step("empty file", () => {
    refuses(new Uint8Array(0), `the file must not be empty: file=${f}`);
  });
  await t.step("wrong magic: an images file", () => {
    refuses(
      encodeIdxImages(makeData(1)),
      `the magic number must be 0x00000801: file=${f}, offset=0, got 0x00000803 (an IDX images file)`,
    );
  });
  await t.step("truncated header and data", () => {
    refuses(good.subarray(0, 6), `the header must hold 8 bytes: file=${f}, offset=6, got 6 bytes`);
    refuses(
      good.subarray(0, 10),
      `the file must hold 8 + count bytes: file=${f}, offset=10, count=4, ` +
        `expected 12 bytes, got 10 (truncated)`,
    );
  });
  await t.step("label outside 0..9", () => {
    const bad = good.slice();
    bad[11] = 200;
    refuses(bad, `every label must be in 0..9: file=${f}, offset=11, got 200`, MnistValueError);
    refusesGz(
      gzipSync(bad),
      `every label must be in 0..9: file=${f}.gz, offset=11 (decompressed), got 200`,
      MnistValueError,
    );
  });
  await t.step("corrupt gzip: not a complete stream", () => {
    refusesGz(
      new Uint8Array([0x1f, 0x8b]),
      `a gzip file must be complete: file=${f}.gz, got 2 bytes that end mid-stream (truncated; get the file again)`,
    );
  });
  await t.step("gzip of nothing", () => {
    refusesGz(gzipSync(new Uint8Array(0)), `the decompressed data must not be empty: file=${f}.gz`);
  });
});

Deno.test("property: mutated IDX images (raw and gzip'd) parse to valid images or throw our error", () => {
  const raw = encodeIdxImages(makeData(2));
  const gz = gzipSync(raw);
  fc.assert(
    mutationProperty([raw, gz], { what: "IDX images", file: "m.idx", headerBias: true }, (b, f) => {
      checkImages(parseIdxImages(b, f));
    }),
    PROPERTY_RUNS,
  );
});

Deno.test("property: mutated IDX labels (raw and gzip'd) parse to labels 0..9 or throw our error", () => {
  const raw = encodeIdxLabels(new Uint8Array([0, 9, 4, 4, 1, 7]));
  const gz = gzipSync(raw);
  fc.assert(
    mutationProperty([raw, gz], { what: "IDX labels", file: "l.idx", headerBias: true }, (b, f) => {
      const labels = parseIdxLabels(b, f);
      assert.ok(labels.length >= 1 && labels.every((v) => v <= 9));
    }),
    PROPERTY_RUNS,
  );
});
