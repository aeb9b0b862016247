/**
 * Small tables for people (private): aligned text for a terminal, or a
 * Markdown table to paste into an issue, a pull request or a README.
 *
 * @module
 */

/** A table: a header and rows of cells (text). */
export interface Table {
  /** Column titles. */
  readonly header: readonly string[];
  /** Rows, one cell per column. */
  readonly rows: readonly (readonly string[])[];
}

/** Output styles. */
export type TableStyle = "text" | "md";

/** A cell for a Markdown table: `|` escaped, line breaks as spaces. */
function mdCell(cell: string): string {
  return cell.replaceAll("|", "\\|").replace(/\r?\n/g, " ");
}

/**
 * Renders a table: columns padded and two spaces apart, each line starting
 * with `indent` (text), or a Markdown pipe table.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { renderTable } from "./_table.ts";
 * const t = { header: ["key", "a"], rows: [["seed", "0"]] };
 * assert.deepStrictEqual(renderTable(t, "text"), ["  key   a", "  seed  0"]);
 * assert.deepStrictEqual(renderTable(t, "md"), ["| key | a |", "| --- | --- |", "| seed | 0 |"]);
 * ```
 */
export function renderTable(table: Table, style: TableStyle, indent = "  "): string[] {
  if (style === "md") {
    const line = (cells: readonly string[]) => `| ${cells.map(mdCell).join(" | ")} |`;
    return [line(table.header), line(table.header.map(() => "---")), ...table.rows.map(line)];
  }
  const all = [table.header, ...table.rows];
  const widths = table.header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? "").length)));
  return all.map((r) =>
    (indent + r.map((cell, c) => (cell ?? "").padEnd(widths[c])).join("  ")).trimEnd()
  );
}
