/**
 * Results CSV files: a header line, then rows, LF line ends, numbers as in
 * the JSON files (shortest round-trip form, `-0` with its sign) and the
 * non-finite ones as `NaN`, `Infinity`, `-Infinity`; strings that hold a
 * comma, quote or line break are quoted, with `""` for a quote inside.
 * {@linkcode formatCsv} writes that text, {@linkcode writeCsv} writes it
 * atomically; `csv_read.ts` reads it back.
 *
 * @module
 */

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
