/**
 * Reading results CSV files back (the diff and compare tools): the inverse of
 * text `csv.ts` writes.
 *
 * @module
 */

import { NON_FINITE } from "./_non_finite.ts";

/** A results CSV read back: the column names and the rows. */
export interface ResultsCsv {
  /** Column names. */
  readonly header: string[];
  /**
   * Rows of cells: numbers for unquoted cells that are decimal numbers or
   * `NaN`, `Infinity`, `-Infinity`; strings otherwise (quoted cells always).
   */
  readonly rows: (number | string)[][];
}

const NUMBER_CELL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function cellValue(text: string, quoted: boolean): number | string {
  if (quoted) return text;
  if (NUMBER_CELL.test(text)) return Number(text);
  return Object.hasOwn(NON_FINITE, text) ? NON_FINITE[text] : text;
}

/**
 * Parses CSV as {@linkcode formatCsv} writes it: a header line, rows, `"`
 * quoting with `""` for a quote inside, LF (or CRLF) line ends. Unquoted
 * cells that are decimal numbers or `NaN`, `Infinity`, `-Infinity` become
 * numbers (`-0` keeps its sign).
 *
 * @param text CSV text.
 * @returns The header and the rows (an empty text has no columns and no rows).
 * @throws {RangeError} When a quoted cell is not closed or a quote is followed by text.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseResultsCsv } from "./csv_read.ts";
 * const csv = parseResultsCsv('f,h,err\n"a, b",1e-4,NaN\n');
 * assert.deepStrictEqual(csv, { header: ["f", "h", "err"], rows: [["a, b", 0.0001, NaN]] });
 * ```
 */
export function parseResultsCsv(text: string): ResultsCsv {
  const records: { cells: string[]; quoted: boolean[] }[] = [];
  const n = text.length;
  if (n === 0) return { header: [], rows: [] };
  let cells: string[] = [], quoted: boolean[] = [];
  let i = 0, line = 1;
  for (;;) {
    let cell: string;
    const isQuoted = text[i] === '"';
    if (isQuoted) {
      const opened = line;
      cell = "";
      i++;
      for (;;) {
        if (i >= n) {
          throw new RangeError(
            `Cannot parse CSV as every quoted cell must be closed: the cell opened on line ${opened} is not`,
          );
        }
        const c = text[i++];
        if (c !== '"') {
          if (c === "\n") line++;
          cell += c;
        } else if (text[i] === '"') {
          cell += '"';
          i++;
        } else break;
      }
      const rest = text.slice(i, i + 2);
      if (!(i === n || rest[0] === "," || rest[0] === "\n" || rest === "\r\n")) {
        throw new RangeError(
          `Cannot parse CSV as a closing quote must end its cell: line ${line} has ${
            JSON.stringify(text.slice(i, i + 10))
          } after one`,
        );
      }
      if (rest === "\r\n") i++;
    } else {
      let j = i;
      while (j < n && text[j] !== "," && text[j] !== "\n") j++;
      cell = text.slice(i, j);
      if (text[j] === "\n" && cell.endsWith("\r")) cell = cell.slice(0, -1);
      i = j;
    }
    cells.push(cell);
    quoted.push(isQuoted);
    if (text[i] === ",") {
      i++;
      continue;
    }
    records.push({ cells, quoted }); // at a line end or the end of the text
    cells = [];
    quoted = [];
    i++;
    line++;
    if (i >= n) break;
  }
  const [head, ...body] = records;
  return {
    header: head.cells,
    rows: body.map((r) => r.cells.map((c, k) => cellValue(c, r.quoted[k]))),
  };
}
