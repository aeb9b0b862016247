/**
 * MNIST as CSV (§3.6.1): one image per row, the label (0–9) then 784 pixels
 * (0–255) as unsigned decimal integers; the common `mnist_train.csv` layout
 * (no header) and Kaggle's Fashion-MNIST layout (a header line starting with
 * `label`). The parser is one pass over the bytes with no allocation per
 * field and names line and column of anything bad; `csv_write.ts` holds the
 * writer, its inverse.
 *
 * @module
 */

import { decode } from "./_gzip.ts";
import { mnistDatasetName } from "./datasets.ts";
import { MnistFormatError, MnistValueError } from "./errors.ts";
import {
  MNIST_COLS,
  MNIST_PIXELS,
  MNIST_ROWS,
  type MnistLabeledImages,
  type MnistParseOptions,
} from "./types.ts";

const CSV_COLUMNS = 1 + MNIST_PIXELS;
const LF = 10, CR = 13, COMMA = 44, DIGIT_0 = 48, DIGIT_9 = 57;

/** The file a parser reads and how messages name its contents ("MNIST CSV", "Fashion-MNIST CSV"). */
interface Source {
  readonly file: string;
  readonly what: string;
}
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
  src: Source,
  line: number,
  column: number,
  start: number,
): never {
  const end = fieldEnd(b, start);
  const text = new TextDecoder().decode(b.subarray(start, end));
  const shown = text.length > SHOWN_FIELD ? text.slice(0, SHOWN_FIELD) + "..." : text;
  const name = column === 1 ? "label" : "pixel";
  const where = `file=${src.file}, line ${line}, column ${column}`;
  if (/^-?[0-9]+$/.test(text) && !/^-0+$/.test(text)) {
    const range = column === 1 ? "0..9" : "0..255";
    throw new MnistValueError(
      `Cannot read ${src.what} as every ${name} must be in ${range}: ${where}, got ${shown}`,
      src.file,
    );
  }
  const rule = `every ${name} must be an unsigned decimal integer`;
  throw new MnistFormatError(
    `Cannot read ${src.what} as ${rule}: ${where}, got ${JSON.stringify(shown)}`,
    src.file,
  );
}

function countColumns(b: Uint8Array, lineStart: number): number {
  let columns = 1;
  for (let i = lineStart; i < b.length && b[i] !== LF; i++) if (b[i] === COMMA) columns++;
  return columns;
}

function columnsError(src: Source, line: number, got: string): MnistFormatError {
  return new MnistFormatError(
    `Cannot read ${src.what} as every row must have ${CSV_COLUMNS} columns (label + ${MNIST_PIXELS} pixels): ` +
      `file=${src.file}, line ${line}, got ${got}`,
    src.file,
  );
}

/**
 * Throws the error for a valid number in `column` (1-based) followed at `pos` by something
 * other than the expected separator (a comma, or the line end after the last column).
 */
function csvSeparatorError(
  b: Uint8Array,
  src: Source,
  line: number,
  column: number,
  start: number,
  pos: number,
  lineStart: number,
): never {
  const n = b.length;
  const lineEnds = pos === n || b[pos] === LF ||
    (b[pos] === CR && (pos + 1 === n || b[pos + 1] === LF));
  if (column < CSV_COLUMNS && lineEnds) throw columnsError(src, line, String(column));
  if (column === CSV_COLUMNS && b[pos] === COMMA) {
    throw columnsError(src, line, String(countColumns(b, lineStart)));
  }
  csvFieldError(b, src, line, column, start); // junk right after the digits
}

/** Whether bytes could start an uncompressed CSV: a digit, a byte order mark, a quote or `label`. */
function looksLikeCsv(b: Uint8Array): boolean {
  return (b[0] >= DIGIT_0 && b[0] <= DIGIT_9) || b[0] === 0xef || startsWithLabel(b, 0);
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
  src: Source,
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
      if (pos === start || v > 9) csvFieldError(b, src, line, 1, start);
      labels[row] = v;
    } else {
      if (pos === start || v > 255) csvFieldError(b, src, line, j + 1, start);
      pixels[base + j] = v;
    }
    if (j === CSV_COLUMNS - 1) break;
    if (pos < n && b[pos] === COMMA) pos++;
    else csvSeparatorError(b, src, line, j + 1, start, pos, lineStart);
  }
  // After the last column: the end of the line (LF or CRLF) or of the file.
  if (pos === n) return pos;
  if (b[pos] === LF) return pos + 1;
  if (b[pos] === CR && (pos + 1 === n || b[pos + 1] === LF)) return Math.min(pos + 2, n);
  csvSeparatorError(b, src, line, CSV_COLUMNS, start, pos, lineStart);
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
 * @param options `dataset`: the data set the file holds, named in messages (default MNIST).
 * @returns `count` 28 × 28 images and their labels.
 * @throws {MnistFormatError} For an empty file, no data rows, a header or row with a column count
 * other than 785, an empty line, or a field that is not an unsigned decimal integer.
 * @throws {MnistValueError} For a label outside 0–9 or a pixel outside 0–255.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseMnistCsv } from "./csv.ts";
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
export function parseMnistCsv(
  input: Uint8Array | string,
  file = "<text>",
  options: MnistParseOptions = {},
): MnistLabeledImages {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const what = `${mnistDatasetName(options.dataset ?? "mnist")} CSV`;
  const src = { file, what };
  const b = decode(bytes, what, file, looksLikeCsv).bytes;
  const n = b.length;
  let pos = n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  let line = 1;
  if (startsWithLabel(b, pos)) {
    const columns = countColumns(b, pos);
    if (columns !== CSV_COLUMNS) {
      throw new MnistFormatError(
        `Cannot read ${what} as the header line must have ${CSV_COLUMNS} columns (label + ${MNIST_PIXELS} pixels): ` +
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
      throw columnsError(src, line, "an empty line");
    }
    const next = parseRowFast(b, lineStart, labels, pixels, count);
    pos = next >= 0 ? next : parseRow(b, src, line, lineStart, labels, pixels, count);
    count++;
    line++;
  }
  if (count === 0) {
    throw new MnistFormatError(
      `Cannot read ${what} as the file must hold at least one row: file=${file}`,
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
