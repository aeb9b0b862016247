/**
 * Gradient descent (§4.4.1), the book's `gradient_descent` from
 * `ch04/gradient_method.py`.
 *
 * @module
 */

import { type Matrix, matrix } from "./matrix.ts";
import { numericalGradient } from "./numerical_gradient.ts";

/** Options of {@linkcode gradientDescent}. */
export interface GradientDescentOptions {
  /** Learning rate η (default 0.01, as the book). */
  readonly lr?: number;
  /** Number of steps (default 100, as the book). */
  readonly stepNum?: number;
}

/** The end point and the path of {@linkcode gradientDescent}. */
export interface GradientDescentResult {
  /** The point after `stepNum` steps. */
  readonly x: Float64Array;
  /** `stepNum × dim`: row i is the point before step i (the book's `x_history`). */
  readonly history: Matrix;
}

/**
 * Minimises `f` by `stepNum` steps of `x ← x − lr · ∇f(x)`, with the gradient
 * from {@linkcode numericalGradient} (§4.4.1). Unlike the book's version,
 * `initX` is not modified: the walk happens on a copy.
 *
 * @param f Function to minimise.
 * @param initX Start point.
 * @param options `lr` and `stepNum`.
 * @returns The end point and the history of points before each step.
 * @throws {RangeError} When `lr` is not finite or `stepNum` is not a non-negative integer.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { gradientDescent } from "./gradient_descent.ts";
 * const f = (x: Float64Array) => x[0] * x[0] + x[1] * x[1];
 * const { x, history } = gradientDescent(f, new Float64Array([-3, 4]), { lr: 0.1, stepNum: 100 });
 * assert.deepStrictEqual(Array.from(x), [-6.111107928998789e-10, 8.148143905314271e-10]);
 * assert.deepStrictEqual([history.rows, history.cols, history.data[0]], [100, 2, -3]);
 * ```
 */
export function gradientDescent(
  f: (x: Float64Array) => number,
  initX: Float64Array,
  options: GradientDescentOptions = {},
): GradientDescentResult {
  const { lr = 0.01, stepNum = 100 } = options;
  if (!Number.isFinite(lr)) {
    throw new RangeError(`Cannot run gradient descent as lr must be a finite number: lr=${lr}`);
  }
  if (!Number.isInteger(stepNum) || stepNum < 0) {
    throw new RangeError(
      `Cannot run gradient descent as stepNum must be a non-negative integer: stepNum=${stepNum}`,
    );
  }
  const x = initX.slice();
  const history = matrix(stepNum, x.length);
  for (let i = 0; i < stepNum; i++) {
    history.data.set(x, i * x.length);
    const grad = numericalGradient(f, x);
    for (let j = 0; j < x.length; j++) x[j] -= lr * grad[j];
  }
  return { x, history };
}
