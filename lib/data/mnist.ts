/**
 * MNIST and Fashion-MNIST as typed arrays: the counterpart of the book's
 * `dataset/mnist.py` and its `load_mnist(normalize, flatten, one_hot_label)`
 * (§3.6.1 "MNIST dataset").
 *
 * - Formats: IDX (the four `*-idx?-ubyte` files, raw or gzip-compressed; gzip
 *   is recognised by its magic bytes `1f 8b`, whatever the file is called) and
 *   CSV (`mnist_train.csv` / `mnist_test.csv`: a label, then 784 pixels 0–255
 *   per row; an optional header line starting with `label`; LF or CRLF).
 * - Pixels stay `Uint8Array`. Normalized pixels equal NumPy's
 *   `x.astype(np.float32) / 255.0` (the book's arithmetic, in float32) bit for
 *   bit, held in a `Float64Array` {@linkcode Matrix} of `count × 784`.
 *   Images are always flat rows (the book's `flatten=True`); `rows` and `cols`
 *   (28 × 28) say how to fold them back.
 * - Bad input throws {@linkcode MnistFormatError} (a `TypeError`: wrong magic,
 *   dimensions, size, column count, non-integer text, corrupt gzip, empty file)
 *   or {@linkcode MnistValueError} (a `RangeError`: label outside 0–9, pixel
 *   outside 0–255, checksum mismatch), naming the file and the offset or line.
 *   A missing file throws {@linkcode MnistNotFoundError} with the ways to get
 *   it. Nothing partial is ever returned.
 *
 * Offsets in messages about a `.gz` file count bytes of the decompressed data.
 *
 * @module
 */

import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { choiceFlag, type Flag, stringFlag } from "../cli/cli.ts";
import type { Matrix } from "../core/matrix.ts";

/** Image height in pixels. */
export const MNIST_ROWS = 28;
/** Image width in pixels. */
export const MNIST_COLS = 28;
/** Pixels per image, the book's input size 784. */
export const MNIST_PIXELS = MNIST_ROWS * MNIST_COLS;
/** Number of classes (digits 0–9, or the ten Fashion-MNIST article types). */
export const MNIST_CLASSES = 10;

/** The data sets {@linkcode loadMnist} reads: same file layout, different images. */
export const MNIST_DATASETS = ["mnist", "fashion-mnist"] as const;
/** `"mnist"` (handwritten digits) or `"fashion-mnist"` (Zalando's article images). */
export type MnistDataset = typeof MNIST_DATASETS[number];
/** A file format {@linkcode loadMnist} reads. */
export type MnistFormat = "idx" | "csv";

/** The four IDX file names (without `.gz`) of the book's `key_file` (§3.6.1), the same for both data sets. */
export const MNIST_IDX_FILES = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
} as const;

/** Where Debian's `dataset-fashion-mnist` package installs the Fashion-MNIST IDX files. */
export const DEBIAN_FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

/** The environment variable that overrides each data set's folder. */
export const MNIST_DIR_ENV: Readonly<Record<MnistDataset, string>> = {
  "mnist": "MNIST_DIR",
  "fashion-mnist": "FASHION_MNIST_DIR",
};

const DISPLAY_NAME: Readonly<Record<MnistDataset, string>> = {
  "mnist": "MNIST",
  "fashion-mnist": "Fashion-MNIST",
};

const IDX_IMAGES_MAGIC = 0x00000803; // unsigned bytes, 3 dimensions
const IDX_LABELS_MAGIC = 0x00000801; // unsigned bytes, 1 dimension
const IDX_IMAGES_HEADER = 16; // magic, count, rows, cols: four big-endian uint32
const IDX_LABELS_HEADER = 8; // magic, count
const CSV_COLUMNS = 1 + MNIST_PIXELS;
const LF = 10, CR = 13, COMMA = 44, DIGIT_0 = 48, DIGIT_9 = 57;

/**
 * The CSV file names of a data set (§3.6.1): `mnist_train.csv` / `mnist_test.csv`
 * (the common MNIST layout) and `fashion-mnist_train.csv` /
 * `fashion-mnist_test.csv` (the Kaggle Fashion-MNIST layout).
 *
 * @param dataset The data set.
 * @returns The training and test CSV file names.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { mnistCsvFiles } from "./mnist.ts";
 * assert.deepStrictEqual(mnistCsvFiles("mnist"), { train: "mnist_train.csv", test: "mnist_test.csv" });
 * ```
 */
export function mnistCsvFiles(dataset: MnistDataset): { train: string; test: string } {
  checkDataset(dataset);
  return { train: `${dataset}_train.csv`, test: `${dataset}_test.csv` };
}

/**
 * A malformed data file: wrong magic, dimensions, size or column count, non-integer text,
 * corrupt gzip, empty file. A `TypeError`. (§3.6.1: what the book's `load_mnist` would
 * misread or crash on.)
 */
export class MnistFormatError extends TypeError {
  /** The file (path or name) the error is about. */
  readonly file: string;
  /**
   * @param message What is wrong, where, and what was expected.
   * @param file The file.
   */
  constructor(message: string, file: string) {
    super(message);
    this.name = "MnistFormatError";
    this.file = file;
  }
}

/**
 * A well-formed data file with a bad value: label outside 0–9, pixel outside 0–255, checksum
 * mismatch. A `RangeError` (§3.6.1).
 */
export class MnistValueError extends RangeError {
  /** The file (path or name) the error is about. */
  readonly file: string;
  /**
   * @param message What is wrong, where, and what was expected.
   * @param file The file.
   */
  constructor(message: string, file: string) {
    super(message);
    this.name = "MnistValueError";
    this.file = file;
  }
}

