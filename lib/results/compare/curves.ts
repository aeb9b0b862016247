/**
 * How two runs' curves differ: for a table both have (`loss.csv`,
 * `accuracy.csv`, a sweep run's per-epoch curves), either "identical" or,
 * per column, the first row where they part, the largest |difference| and
 * where it is, and how many rows differ. Rows are matched by position; the
 * first column (the iteration or epoch) says where.
 *
 * Cells are equal when they are the same double (`Object.is`: `NaN` equals
 * `NaN`, `-0` is not `0`) or the same text; `deno task diff` is the gate with
 * tolerances, this is the overview.
 *
 * @module
 */

import type { RunSeries } from "./types.ts";

/** How one column of two tables differs. */
export interface ColumnDifference {
  /** The column's name. */
  readonly column: string;
  /** Rows (of those both tables have) where this column differs. */
  readonly rowsDiffering: number;
  /** The first such row (0 = the first row after the header). */
  readonly firstRow: number;
  /** The x value (first column, from the first table) of that row. */
  readonly firstAt: number | string;
  /** The largest |a − b|; NaN when a cell that differs is not a finite number on both sides. */
  readonly maxAbs: number;
  /** The x value of the row with the largest |a − b| (its first row for NaN). */
  readonly maxAt: number | string;
  /** Both cells there. */
  readonly maxValues: readonly [number | string, number | string];
}

/** How two tables of the same name differ (see the module doc). */
export interface SeriesDifference {
  /** The table's name, e.g. `loss.csv`. */
  readonly name: string;
  /** The first column of the first table: where rows are located. */
  readonly xColumn: string;
  /** Row counts of the two tables. */
  readonly rows: readonly [number, number];
  /** Both headers when they differ (then nothing else is compared), else null. */
  readonly headers: readonly [readonly string[], readonly string[]] | null;
  /** Same header, same rows, every cell equal. */
  readonly identical: boolean;
  /** Rows with any differing cell, plus the rows only one table has. */
  readonly rowsDiffering: number;
  /** The columns that differ, in header order. */
  readonly columns: readonly ColumnDifference[];
}

function sameCell(a: number | string | undefined, b: number | string | undefined): boolean {
  return Object.is(a, b);
}

/**
 * Compares two tables (two runs' `loss.csv`, say) row by row.
 *
 * @param a The first run's table.
 * @param b The other run's table of the same name.
 * @returns What differs (see {@linkcode SeriesDifference}).
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { compareSeries } from "./curves.ts";
 * const a = { name: "loss.csv", header: ["iteration", "loss"], rows: [[0, 2.3], [1, 2.2], [2, 2.0]] };
 * const b = { name: "loss.csv", header: ["iteration", "loss"], rows: [[0, 2.3], [1, 2.1], [2, 2.5]] };
 * const d = compareSeries(a, b);
 * assert.strictEqual(d.identical, false);
 * assert.deepStrictEqual(
 *   [d.columns[0].firstAt, d.columns[0].maxAt, d.columns[0].maxValues, d.rowsDiffering],
 *   [1, 2, [2.0, 2.5], 2],
 * );
 * assert.strictEqual(compareSeries(a, a).identical, true);
 * ```
 */
export function compareSeries(a: RunSeries, b: RunSeries): SeriesDifference {
  const rows = [a.rows.length, b.rows.length] as const;
  const xColumn = a.header[0] ?? "";
  const sameHeader = a.header.length === b.header.length &&
    a.header.every((h, i) => h === b.header[i]);
  if (!sameHeader) {
    return {
      name: a.name,
      xColumn,
      rows,
      headers: [a.header, b.header],
      identical: false,
      rowsDiffering: Math.max(...rows),
      columns: [],
    };
  }
  const shared = Math.min(...rows);
  const rowDiffers = new Uint8Array(shared);
  const columns: ColumnDifference[] = [];
  a.header.forEach((column, c) => {
    let count = 0, firstRow = -1, maxRow = -1, maxAbs = -Infinity;
    for (let r = 0; r < shared; r++) {
      const x = a.rows[r][c], y = b.rows[r][c];
      if (sameCell(x, y)) continue;
      count++;
      rowDiffers[r] = 1;
      if (firstRow < 0) firstRow = r;
      const d = typeof x === "number" && typeof y === "number" ? Math.abs(x - y) : NaN;
      // NaN (not comparable) ranks above any number; the first such row stays.
      if (Number.isNaN(maxAbs)) continue;
      if (Number.isNaN(d) || d > maxAbs) [maxAbs, maxRow] = [d, r];
    }
    if (count === 0) return;
    columns.push({
      column,
      rowsDiffering: count,
      firstRow,
      firstAt: a.rows[firstRow][0],
      maxAbs,
      maxAt: a.rows[maxRow][0],
      maxValues: [a.rows[maxRow][c], b.rows[maxRow][c]],
    });
  });
  const rowsDiffering = rowDiffers.reduce((s, v) => s + v, 0) + Math.abs(rows[0] - rows[1]);
  return {
    name: a.name,
    xColumn,
    rows,
    headers: null,
    identical: rowsDiffering === 0,
    rowsDiffering,
    columns,
  };
}
