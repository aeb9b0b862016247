/**
 * Results CSV files: a header line, then rows, LF line ends, numbers as in
 * the JSON files (shortest round-trip form, `-0` with its sign) and the
 * non-finite ones as `NaN`, `Infinity`, `-Infinity`; strings that hold a
 * comma, quote or line break are quoted, with `""` for a quote inside.
 * {@linkcode formatCsv} writes that text, {@linkcode writeCsv} writes it
 * atomically, and {@linkcode parseResultsCsv} reads it back.
 *
 * @module
 */

import { NON_FINITE } from "./_non_finite.ts";
import { writeTextAtomic } from "./atomic.ts";
import { formatNumber } from "./format.ts";

/**
 * Formats rows as CSV (header, LF line ends, numbers as {@linkcode formatNumber}).
 * Strings containing a comma, quote or newline are quoted.
 *
 * @param header Column names.
 * @param rows Rows with `header.length` cells each.
 * @returns CSV text ending in a newline.
 * @throws {TypeError} When a row has the wrong number of cells.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { formatCsv } from "./csv.ts";
 * assert.strictEqual(formatCsv(["h", "err"], [[1e-4, NaN]]), "h,err\n0.0001,NaN\n");
 * ```
 */
export function formatCsv(
  header: readonly string[],
  rows: readonly (readonly (number | string)[])[],
): string {
  const cell = (v: number | string) =>
    typeof v === "number"
      ? formatNumber(v)
      : /[",\n\r]/.test(v)
      ? `"${v.replaceAll('"', '""')}"`
      : v;
  const lines = [header.map(cell).join(",")];
  rows.forEach((row, i) => {
    if (row.length !== header.length) {
      throw new TypeError(
        `Cannot format CSV as every row must have one cell per column: ` +
          `columns=${header.length}, row ${i} has ${row.length}`,
      );
    }
    lines.push(row.map(cell).join(","));
  });
  return lines.join("\n") + "\n";
}

/**
 * Writes a CSV file atomically.
 *
 * @param path Target file.
 * @param header Column names.
 * @param rows Rows.
 * @returns The path written.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { writeCsv } from "./csv.ts";
 * const dir = await Deno.makeTempDir();
 * await writeCsv(`${dir}/s.csv`, ["step", "x"], [[0, -0]]);
 * assert.strictEqual(await Deno.readTextFile(`${dir}/s.csv`), "step,x\n0,-0\n");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeCsv(
  path: string,
  header: readonly string[],
  rows: readonly (readonly (number | string)[])[],
): Promise<string> {
  await writeTextAtomic(path, formatCsv(header, rows));
  return path;
}

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
 * import { parseResultsCsv } from "./csv.ts";
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
