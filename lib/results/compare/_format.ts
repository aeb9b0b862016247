/**
 * How the comparison and the report show numbers (private): short forms for
 * people; the JSON output keeps every digit.
 *
 * @module
 */

import { formatNumber } from "../mod.ts";

/** Significant digits of a number shown in a table (accuracies on 60,000 images need 6). */
const DIGITS = 6;

/**
 * A number in six significant digits.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { short } from "./_format.ts";
 * assert.deepStrictEqual([0.9481166666666667, 0.9468, 1.666666e-7, null, NaN].map(short), ["0.948117", "0.9468", "1.66667e-7", "–", "NaN"]);
 * ```
 */
export function short(x: number | null): string {
  if (x === null) return "–";
  if (!Number.isFinite(x)) return formatNumber(x);
  return formatNumber(Number(x.toPrecision(DIGITS)));
}

/**
 * {@linkcode short} with a sign.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { signed } from "./_format.ts";
 * assert.deepStrictEqual([0.0033, -0.0074, -0, null].map(signed), ["+0.0033", "-0.0074", "0", "–"]);
 * ```
 */
export function signed(x: number | null): string {
  if (x === null) return "–";
  return x > 0 ? `+${short(x)}` : short(x === 0 ? 0 : x);
}

/**
 * Four decimals, as the sweep's tables.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { fixed4 } from "./_format.ts";
 * assert.deepStrictEqual([0.94592, NaN].map(fixed4), ["0.9459", "n/a"]);
 * ```
 */
export function fixed4(x: number): string {
  return Number.isFinite(x) ? x.toFixed(4) : "n/a";
}

/**
 * Four decimals with a sign.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { signedFixed4 } from "./_format.ts";
 * assert.deepStrictEqual([0.00128, -0.00054, -0.00001].map(signedFixed4), ["+0.0013", "-0.0005", "-0.0000"]);
 * ```
 */
export function signedFixed4(x: number): string {
  if (!Number.isFinite(x)) return "n/a";
  const text = x.toFixed(4);
  return x >= 0 && !text.startsWith("-") ? `+${text}` : text;
}

/**
 * Mean ± standard deviation in four decimals (std `n/a` for a single run).
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { meanStdText } from "./_format.ts";
 * assert.strictEqual(meanStdText({ mean: 0.78937, std: 0.00458 }), "0.7894 ± 0.0046");
 * ```
 */
export function meanStdText(s: { readonly mean: number; readonly std: number }): string {
  return `${fixed4(s.mean)} ± ${fixed4(s.std)}`;
}

/**
 * A p-value in two significant digits.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { pValueText } from "./_format.ts";
 * assert.deepStrictEqual([0.13521, 0.0023481, 3.23e-17, NaN].map(pValueText), ["0.14", "0.0023", "3.2e-17", "–"]);
 * ```
 */
export function pValueText(p: number): string {
  if (Number.isNaN(p)) return "–";
  if (p < 1e-4) return p.toExponential(1);
  return formatNumber(Number(p.toPrecision(2)));
}
