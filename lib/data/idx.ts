/**
 * IDX, the format of the original MNIST files (§3.6.1, the book's `_load_img`
 * and `_load_label`): a big-endian header (magic, count, then 28, 28 for
 * images) and one byte per pixel or label. Parsers check every header field
 * and the exact size; `idx_write.ts` writes the inverse. Input may be gzip'd
 * (recognised by `1f 8b`); offsets in messages about a gzip'd file count
 * decompressed bytes.
 *
 * @module
 */

import { decode, type Decoded } from "./_gzip.ts";
import { MnistFormatError, MnistValueError } from "./errors.ts";
import { mnistDatasetName } from "./datasets.ts";
import {
  IDX_IMAGES_HEADER,
  IDX_IMAGES_MAGIC,
  IDX_LABELS_HEADER,
  IDX_LABELS_MAGIC,
} from "./_idx_header.ts";
import {
  MNIST_CLASSES,
  MNIST_COLS,
  MNIST_PIXELS,
  MNIST_ROWS,
  type MnistImages,
  type MnistParseOptions,
} from "./types.ts";

/**
 * Whether bytes start with the magic number of an IDX images or labels file (`00 00 08 03`,
 * `00 00 08 01`), i.e. look like an uncompressed IDX file.
 *
 * @param bytes A file's first bytes or all of them.
 * @returns True for either magic.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { hasIdxMagic } from "./idx.ts";
 * import { encodeIdxLabels } from "./idx_write.ts";
 * assert.strictEqual(hasIdxMagic(encodeIdxLabels(new Uint8Array([1]))), true);
 * assert.strictEqual(hasIdxMagic(new TextEncoder().encode("<html>")), false);
 * ```
 */
export function hasIdxMagic(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const magic = u32(bytes, 0);
  return magic === IDX_IMAGES_MAGIC || magic === IDX_LABELS_MAGIC;
}

/** How messages name the file's contents: "IDX images", or "Fashion-MNIST IDX images". */
function idxWhat(kind: string, options: MnistParseOptions): string {
  return options.dataset === undefined ? kind : `${mnistDatasetName(options.dataset)} ${kind}`;
}

function at(file: string, offset: number, gz: boolean): string {
  return `file=${file}, offset=${offset}${gz ? " (decompressed)" : ""}`;
}

function u32(b: Uint8Array, offset: number): number {
  return (b[offset] << 24 | b[offset + 1] << 16 | b[offset + 2] << 8 | b[offset + 3]) >>> 0;
}

function hex8(value: number): string {
  return "0x" + value.toString(16).padStart(8, "0");
}

function readIdxHeader(
  d: Decoded,
  file: string,
  what: string,
  magic: number,
  headerBytes: number,
): number {
  const b = d.bytes;
  const shortHeader = () => {
    const where = at(file, b.length, d.gz);
    return new MnistFormatError(
      `Cannot read ${what} as the header must hold ${headerBytes} bytes: ${where}, got ${b.length} bytes`,
      file,
    );
  };
  if (b.length < 4) throw shortHeader();
  const got = u32(b, 0);
  if (got !== magic) {
    const hint = got === IDX_IMAGES_MAGIC
      ? " (an IDX images file)"
      : got === IDX_LABELS_MAGIC
      ? " (an IDX labels file)"
      : "";
    const where = at(file, 0, d.gz);
    const rule = `the magic number must be ${hex8(magic)}`;
    throw new MnistFormatError(
      `Cannot read ${what} as ${rule}: ${where}, got ${hex8(got)}${hint}`,
      file,
    );
  }
  if (b.length < headerBytes) throw shortHeader();
  const count = u32(b, 4);
  if (count === 0) {
    throw new MnistFormatError(
      `Cannot read ${what} as the count must be at least 1: ${at(file, 4, d.gz)}, got 0`,
      file,
    );
  }
  return count;
}

function checkIdxSize(
  d: Decoded,
  file: string,
  what: string,
  rule: string,
  count: number,
  expected: number,
) {
  const got = d.bytes.length;
  if (got === expected) return;
  const where = at(file, Math.min(got, expected), d.gz);
  const why = got < expected ? "truncated" : "trailing bytes";
  throw new MnistFormatError(
    `Cannot read ${what} as the file must hold ${rule} bytes: ${where}, ` +
      `count=${count}, expected ${expected} bytes, got ${got} (${why})`,
    file,
  );
}

/** An IDX file decompressed (when gzip'd) with its header read: what it is named in messages, its bytes, its count. */
function openIdx(
  bytes: Uint8Array,
  file: string,
  options: MnistParseOptions,
  kind: "images" | "labels",
) {
  const what = idxWhat(`IDX ${kind}`, options);
  const d = decode(bytes, what, file, hasIdxMagic);
  const [magic, header] = kind === "images"
    ? [IDX_IMAGES_MAGIC, IDX_IMAGES_HEADER]
    : [IDX_LABELS_MAGIC, IDX_LABELS_HEADER];
  return { what, d, count: readIdxHeader(d, file, what, magic, header) };
}