/**
 * A data file that is not there; the message says how to get it (the book's `load_mnist`
 * downloads instead, §3.6.1). A `Deno.errors.NotFound`.
 */
export class MnistNotFoundError extends Deno.errors.NotFound {
  /** The missing file. */
  readonly file: string;
  /**
   * @param message Which file is missing and how to provide it.
   * @param file The missing file.
   */
  constructor(message: string, file: string) {
    super(message);
    this.name = "MnistNotFoundError";
    this.file = file;
  }
}

/** Images as bytes (§3.6.1): `count` images of `rows × cols` pixels, row-major, one after another. */
export interface MnistImages {
  /** Number of images. */
  readonly count: number;
  /** Image height (28). */
  readonly rows: number;
  /** Image width (28). */
  readonly cols: number;
  /** `count * rows * cols` pixels 0–255; pixel (r, c) of image i is at `i*rows*cols + r*cols + c`. */
  readonly pixels: Uint8Array;
}

/** Images with one label 0–9 each. */
export interface MnistLabeledImages extends MnistImages {
  /** `count` labels 0–9. */
  readonly labels: Uint8Array;
}

// ---------------------------------------------------------------------------
// Bytes: gzip and IDX

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Most a deflate stream expands (about 1032:1), to cap the output buffer hint. */
const DEFLATE_MAX_RATIO = 1100;

