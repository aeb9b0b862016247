/**
 * Writing MNIST as CSV (§3.6.1): the inverse of `csv.ts`'s parser, for
 * `deno task data:csv` and for tests that need CSV fixtures.
 *
 * @module
 */

import { checkImages } from "./_checks.ts";
import type { MnistLabeledImages } from "./types.ts";

const LF = 10, COMMA = 44;

/** ASCII bytes of 0..255, for the CSV writer. */
const DECIMAL = Array.from({ length: 256 }, (_, k) => new TextEncoder().encode(String(k)));

/**
 * Formats images and labels as MNIST CSV (§3.6.1; the layout {@linkcode parseMnistCsv}
 * reads): one row per image, label then pixels, LF line ends, optionally the
 * header line `label,pixel1,...,pixel784`. Writes bytes directly, sized exactly.
 *
 * @param data Images and their labels.
 * @param options `header`: write the header line (default false, like the
 * common `mnist_train.csv`).
 * @returns The CSV file's bytes.
 * @throws {TypeError} When the pixel or label arrays do not match `count`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseMnistCsv } from "./csv.ts";
 * import { formatMnistCsv } from "./csv_write.ts";
 * const pixels = new Uint8Array(784).fill(3);
 * const data = { count: 1, rows: 28, cols: 28, pixels, labels: new Uint8Array([9]) };
 * const text = new TextDecoder().decode(formatMnistCsv(data));
 * assert.ok(text.startsWith("9,3,3,") && text.endsWith(",3\n"));
 * assert.deepStrictEqual(parseMnistCsv(text).pixels, pixels);
 * ```
 */
export function formatMnistCsv(
  data: MnistLabeledImages,
  options: { header?: boolean } = {},
): Uint8Array {
  checkImages("format MNIST CSV", data);
  const { count, pixels, labels } = data;
  const size = data.rows * data.cols;
  if (!(labels instanceof Uint8Array) || labels.length !== count) {
    throw new TypeError(
      `Cannot format MNIST CSV as labels must be a Uint8Array of count bytes: count=${count}, ` +
        `labels.length=${labels?.length}`,
    );
  }
  const header = options.header
    ? new TextEncoder().encode(
      ["label", ...Array.from({ length: size }, (_, i) => `pixel${i + 1}`)].join(",") + "\n",
    )
    : new Uint8Array(0);
  let length = header.length + count; // the newlines
  for (let i = 0; i < count; i++) length += DECIMAL[labels[i]].length;
  for (let i = 0; i < pixels.length; i++) length += 1 + DECIMAL[pixels[i]].length;
  const out = new Uint8Array(length);
  out.set(header);
  let pos = header.length;
  for (let i = 0; i < count; i++) {
    const label = DECIMAL[labels[i]];
    for (let k = 0; k < label.length; k++) out[pos++] = label[k];
    for (let p = i * size, end = p + size; p < end; p++) {
      out[pos++] = COMMA;
      const digits = DECIMAL[pixels[p]];
      for (let k = 0; k < digits.length; k++) out[pos++] = digits[k];
    }
    out[pos++] = LF;
  }
  return out;
}