/**
 * Reads an IDX images file (`train-images-idx3-ubyte`, raw or gzip'd): magic
 * `0x00000803`, count, 28, 28 as big-endian uint32, then the pixels. The
 * book's `_load_img` (§3.6.1), with every header field checked.
 *
 * @param bytes The file's bytes, raw or gzip-compressed (recognised by `1f 8b`).
 * @param file The file's name or path, for error messages.
 * @param options `dataset`: the data set the file holds, named in messages.
 * @returns `count` 28 × 28 images; the pixels are a fresh copy.
 * @throws {MnistFormatError} For an empty file, corrupt gzip, wrong magic, a count of 0, images
 * that are not 28 × 28, or a size other than `16 + count*784` bytes.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseIdxImages } from "./idx.ts";
 * import { encodeIdxImages } from "./idx_write.ts";
 * const pixels = new Uint8Array(2 * 784);
 * pixels[784 + 27] = 255; // image 1, row 0, column 27
 * const bytes = encodeIdxImages({ count: 2, rows: 28, cols: 28, pixels });
 * const images = parseIdxImages(bytes, "two.idx");
 * assert.deepStrictEqual([images.count, images.rows, images.cols], [2, 28, 28]);
 * assert.strictEqual(images.pixels[784 + 27], 255);
 * assert.throws(() => parseIdxImages(bytes.subarray(0, 100), "two.idx"), {
 *   name: "MnistFormatError",
 *   message: "Cannot read IDX images as the file must hold 16 + count*784 bytes: " +
 *     "file=two.idx, offset=100, count=2, expected 1584 bytes, got 100 (truncated)",
 * });
 * ```
 */
export function parseIdxImages(
  bytes: Uint8Array,
  file = "<bytes>",
  options: MnistParseOptions = {},
): MnistImages {
  const { what, d, count } = openIdx(bytes, file, options, "images");
  const rows = u32(d.bytes, 8), cols = u32(d.bytes, 12);
  if (rows !== MNIST_ROWS || cols !== MNIST_COLS) {
    const where = at(file, 8, d.gz);
    throw new MnistFormatError(
      `Cannot read ${what} as every image must be ${MNIST_ROWS}x${MNIST_COLS}: ${where}, got ${rows}x${cols}`,
      file,
    );
  }
  checkIdxSize(
    d,
    file,
    what,
    `${IDX_IMAGES_HEADER} + count*${MNIST_PIXELS}`,
    count,
    IDX_IMAGES_HEADER + count * MNIST_PIXELS,
  );
  return { count, rows, cols, pixels: d.bytes.slice(IDX_IMAGES_HEADER) };
}

/**
 * Reads an IDX labels file (`train-labels-idx1-ubyte`, raw or gzip'd): magic
 * `0x00000801`, count, then one byte 0–9 per label. The book's `_load_label`
 * (§3.6.1, `dataset/mnist.py`).
 *
 * @param bytes The file's bytes, raw or gzip-compressed.
 * @param file The file's name or path, for error messages.
 * @param options `dataset`: the data set the file holds, named in messages.
 * @returns `count` labels 0–9 (a fresh copy).
 * @throws {MnistFormatError} For an empty file, corrupt gzip, wrong magic, a count of 0, or a
 * size other than `8 + count` bytes.
 * @throws {MnistValueError} For a label outside 0–9.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseIdxLabels } from "./idx.ts";
 * import { encodeIdxLabels } from "./idx_write.ts";
 * const bytes = encodeIdxLabels(new Uint8Array([5, 0, 4]));
 * assert.deepStrictEqual(parseIdxLabels(bytes, "l.idx"), new Uint8Array([5, 0, 4]));
 * bytes[10] = 10;
 * assert.throws(() => parseIdxLabels(bytes, "l.idx"), {
 *   name: "MnistValueError",
 *   message: "Cannot read IDX labels as every label must be in 0..9: file=l.idx, offset=10, got 10",
 * });
 * ```
 */
export function parseIdxLabels(
  bytes: Uint8Array,
  file = "<bytes>",
  options: MnistParseOptions = {},
): Uint8Array {
  const { what, d, count } = openIdx(bytes, file, options, "labels");
  checkIdxSize(d, file, what, `${IDX_LABELS_HEADER} + count`, count, IDX_LABELS_HEADER + count);
  const b = d.bytes;
  for (let i = IDX_LABELS_HEADER; i < b.length; i++) {
    if (b[i] >= MNIST_CLASSES) {
      throw new MnistValueError(
        `Cannot read ${what} as every label must be in 0..9: ${at(file, i, d.gz)}, got ${b[i]}`,
        file,
      );
    }
  }
  return b.slice(IDX_LABELS_HEADER);
}
