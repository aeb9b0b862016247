/**
 * Numerical differentiation (§4.3) and numerical gradients (§4.4): the
 * book's `numerical_diff` and `numerical_gradient`, step for step.
 *
 * @module
 */

import type { Matrix } from "./matrix.ts";

/**
 * The book's step `h = 1e-4`: small enough for a good derivative, large
 * enough that `x + h` and `x - h` still differ in float64 (§4.3.1; 1e-50
 * would round to nothing).
 */
export const H = 1e-4;

/** Options of {@linkcode numericalDiff}. */
export interface NumericalDiffOptions {
  /** Step size (default {@linkcode H}). */
  readonly h?: number;
  /**
   * `"central"`: `(f(x+h) - f(x-h)) / (2h)`, error O(h²) (the book's choice);
   * `"forward"`: `(f(x+h) - f(x)) / h`, error O(h) (the "bad" version of §4.3.1).
   */
  readonly method?: "central" | "forward";
}

/**
 * Derivative of `f` at `x` by finite differences (§4.3.1), central by default.
 *
 * @param f A function of one number.
 * @param x Where to differentiate.
 * @param options Step size and method.
 * @returns The approximate derivative.
 * @throws {RangeError} When `h` is not a positive finite number.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { numericalDiff } from "./numerical_gradient.ts";
 * const f = (x: number) => 0.01 * (x * x) + 0.1 * x;
 * assert.strictEqual(numericalDiff(f, 5), 0.1999999999990898);
 * ```
 */
export function numericalDiff(
  f: (x: number) => number,
  x: number,
  options: NumericalDiffOptions = {},
): number {
  const { h = H, method = "central" } = options;
  if (!(h > 0 && Number.isFinite(h))) {
    throw new RangeError(
      `Cannot differentiate numerically as h must be a positive finite number: h=${h}`,
    );
  }
  if (method === "forward") return (f(x + h) - f(x)) / h;
  if (method !== "central") {
    throw new RangeError(
      `Cannot differentiate numerically as method must be "central" or "forward": method=${method}`,
    );
  }
  return (f(x + h) - f(x - h)) / (2 * h);
}

/**
 * Gradient of `f` at `x` by central differences, one coordinate at a time
 * (§4.4, the book's `numerical_gradient`). Each `x[i]` is set to `x[i] + h`
 * and `x[i] - h` in place — `f` sees the perturbed array — and restored
 * afterwards, also when `f` throws.
 *
 * @param f A function of the whole array.
 * @param x The point; perturbed during the call, unchanged after it.
 * @param options `h` (default {@linkcode H}).
 * @returns A new array, the gradient.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { numericalGradient } from "./numerical_gradient.ts";
 * const f = (x: Float64Array) => x[0] * x[0] + x[1] * x[1];
 * const g = numericalGradient(f, new Float64Array([3, 4]));
 * assert.deepStrictEqual(Array.from(g), [6.00000000000378, 7.999999999999119]);
 * ```
 */
export function numericalGradient(
  f: (x: Float64Array) => number,
  x: Float64Array,
  options: { readonly h?: number } = {},
): Float64Array {
  const { h = H } = options;
  if (!(h > 0 && Number.isFinite(h))) {
    throw new RangeError(
      `Cannot compute a numerical gradient as h must be a positive finite number: h=${h}`,
    );
  }
  const grad = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const tmp = x[i];
    try {
      x[i] = tmp + h;
      const fxh1 = f(x);
      x[i] = tmp - h;
      const fxh2 = f(x);
      grad[i] = (fxh1 - fxh2) / (2 * h);
    } finally {
      x[i] = tmp;
    }
  }
  return grad;
}

/**
 * {@linkcode numericalGradient} for a matrix parameter (the book's
 * `numerical_gradient` on a 2-D `W`): perturbs `w.data` in place, in
 * row-major order, and returns the gradient as a matrix of the same shape.
 *
 * @param f Loss as a function of the matrix (typically ignores its argument
 *   and reads the network's weights, as the book's `lambda w: net.loss(x, t)`).
 * @param w The parameter; unchanged after the call.
 * @param options `h` (default {@linkcode H}).
 * @returns A new matrix, the gradient.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { fromRows } from "./convert.ts";
 * import { numericalGradientMatrix } from "./numerical_gradient.ts";
 * const w = fromRows([[1, 2], [3, 4]]);
 * const g = numericalGradientMatrix((m) => m.data[3] * 10, w);
 * assert.deepStrictEqual([g.rows, g.cols, g.data[0]], [2, 2, 0]);
 * assert.ok(Math.abs(g.data[3] - 10) < 1e-9);
 * ```
 */
export function numericalGradientMatrix(
  f: (w: Matrix) => number,
  w: Matrix,
  options: { readonly h?: number } = {},
): Matrix {
  const data = numericalGradient(() => f(w), w.data, options);
  return { rows: w.rows, cols: w.cols, data };
}