function gunzip(bytes: Uint8Array, what: string, file: string): Uint8Array {
  // The gzip trailer's ISIZE (length mod 2^32) sizes the output buffer in one go, which makes
  // gunzipSync about 1.5x faster on the 47 MB training images; a corrupt trailer only costs speed.
  const n = bytes.length;
  const isize = n >= 4
    ? (bytes[n - 4] | bytes[n - 3] << 8 | bytes[n - 2] << 16 | bytes[n - 1] << 24) >>> 0
    : 0;
  const chunkSize = Math.max(1024, Math.min(isize + 1, DEFLATE_MAX_RATIO * n + 1024, 1 << 27));
  let out: Uint8Array;
  try {
    out = gunzipSync(bytes, { chunkSize });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MnistFormatError(
      `Cannot read ${what} as the gzip stream must be valid: file=${file}, zlib: ${reason}`,
      file,
    );
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

interface Decoded {
  readonly bytes: Uint8Array;
  readonly gz: boolean;
}

function decode(input: Uint8Array, what: string, file: string): Decoded {
  if (!(input instanceof Uint8Array)) {
    throw new TypeError(
      `Cannot read ${what} as the input must be a Uint8Array: file=${file}, got ${typeof input}`,
    );
  }
  if (input.length === 0) {
    throw new MnistFormatError(
      `Cannot read ${what} as the file must not be empty: file=${file}`,
      file,
    );
  }
  if (!isGzip(input)) return { bytes: input, gz: false };
  const bytes = gunzip(input, what, file);
  if (bytes.length === 0) {
    throw new MnistFormatError(
      `Cannot read ${what} as the decompressed data must not be empty: file=${file}`,
      file,
    );
  }
  return { bytes, gz: true };
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

/**
 * Reads an IDX images file (`train-images-idx3-ubyte`, raw or gzip'd): magic
 * `0x00000803`, count, 28, 28 as big-endian uint32, then the pixels. The
 * book's `_load_img` (§3.6.1), with every header field checked.
 *
 * @param bytes The file's bytes, raw or gzip-compressed (recognised by `1f 8b`).
 * @param file The file's name or path, for error messages.
 * @returns `count` 28 × 28 images; the pixels are a fresh copy.
 * @throws {MnistFormatError} For an empty file, corrupt gzip, wrong magic, a count of 0, images
 * that are not 28 × 28, or a size other than `16 + count*784` bytes.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { encodeIdxImages, parseIdxImages } from "./mnist.ts";
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
export function parseIdxImages(bytes: Uint8Array, file = "<bytes>"): MnistImages {
  const what = "IDX images";
  const d = decode(bytes, what, file);
  const count = readIdxHeader(d, file, what, IDX_IMAGES_MAGIC, IDX_IMAGES_HEADER);
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
 * @returns `count` labels 0–9 (a fresh copy).
 * @throws {MnistFormatError} For an empty file, corrupt gzip, wrong magic, a count of 0, or a
 * size other than `8 + count` bytes.
 * @throws {MnistValueError} For a label outside 0–9.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { encodeIdxLabels, parseIdxLabels } from "./mnist.ts";
 * const bytes = encodeIdxLabels(new Uint8Array([5, 0, 4]));
 * assert.deepStrictEqual(parseIdxLabels(bytes, "l.idx"), new Uint8Array([5, 0, 4]));
 * bytes[10] = 10;
 * assert.throws(() => parseIdxLabels(bytes, "l.idx"), {
 *   name: "MnistValueError",
 *   message: "Cannot read IDX labels as every label must be in 0..9: file=l.idx, offset=10, got 10",
 * });
 * ```
 */
export function parseIdxLabels(bytes: Uint8Array, file = "<bytes>"): Uint8Array {
  const what = "IDX labels";
  const d = decode(bytes, what, file);
  const count = readIdxHeader(d, file, what, IDX_LABELS_MAGIC, IDX_LABELS_HEADER);
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

function checkImages(action: string, images: MnistImages): void {
  const { count, rows, cols, pixels } = images;
  for (const [name, v] of [["count", count], ["rows", rows], ["cols", cols]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new TypeError(
        `Cannot ${action} as ${name} must be a non-negative integer: ${name}=${v}`,
      );
    }
  }
  if (!(pixels instanceof Uint8Array) || pixels.length !== count * rows * cols) {
    throw new TypeError(
      `Cannot ${action} as pixels must be a Uint8Array of count*rows*cols bytes: ` +
        `count=${count}, rows=${rows}, cols=${cols}, pixels.length=${pixels?.length}`,
    );
  }
}

/**
 * Writes images as an IDX images file (uncompressed), the inverse of
 * {@linkcode parseIdxImages} (the format of the book's MNIST files, §3.6.1).
 *
 * @param images `count` images of `rows × cols` pixels.
 * @returns The file's bytes: 16-byte header, then the pixels.
 * @throws {TypeError} When `pixels.length !== count * rows * cols`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { encodeIdxImages } from "./mnist.ts";
 * const bytes = encodeIdxImages({ count: 1, rows: 28, cols: 28, pixels: new Uint8Array(784) });
 * assert.deepStrictEqual(Array.from(bytes.subarray(0, 16)), [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 28, 0, 0, 0, 28]);
 * ```
 */
export function encodeIdxImages(images: MnistImages): Uint8Array {
  checkImages("encode IDX images", images);
  const out = new Uint8Array(IDX_IMAGES_HEADER + images.pixels.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, IDX_IMAGES_MAGIC);
  view.setUint32(4, images.count);
  view.setUint32(8, images.rows);
  view.setUint32(12, images.cols);
  out.set(images.pixels, IDX_IMAGES_HEADER);
  return out;
}

/**
 * Writes labels as an IDX labels file (uncompressed), the inverse of
 * {@linkcode parseIdxLabels} (§3.6.1).
 *
 * @param labels The labels.
 * @returns The file's bytes: 8-byte header, then the labels.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { encodeIdxLabels } from "./mnist.ts";
 * assert.deepStrictEqual(Array.from(encodeIdxLabels(new Uint8Array([7]))), [0, 0, 8, 1, 0, 0, 0, 1, 7]);
 * ```
 */
export function encodeIdxLabels(labels: Uint8Array): Uint8Array {
  if (!(labels instanceof Uint8Array)) {
    throw new TypeError("Cannot encode IDX labels as labels must be a Uint8Array");
  }
  const out = new Uint8Array(IDX_LABELS_HEADER + labels.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, IDX_LABELS_MAGIC);
  view.setUint32(4, labels.length);
  out.set(labels, IDX_LABELS_HEADER);
  return out;
}

// ---------------------------------------------------------------------------
// CSV

const CSV = "MNIST CSV";
/** Longest field text quoted in an error message. */
const SHOWN_FIELD = 24;

function fieldEnd(b: Uint8Array, start: number): number {
  let i = start;
  while (i < b.length && b[i] !== COMMA && b[i] !== LF) i++;
  if (i > start && b[i - 1] === CR && (i === b.length || b[i] === LF)) i--;
  return i;
}

/** Throws the error for a field that is not a plain decimal integer within range. */
function csvFieldError(
  b: Uint8Array,
  file: string,
  line: number,
  column: number,
  start: number,
): never {
  const end = fieldEnd(b, start);
  const text = new TextDecoder().decode(b.subarray(start, end));
  const shown = text.length > SHOWN_FIELD ? text.slice(0, SHOWN_FIELD) + "..." : text;
  const name = column === 1 ? "label" : "pixel";
  const where = `file=${file}, line ${line}, column ${column}`;
  if (/^-?[0-9]+$/.test(text) && !/^-0+$/.test(text)) {
    const range = column === 1 ? "0..9" : "0..255";
    throw new MnistValueError(
      `Cannot read ${CSV} as every ${name} must be in ${range}: ${where}, got ${shown}`,
      file,
    );
  }
  const rule = `every ${name} must be an unsigned decimal integer`;
  throw new MnistFormatError(
    `Cannot read ${CSV} as ${rule}: ${where}, got ${JSON.stringify(shown)}`,
    file,
  );
}

function countColumns(b: Uint8Array, lineStart: number): number {
  let columns = 1;
  for (let i = lineStart; i < b.length && b[i] !== LF; i++) if (b[i] === COMMA) columns++;
  return columns;
}

function columnsError(file: string, line: number, got: string): MnistFormatError {
  return new MnistFormatError(
    `Cannot read ${CSV} as every row must have ${CSV_COLUMNS} columns (label + ${MNIST_PIXELS} pixels): ` +
      `file=${file}, line ${line}, got ${got}`,
    file,
  );
}

/**
 * Throws the error for a valid number in `column` (1-based) followed at `pos` by something
 * other than the expected separator (a comma, or the line end after the last column).
 */
function csvSeparatorError(
  b: Uint8Array,
  file: string,
  line: number,
  column: number,
  start: number,
  pos: number,
  lineStart: number,
): never {
  const n = b.length;
  const lineEnds = pos === n || b[pos] === LF ||
    (b[pos] === CR && (pos + 1 === n || b[pos + 1] === LF));
  if (column < CSV_COLUMNS && lineEnds) throw columnsError(file, line, String(column));
  if (column === CSV_COLUMNS && b[pos] === COMMA) {
    throw columnsError(file, line, String(countColumns(b, lineStart)));
  }
  csvFieldError(b, file, line, column, start); // junk right after the digits
}

function startsWithLabel(b: Uint8Array, pos: number): boolean {
  if (b[pos] === 0x22) pos++; // a quoted "label"
  const word = "label";
  if (pos + word.length > b.length) return false;
  for (let k = 0; k < word.length; k++) {
    if ((b[pos + k] | 0x20) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * Parses the row at `pos` written the common way (a one-digit label, pixels of one to three
 * digits, LF or CRLF) into `labels[row]` and `pixels`, and returns where the next row starts;
 * returns -1 for anything else, which {@linkcode parseRow} then reads or reports. Reads past
 * the end give `undefined`, which every comparison below rejects.
 */
function parseRowFast(
  b: Uint8Array,
  pos: number,
  labels: Uint8Array,
  pixels: Uint8Array,
  row: number,
): number {
  const n = b.length;
  const label = b[pos] - DIGIT_0;
  if (!(label >= 0 && label <= 9) || b[pos + 1] !== COMMA) return -1;
  let p = pos + 1;
  let out = row * MNIST_PIXELS;
  const end = out + MNIST_PIXELS;
  while (out < end) {
    if (b[p] !== COMMA) return -1;
    let c = b[++p];
    if (!(c >= DIGIT_0 && c <= DIGIT_9)) return -1;
    let v = c - DIGIT_0;
    c = b[++p];
    if (c >= DIGIT_0 && c <= DIGIT_9) {
      v = v * 10 + (c - DIGIT_0);
      c = b[++p];
      if (c >= DIGIT_0 && c <= DIGIT_9) {
        v = v * 10 + (c - DIGIT_0);
        c = b[++p];
        if (v > 255 || (c >= DIGIT_0 && c <= DIGIT_9)) return -1;
      }
    }
    pixels[out++] = v;
  }
  labels[row] = label;
  if (p === n) return p;
  if (b[p] === LF) return p + 1;
  if (b[p] === CR && (p + 1 === n || b[p + 1] === LF)) return Math.min(p + 2, n);
  return -1;
}

/**
 * Parses any valid row at `lineStart` (e.g. with leading zeros) like {@linkcode parseRowFast},
 * or throws the error that names its line and column.
 */
function parseRow(
  b: Uint8Array,
  file: string,
  line: number,
  lineStart: number,
  labels: Uint8Array,
  pixels: Uint8Array,
  row: number,
): number {
  const n = b.length;
  const base = row * MNIST_PIXELS - 1; // column j + 1 (pixel j, 1-based) goes to base + j
  let pos = lineStart;
  let start = pos;
  for (let j = 0; j < CSV_COLUMNS; j++) {
    start = pos;
    let v = 0;
    while (pos < n) {
      const c = b[pos];
      if (c < DIGIT_0 || c > DIGIT_9) break;
      v = v * 10 + (c - DIGIT_0);
      pos++;
    }
    if (j === 0) {
      if (pos === start || v > 9) csvFieldError(b, file, line, 1, start);
      labels[row] = v;
    } else {
      if (pos === start || v > 255) csvFieldError(b, file, line, j + 1, start);
      pixels[base + j] = v;
    }
    if (j === CSV_COLUMNS - 1) break;
    if (pos < n && b[pos] === COMMA) pos++;
    else csvSeparatorError(b, file, line, j + 1, start, pos, lineStart);
  }
  // After the last column: the end of the line (LF or CRLF) or of the file.
  if (pos === n) return pos;
  if (b[pos] === LF) return pos + 1;
  if (b[pos] === CR && (pos + 1 === n || b[pos + 1] === LF)) return Math.min(pos + 2, n);
  csvSeparatorError(b, file, line, CSV_COLUMNS, start, pos, lineStart);
}

/**
 * Parses MNIST (§3.6.1) in CSV form: one image per row, the label (0–9) then 784
 * pixels (0–255) as unsigned decimal integers. An optional header line (its
 * first field is `label`, as in `label,pixel1,...` or `label,1x1,...`) must
 * have 785 columns. LF or CRLF line ends; a UTF-8 byte order mark and blank
 * lines at the end are ignored. Gzip'd input is decompressed. One byte-level
 * pass, no per-field allocation.
 *
 * @param input The file's bytes (raw or gzip-compressed) or its text.
 * @param file The file's name or path, for error messages.
 * @returns `count` 28 × 28 images and their labels.
 * @throws {MnistFormatError} For an empty file, no data rows, a header or row with a column count
 * other than 785, an empty line, or a field that is not an unsigned decimal integer.
 * @throws {MnistValueError} For a label outside 0–9 or a pixel outside 0–255.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseMnistCsv } from "./mnist.ts";
 * const row = (label: number, last: number) => [label, ...new Array(783).fill(0), last].join(",");
 * const data = parseMnistCsv(`${row(7, 255)}\r\n${row(2, 18)}\r\n`, "tiny.csv");
 * assert.deepStrictEqual([data.count, data.rows, data.cols], [2, 28, 28]);
 * assert.deepStrictEqual([data.labels[1], data.pixels[783], data.pixels[784 + 783]], [2, 255, 18]);
 * assert.throws(() => parseMnistCsv(row(7, 256), "bad.csv"), {
 *   name: "MnistValueError",
 *   message: "Cannot read MNIST CSV as every pixel must be in 0..255: file=bad.csv, line 1, column 785, got 256",
 * });
 * ```
 */
export function parseMnistCsv(input: Uint8Array | string, file = "<text>"): MnistLabeledImages {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const b = decode(bytes, CSV, file).bytes;
  const n = b.length;
  let pos = n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  let line = 1;
  if (startsWithLabel(b, pos)) {
    const columns = countColumns(b, pos);
    if (columns !== CSV_COLUMNS) {
      throw new MnistFormatError(
        `Cannot read ${CSV} as the header line must have ${CSV_COLUMNS} columns (label + ${MNIST_PIXELS} pixels): ` +
          `file=${file}, line 1, got ${columns}`,
        file,
      );
    }
    while (pos < n && b[pos] !== LF) pos++;
    pos++;
    line = 2;
  }
  // An upper bound on the number of rows, so the outputs are allocated once.
  let maxRows = 0;
  for (let i = pos; i < n; i++) if (b[i] === LF) maxRows++;
  if (pos < n && b[n - 1] !== LF) maxRows++;
  const labels = new Uint8Array(maxRows);
  const pixels = new Uint8Array(maxRows * MNIST_PIXELS);
  let count = 0;
  while (pos < n) {
    const lineStart = pos;
    if (b[pos] === LF || b[pos] === CR) {
      let rest = pos;
      while (rest < n && (b[rest] === LF || b[rest] === CR)) rest++;
      if (rest === n) break; // blank lines at the end
      throw columnsError(file, line, "an empty line");
    }
    const next = parseRowFast(b, lineStart, labels, pixels, count);
    pos = next >= 0 ? next : parseRow(b, file, line, lineStart, labels, pixels, count);
    count++;
    line++;
  }
  if (count === 0) {
    throw new MnistFormatError(
      `Cannot read ${CSV} as the file must hold at least one row: file=${file}`,
      file,
    );
  }
  return {
    count,
    rows: MNIST_ROWS,
    cols: MNIST_COLS,
    labels: count === maxRows ? labels : labels.slice(0, count),
    pixels: count === maxRows ? pixels : pixels.slice(0, count * MNIST_PIXELS),
  };
}

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
 * import { formatMnistCsv, parseMnistCsv } from "./mnist.ts";
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

// ---------------------------------------------------------------------------
// Normalization and one-hot labels

/**
 * NumPy's `np.float32(k) / np.float32(255)` for k = 0..255. `Math.fround(k / 255)`
 * gives the same float32: the double quotient is correctly rounded, and a
 * double carries more than 2·24 + 2 bits, so rounding it again to float32
 * cannot differ from rounding the exact quotient once (checked against NumPy
 * in tests/fixtures/mnist/normalize_table.json).
 */
const NORMALIZED = Float64Array.from({ length: 256 }, (_, k) => Math.fround(k / 255));

/**
 * One normalized pixel value, as the book computes it: `np.float32(k) / 255.0`
 * in float32 (§3.6.1, `normalize=True`), widened to a double.
 *
 * @param k Pixel value, an integer 0–255.
 * @returns The float32 value as a number.
 * @throws {RangeError} When k is not an integer 0–255.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { normalizedPixel } from "./mnist.ts";
 * assert.strictEqual(normalizedPixel(1), 0.003921568859368563); // float32, not 1/255
 * assert.strictEqual(normalizedPixel(255), 1);
 * ```
 */
export function normalizedPixel(k: number): number {
  if (!Number.isInteger(k) || k < 0 || k > 255) {
    throw new RangeError(`Cannot normalize a pixel as it must be an integer in 0..255: got ${k}`);
  }
  return NORMALIZED[k];
}

/**
 * The book's `normalize=True` (§3.6.1): pixels to `np.float32(p) / 255.0` in [0, 1],
 * one image per row (the book's `flatten=True`).
 *
 * @param images `count` images of `rows × cols` pixels.
 * @returns A new `count × (rows*cols)` matrix (8 bytes per pixel: 376 MB for the training set).
 * @throws {TypeError} When `pixels.length !== count * rows * cols`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { normalizeImages } from "./mnist.ts";
 * const x = normalizeImages({ count: 2, rows: 1, cols: 2, pixels: new Uint8Array([0, 51, 255, 128]) });
 * assert.deepStrictEqual([x.rows, x.cols], [2, 2]);
 * assert.deepStrictEqual(Array.from(x.data), [0, Math.fround(0.2), 1, Math.fround(128 / 255)]);
 * ```
 */
export function normalizeImages(images: MnistImages): Matrix {
  checkImages("normalize images", images);
  const { pixels } = images;
  const data = new Float64Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) data[i] = NORMALIZED[pixels[i]];
  return { rows: images.count, cols: images.rows * images.cols, data };
}

/**
 * The book's `one_hot_label=True` (§3.6.1, `_change_one_hot_label`): row i has a 1 in
 * column `labels[i]` and 0 elsewhere.
 *
 * @param labels Labels 0 to `classes - 1`.
 * @param classes Number of classes (10).
 * @returns A new `labels.length × classes` matrix.
 * @throws {RangeError} When a label is not below `classes`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { oneHotLabels } from "./mnist.ts";
 * const t = oneHotLabels(new Uint8Array([2, 0]), 3);
 * assert.deepStrictEqual(Array.from(t.data), [0, 0, 1, 1, 0, 0]);
 * ```
 */
export function oneHotLabels(labels: Uint8Array, classes: number = MNIST_CLASSES): Matrix {
  if (!(labels instanceof Uint8Array)) {
    throw new TypeError("Cannot make one-hot labels as labels must be a Uint8Array");
  }
  if (!Number.isInteger(classes) || classes < 1) {
    throw new RangeError(
      `Cannot make one-hot labels as classes must be a positive integer: classes=${classes}`,
    );
  }
  const data = new Float64Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= classes) {
      throw new RangeError(
        `Cannot make one-hot labels as every label must be below classes: classes=${classes}, ` +
          `index=${i}, got ${labels[i]}`,
      );
    }
    data[i * classes + labels[i]] = 1;
  }
  return { rows: labels.length, cols: classes, data };
}

// ---------------------------------------------------------------------------
// Finding and loading the files

/** Where a data set's files are and in which format. */
export type MnistSource =
  & { readonly dataset: MnistDataset; readonly dir: string }
  & (
    | {
      readonly format: "idx";
      /** Paths of the four IDX files (each `.gz` or raw). */
      readonly files: {
        readonly trainImages: string;
        readonly trainLabels: string;
        readonly testImages: string;
        readonly testLabels: string;
      };
    }
    | {
      readonly format: "csv";
      /** Paths of the two CSV files. */
      readonly files: { readonly train: string; readonly test: string };
    }
  );

/** Options of {@linkcode resolveMnistDir}. */
export interface ResolveMnistOptions {
  /** `"mnist"` (default) or `"fashion-mnist"`. */
  readonly dataset?: MnistDataset;
  /** The folder (`--data DIR`); `"auto"` or absent: the environment variable, else the defaults. */
  readonly dir?: string;
  /** `"idx"`, `"csv"`, or `"auto"` (default: IDX when all four files are there, else CSV). */
  readonly format?: MnistFormat | "auto";
  /**
   * Reads an environment variable (default: `Deno.env.get` when env permission for it is
   * granted; otherwise the variable counts as unset and no permission prompt appears).
   */
  readonly env?: (name: string) => string | undefined;
}

function checkDataset(dataset: unknown): asserts dataset is MnistDataset {
  if (!(MNIST_DATASETS as readonly unknown[]).includes(dataset)) {
    const choices = MNIST_DATASETS.join(", ");
    throw new RangeError(
      `Cannot find MNIST data as dataset must be one of ${choices}: got ${String(dataset)}`,
    );
  }
}

function defaultEnv(name: string): string | undefined {
  if (Deno.permissions.querySync({ name: "env", variable: name }).state !== "granted") {
    return undefined;
  }
  return Deno.env.get(name);
}

function readGranted(path: string): boolean {
  return Deno.permissions.querySync({ name: "read", path }).state === "granted";
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/** The path of `name.gz` or else `name` in `dir`, or undefined. */
async function findIdx(dir: string, name: string): Promise<string | undefined> {
  for (const candidate of [join(dir, name + ".gz"), join(dir, name)]) {
    if (await isFile(candidate)) return candidate;
  }
  return undefined;
}

interface Probe {
  readonly source?: MnistSource;
  readonly missing: string;
}

async function probe(
  dataset: MnistDataset,
  dir: string,
  format: MnistFormat | "auto",
): Promise<Probe> {
  let missingIdx = "";
  if (format !== "csv") {
    const found: string[] = [];
    for (const name of Object.values(MNIST_IDX_FILES)) {
      const path = await findIdx(dir, name);
      if (path === undefined) {
        missingIdx = `${join(dir, name + ".gz")} (or ${name} without .gz)`;
        break;
      }
      found.push(path);
    }
    if (!missingIdx) {
      const [trainImages, trainLabels, testImages, testLabels] = found;
      return {
        source: {
          dataset,
          dir,
          format: "idx",
          files: { trainImages, trainLabels, testImages, testLabels },
        },
        missing: "",
      };
    }
    if (format === "idx") return { missing: missingIdx };
  }
  const csv = mnistCsvFiles(dataset);
  const train = join(dir, csv.train), test = join(dir, csv.test);
  for (const path of [train, test]) {
    if (!(await isFile(path))) return { missing: missingIdx || path };
  }
  return { source: { dataset, dir, format: "csv", files: { train, test } }, missing: "" };
}

function missingMessage(
  dataset: MnistDataset,
  format: MnistFormat | "auto",
  dirs: readonly string[],
  missing: string,
  unchecked: readonly string[],
): string {
  const name = DISPLAY_NAME[dataset];
  const flag = dataset === "mnist" ? "" : ` --dataset ${dataset}`;
  const defaultDir = join("data", dataset);
  const out = dirs.length === 1 && dirs[0] !== defaultDir ? ` --out ${dirs[0]}` : "";
  const notChecked = unchecked.length
    ? ` (not checked, no read permission: ${unchecked.join(", ")})`
    : "";
  const get = `\`deno task data:mnist${flag}${out}\` (downloads and verifies them) or ` +
    `\`deno task data:mnist${flag}${out} --from DIR\` (copies and verifies a local copy)`;
  const hint = format === "csv"
    ? `Make the CSV files with \`deno task data:csv${flag}\` from the IDX files, which you get with ${get}`
    : `Get them with ${get}` +
      (dataset === "fashion-mnist" ? `, or install Debian's dataset-fashion-mnist package` : "");
  return `Cannot load ${name} as its ${format === "csv" ? "CSV " : ""}files must be in ` +
    `${dirs.join(" or ")}${notChecked}: missing ${missing}\n${hint}; --data DIR or ` +
    `${MNIST_DIR_ENV[dataset]} selects another folder`;
}

/**
 * Finds a data set's files (the book's `dataset_dir`, §3.6.1): `dir` when given (`--data DIR`), else the folder
 * in `MNIST_DIR` (`FASHION_MNIST_DIR` for Fashion-MNIST), else `data/mnist`
 * (`data/fashion-mnist`, then `/usr/share/datasets/fashion-mnist`). Relative
 * folders are relative to the working directory (the project root under
 * `deno task`). Only checks that the files exist; never waits.
 *
 * @param options Data set, folder, format and environment.
 * @returns The folder, the format found and the file paths.
 * @throws {MnistNotFoundError} When no folder holds the files, naming the first missing file
 * and how to get it (`deno task data:mnist`, or `deno task data:mnist --from DIR`).
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { resolveMnistDir } from "./mnist.ts";
 * const dir = await Deno.makeTempDir();
 * await assert.rejects(resolveMnistDir({ dir }), (e: Error) =>
 *   e.name === "MnistNotFoundError" &&
 *   e.message.includes(`missing ${dir}/train-images-idx3-ubyte.gz`) &&
 *   e.message.includes("deno task data:mnist"));
 * await Deno.remove(dir);
 * ```
 */
export async function resolveMnistDir(options: ResolveMnistOptions = {}): Promise<MnistSource> {
  const { dataset = "mnist", format = "auto", env = defaultEnv } = options;
  checkDataset(dataset);
  if (!["idx", "csv", "auto"].includes(format)) {
    throw new RangeError(
      `Cannot find MNIST data as format must be one of idx, csv, auto: got ${String(format)}`,
    );
  }
  const given = options.dir !== undefined && options.dir !== "auto"
    ? options.dir
    : env(MNIST_DIR_ENV[dataset]);
  const dirs = given
    ? [given]
    : [join("data", dataset), ...(dataset === "fashion-mnist" ? [DEBIAN_FASHION_MNIST_DIR] : [])];
  let firstMissing = "";
  const unchecked: string[] = [];
  for (const [i, dir] of dirs.entries()) {
    // Fallback folders are only looked at when reading them is already allowed (no prompt).
    if (i > 0 && !readGranted(dir)) {
      unchecked.push(dir);
      continue;
    }
    const found = await probe(dataset, dir, format);
    if (found.source) return found.source;
    firstMissing ||= found.missing;
  }
  throw new MnistNotFoundError(
    missingMessage(
      dataset,
      format,
      dirs.filter((d) => !unchecked.includes(d)),
      firstMissing,
      unchecked,
    ),
    firstMissing.replace(/ \(or .*$/, ""),
  );
}

/** Options of {@linkcode loadMnist}: where to look, and the book's `load_mnist` switches. */
export interface LoadMnistOptions extends ResolveMnistOptions {
  /** Pixels as float32 values in [0, 1], a `count × 784` matrix (default true, as in the book). */
  readonly normalize?: boolean;
  /** Labels as a `count × 10` one-hot matrix (default false, as in the book). */
  readonly oneHotLabel?: boolean;
}

/** One split (training or test) as loaded. */
export interface MnistSplit<X, T> extends MnistLabeledImages {
  /** The book's `x`: the normalized `count × 784` matrix, or `pixels` itself (not normalizing). */
  readonly x: X;
  /** The book's `t`: the one-hot `count × 10` matrix, or `labels` itself. */
  readonly t: T;
}

/** What {@linkcode loadMnist} returns: the book's `(x_train, t_train), (x_test, t_test)` (§3.6.1). */
export interface MnistData<X, T> {
  /** Where the data came from. */
  readonly source: MnistSource;
  /** 60000 training images. */
  readonly train: MnistSplit<X, T>;
  /** 10000 test images. */
  readonly test: MnistSplit<X, T>;
}

/** The type of `x`: a matrix when normalizing, else the pixel bytes. */
export type MnistX<N extends boolean> = N extends true ? Matrix : Uint8Array;
/** The type of `t`: a one-hot matrix, else the label bytes. */
export type MnistT<O extends boolean> = O extends true ? Matrix : Uint8Array;

async function readDataFile(path: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new MnistNotFoundError(
        `Cannot read MNIST data as the file must exist: file=${path}`,
        path,
      );
    }
    throw error;
  }
}

function pair(
  dataset: MnistDataset,
  split: string,
  images: MnistImages,
  labels: Uint8Array,
  imagesFile: string,
  labelsFile: string,
): MnistLabeledImages {
  if (images.count !== labels.length) {
    const name = DISPLAY_NAME[dataset];
    throw new MnistFormatError(
      `Cannot load ${name} ${split} set as the image and label counts must be equal: ` +
        `images=${imagesFile} (${images.count}), labels=${labelsFile} (${labels.length})`,
      labelsFile,
    );
  }
  return { ...images, labels };
}

/**
 * Reads a data set's files as found by {@linkcode resolveMnistDir}, raw:
 * pixels and labels as bytes, everything checked (the book's `_convert_numpy`, §3.6.1).
 *
 * @param source The folder, format and files.
 * @returns The training and test images with their labels.
 * @throws {MnistFormatError} {@link MnistValueError} For bad files (see the parsers), or when a
 * split's image and label counts differ.
 * @throws {MnistNotFoundError} When a file vanished since it was found.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { encodeIdxImages, encodeIdxLabels, readMnistSource, resolveMnistDir } from "./mnist.ts";
 * const dir = await Deno.makeTempDir();
 * const images = encodeIdxImages({ count: 1, rows: 28, cols: 28, pixels: new Uint8Array(784) });
 * for (const split of ["train", "t10k"]) {
 *   await Deno.writeFile(`${dir}/${split}-images-idx3-ubyte`, images);
 *   await Deno.writeFile(`${dir}/${split}-labels-idx1-ubyte`, encodeIdxLabels(new Uint8Array([6])));
 * }
 * const source = await resolveMnistDir({ dir });
 * const { train, test } = await readMnistSource(source);
 * assert.deepStrictEqual([source.format, train.count, test.labels[0]], ["idx", 1, 6]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readMnistSource(
  source: MnistSource,
): Promise<{ train: MnistLabeledImages; test: MnistLabeledImages }> {
  if (source.format === "csv") {
    const { train, test } = source.files;
    return {
      train: parseMnistCsv(await readDataFile(train), train),
      test: parseMnistCsv(await readDataFile(test), test),
    };
  }
  const f = source.files;
  const trainImages = parseIdxImages(await readDataFile(f.trainImages), f.trainImages);
  const trainLabels = parseIdxLabels(await readDataFile(f.trainLabels), f.trainLabels);
  const train = pair(
    source.dataset,
    "training",
    trainImages,
    trainLabels,
    f.trainImages,
    f.trainLabels,
  );
  const testImages = parseIdxImages(await readDataFile(f.testImages), f.testImages);
  const testLabels = parseIdxLabels(await readDataFile(f.testLabels), f.testLabels);
  const test = pair(source.dataset, "test", testImages, testLabels, f.testImages, f.testLabels);
  return { train, test };
}

/**
 * Loads MNIST (or Fashion-MNIST): the book's `load_mnist(normalize=True,
 * flatten=True, one_hot_label=False)` (§3.6.1, `dataset/mnist.py`), from IDX
 * or CSV files found by {@linkcode resolveMnistDir}. Images are always flat
 * (784 values a row); `rows` and `cols` give the 28 × 28 shape.
 *
 * @param options Where to look (`dataset`, `dir`, `format`, `env`) and the
 * book's switches `normalize` (default true) and `oneHotLabel` (default false).
 * @returns `train` and `test`, each with `x` (a `count × 784` matrix of
 * `np.float32(p) / 255` values, or the pixel bytes), `t` (a `count × 10`
 * one-hot matrix, or the label bytes), and always `pixels`, `labels`, `count`,
 * `rows`, `cols`; plus the `source` read.
 * @throws {MnistNotFoundError} When a file is missing (the message says how to get it).
 * @throws {MnistFormatError} {@link MnistValueError} For a bad file, naming it and the offset or
 * line.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { formatMnistCsv, loadMnist } from "./mnist.ts";
 * const dir = await Deno.makeTempDir();
 * const pixels = new Uint8Array(784);
 * pixels[400] = 255;
 * const csv = formatMnistCsv({ count: 1, rows: 28, cols: 28, pixels, labels: new Uint8Array([3]) });
 * await Deno.writeFile(`${dir}/mnist_train.csv`, csv);
 * await Deno.writeFile(`${dir}/mnist_test.csv`, csv);
 * const { train, test } = await loadMnist({ dir, oneHotLabel: true });
 * assert.deepStrictEqual([train.x.rows, train.x.cols, train.x.data[400]], [1, 784, 1]);
 * assert.deepStrictEqual(Array.from(test.t.data), [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
 * assert.strictEqual(test.labels[0], 3);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadMnist<N extends boolean = true, O extends boolean = false>(
  options: LoadMnistOptions & { readonly normalize?: N; readonly oneHotLabel?: O } = {},
): Promise<MnistData<MnistX<N>, MnistT<O>>> {
  const { normalize = true, oneHotLabel = false } = options;
  const source = await resolveMnistDir(options);
  const raw = await readMnistSource(source);
  const split = (s: MnistLabeledImages): MnistSplit<MnistX<N>, MnistT<O>> => ({
    ...s,
    x: (normalize ? normalizeImages(s) : s.pixels) as MnistX<N>,
    t: (oneHotLabel ? oneHotLabels(s.labels) : s.labels) as MnistT<O>,
  });
  return { source, train: split(raw.train), test: split(raw.test) };
}

// ---------------------------------------------------------------------------
// Command-line flags

/** The config fields {@linkcode mnistFlags} add. */
export interface MnistFlagsConfig {
  /** `--dataset`. */
  readonly dataset: MnistDataset;
  /** `--data DIR`: the folder, or `"auto"`. */
  readonly data: string;
  /** `--format`. */
  readonly format: MnistFormat | "auto";
}

/**
 * The flags every MNIST experiment (§3.6.1 onwards) takes, to spread into its CLI spec:
 * `--dataset mnist|fashion-mnist`, `--data DIR` (`auto`: `MNIST_DIR`, else
 * `data/<dataset>`) and `--format auto|idx|csv`. Pass the values to
 * {@linkcode loadMnist} as `{ dataset, dir: data, format }`.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseCli } from "../cli/cli.ts";
 * import { mnistFlags } from "./mnist.ts";
 * const spec = { usage: "x", description: "", flags: { ...mnistFlags } };
 * assert.deepStrictEqual(parseCli(spec, ["--format", "csv"]), {
 *   dataset: "mnist", data: "auto", format: "csv", positionals: [],
 * });
 * ```
 */
export const mnistFlags: { readonly [K in keyof MnistFlagsConfig]: Flag<MnistFlagsConfig[K]> } = {
  dataset: choiceFlag<MnistDataset>(
    "mnist",
    MNIST_DATASETS,
    "data set: handwritten digits or Zalando's articles",
  ),
  data: stringFlag(
    "auto",
    "folder with the data files; auto = $MNIST_DIR ($FASHION_MNIST_DIR), else data/<dataset>",
    "DIR",
  ),
  format: choiceFlag<MnistFormat | "auto">(
    "auto",
    ["auto", "idx", "csv"],
    "file format: IDX (.gz or raw), CSV, or auto (IDX when present, else CSV)",
  ),
};
