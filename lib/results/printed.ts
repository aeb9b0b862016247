/**
 * Comparing our numbers with the book's printed digits: a value agrees with
 * a printed number when it rounds to it, to every digit printed.
 *
 * @module
 */

/**
 * Whether `value` agrees with a number the book printed, to every digit it
 * printed: `|value - printed| <= half a unit in the printed last place`.
 * Keeps the printed text, so `"0.01821127"` checks 8 decimals and
 * `"-2.58983747e+13"` 9 significant digits.
 *
 * @param value Our result.
 * @param printed The book's number exactly as printed.
 * @returns True when `value` rounds to `printed`; false when `value` is not finite.
 * @throws {RangeError} When `printed` is not a decimal number.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { matchesPrinted } from "./printed.ts";
 * assert.ok(matchesPrinted(0.01821127329554753, "0.01821127"));
 * assert.ok(!matchesPrinted(0.9280682857864075, "0.92806853663411326"));
 * assert.ok(matchesPrinted(-25898374737328.363, "-2.58983747e+13"));
 * ```
 */
export function matchesPrinted(value: number, printed: string): boolean {
  const m = /^[+-]?(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(printed.trim());
  if (!m || (m[1] === "" && (m[2] ?? "") === "")) {
    throw new RangeError(
      `Cannot compare with a printed number as it is not a decimal number: printed=${printed}`,
    );
  }
  // A printed decimal is finite: no infinity or NaN rounds to it (the slack below would be infinite).
  if (!Number.isFinite(value)) return false;
  const decimals = (m[2] ?? "").length;
  const exponent = m[3] === undefined ? 0 : Number(m[3]);
  const halfUlp = 0.5 * 10 ** (exponent - decimals);
  // The subtraction and the power of ten carry rounding of a few ulps of the values themselves.
  const slack = 4 * Number.EPSILON * Math.max(Math.abs(value), Math.abs(Number(printed)));
  return Math.abs(value - Number(printed)) <= halfUlp + slack;
}
