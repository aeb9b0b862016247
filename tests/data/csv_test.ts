// Tests of lib/data/csv.ts and csv_write.ts: the NumPy-written CSVs of tests/fixtures/mnist/tiny, round trips, every
// bad row with its exact error, and property tests over mutated files and valid spellings.

import assert from "node:assert";
import { throwsExactly } from "../_assert.ts";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import {
  encodeIdxImages,
  encodeIdxLabels,
  formatMnistCsv,
  type MnistLabeledImages,
  MnistValueError,
  parseIdxImages,
  parseIdxLabels,
  parseMnistCsv,
} from "../../lib/data/mod.ts";
import { csvRow, makeData, refusalsOf, TINY, TINY_DIR, ZEROS } from "./_fixtures.ts";
import { checkImages, mutationProperty, PROPERTY_RUNS } from "./_mutate.ts";

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

Deno.test("parseMnistCsv() rejects bad rows with the file, line, column and expectation", async (t) => {
  const f = "data/mnist/mnist_train.csv";
  const refuses = refusalsOf(parseMnistCsv, "MNIST CSV", f);
  const refusesGz = refusalsOf(parseMnistCsv, "MNIST CSV", f + ".gz");
  const good = csvRow(5, ZEROS);
  const withPixel = (column: number, text: string) =>
    csvRow(5, ZEROS.map((v, i) => (i === column - 2 ? text : v)));
  const csv = (...lines: string[]) => lines.join("\n") + "\n";
  await t.step("empty file", () => {
    refuses("", `the file must not be empty: file=${f}`);
  });
  await t.step("no data rows", () => {
    refuses("\n\n", `the file must hold at least one row: file=${f}`);
    const header = ["label", ...ZEROS.map((_, i) => `pixel${i + 1}`)].join(",");
    refuses(header + "\r\n", `the file must hold at least one row: file=${f}`);
  });
  await t.step("header with the wrong number of columns", () => {
    refuses(
      csv("label,x,y", good),
      `the header line must have 785 columns (label + 784 pixels): file=${f}, line 1, got 3`,
    );
  });
  await t.step("row with too few columns (LF and CRLF)", () => {
    const short = csvRow(5, ZEROS.slice(1));
    refuses(
      csv(good, short),
      `every row must have 785 columns (label + 784 pixels): file=${f}, line 2, got 784`,
    );
    refuses(
      good + "\r\n" + short + "\r\n",
      `every row must have 785 columns (label + 784 pixels): file=${f}, line 2, got 784`,
    );
    refuses(
      csv(good, good, short),
      `every row must have 785 columns (label + 784 pixels): file=${f}, line 3, got 784`,
    );
    refuses("7", `every row must have 785 columns (label + 784 pixels): file=${f}, line 1, got 1`);
  });
  await t.step("row with too many columns", () => {
    refuses(
      csv(good, good + ",0,0"),
      `every row must have 785 columns (label + 784 pixels): file=${f}, line 2, got 787`,
    );
  });
  await t.step("empty line between rows", () => {
    refuses(
      csv(good, "", good),
      `every row must have 785 columns (label + 784 pixels): file=${f}, line 2, got an empty line`,
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
      refuses(
        csv(good, withPixel(7, text)),
        `every pixel must be an unsigned decimal integer: file=${f}, line 2, column 7, got ${shown}`,
      );
    }
    refuses(
      csv(good, csvRow(5, ZEROS.map((v, i) => (i === 783 ? "0x" : v)))),
      `every pixel must be an unsigned decimal integer: file=${f}, line 2, column 785, got "0x"`,
    );
    refuses(
      good + "\r" + good,
      `every pixel must be an unsigned decimal integer: file=${f}, line 1, column 785, got "0\\r5"`,
    );
    refuses(
      csv(withPixel(3, "9".repeat(30) + "x")),
      `every pixel must be an unsigned decimal integer: file=${f}, line 1, column 3, got "${
        "9".repeat(24)
      }..."`,
    );
  });
  await t.step("pixels out of range", () => {
    for (const text of ["256", "-1", "1000000"]) {
      refuses(
        csv(withPixel(2, text)),
        `every pixel must be in 0..255: file=${f}, line 1, column 2, got ${text}`,
        MnistValueError,
      );
    }
  });
  await t.step("labels: out of range and non-integer", () => {
    refuses(
      csv(good, csvRow(10, ZEROS)),
      `every label must be in 0..9: file=${f}, line 2, column 1, got 10`,
      MnistValueError,
    );
    refuses(
      csv(csvRow("seven", ZEROS)),
      `every label must be an unsigned decimal integer: file=${f}, line 1, column 1, got "seven"`,
    );
  });
  await t.step("corrupt gzip", () => {
    const gz = gzipSync(new TextEncoder().encode(csv(good)));
    refusesGz(
      gz.subarray(0, 20),
      `a gzip file must be complete: file=${f}.gz, got 20 bytes that end mid-stream (truncated; get the file again)`,
    );
  });
  await t.step("an IDX file given as CSV", () => {
    refuses(
      encodeIdxLabels(new Uint8Array([1])),
      `every label must be an unsigned decimal integer: file=${f}, line 1, column 1, got "\\u0000\\u0000\\b\\u0001\\u0000\\u0000\\u0000\\u0001\\u0001"`,
    );
  });
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
    mutationProperty(variants, { what: "MNIST CSV", file: "m.csv", headerBias: false }, (b, f) => {
      const parsed = parseMnistCsv(b, f);
      checkImages(parsed);
      assert.ok(parsed.labels.length === parsed.count && parsed.labels.every((l) => l <= 9));
    }),
    PROPERTY_RUNS,
  );
});

/** One to three 28x28 images with any pixels and labels 0..9. */
const labeledImages: fc.Arbitrary<MnistLabeledImages> = fc.tuple(
  fc.integer({ min: 1, max: 3 }),
  fc.uint8Array({ minLength: 784 * 3, maxLength: 784 * 3 }),
  fc.uint8Array({ minLength: 3, maxLength: 3 }),
).map(([count, pixelPool, labelPool]) => ({
  count,
  rows: 28,
  cols: 28,
  pixels: pixelPool.slice(0, count * 784),
  labels: labelPool.slice(0, count).map((v) => v % 10),
}));

Deno.test("property: unmutated data always round-trips through IDX, gzip and CSV", () => {
  fc.assert(
    fc.property(
      labeledImages,
      fc.boolean(),
      (data, header) => {
        const { pixels, labels } = data;
        assert.deepStrictEqual(parseIdxImages(gzipSync(encodeIdxImages(data))).pixels, pixels);
        assert.deepStrictEqual(parseIdxLabels(encodeIdxLabels(labels)), labels);
        const back = parseMnistCsv(formatMnistCsv(data, { header }));
        assert.deepStrictEqual([back.pixels, back.labels], [pixels, labels]);
      },
    ),
    { numRuns: 50, seed: 7 },
  );
});

Deno.test("property: any valid CSV spelling (leading zeros, CRLF or LF, header, last newline) parses to its values", () => {
  fc.assert(
    fc.property(
      labeledImages,
      fc.uint8Array({ minLength: 785 * 3, maxLength: 785 * 3 }),
      fc.constantFrom("\n", "\r\n"),
      fc.boolean(),
      fc.boolean(),
      ({ count, pixels, labels }, zeros, newline, header, lastNewline) => {
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
