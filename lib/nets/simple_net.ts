/**
 * The book's `simpleNet` (§4.4.2, `ch04/gradient_simplenet.py`): one 2×3
 * weight matrix, softmax output and cross-entropy loss — the smallest net
 * whose gradient the chapter computes numerically.
 *
 * @module
 */

import { softmax } from "../core/functions.ts";
import { crossEntropyError } from "../core/loss.ts";
import { cloneMatrix } from "../core/convert.ts";
import type { Matrix } from "../core/matrix.ts";
import { vecMat } from "../core/dot.ts";
import { numericalGradientMatrix } from "../core/numerical_gradient.ts";
import type { NormalSource } from "./params.ts";

/** Options of {@linkcode SimpleNet}: fixed weights, or a seeded source to draw them. */
export interface SimpleNetOptions {
  /** Fixed 2×3 weights (copied). */
  readonly W?: Matrix;
  /** Source of `randn(2, 3)`, as the book's `np.random.randn(2, 3)`. */
  readonly rng?: NormalSource;
}

/**
 * A 2-input, 3-output net `y = softmax(x · W)` (§4.4.2).
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { fromRows } from "../core/convert.ts";
 * import { SimpleNet } from "./simple_net.ts";
 * const net = new SimpleNet({
 *   W: fromRows([[0.47355232, 0.9977393, 0.84668094], [0.85557411, 0.03563661, 0.69422093]]),
 * });
 * const p = net.predict(new Float64Array([0.6, 0.9]));
 * assert.ok(Math.abs(p[0] - 1.05414809) < 5e-9);
 * ```
 */
export class SimpleNet {
  /** The 2×3 weights. */
  readonly W: Matrix;

  /**
   * @param options `W` (fixed weights) or `rng` (draws `randn(2, 3)`); exactly one.
   * @throws {TypeError} When neither or both are given, or `W` is not 2×3.
   */
  constructor(options: SimpleNetOptions) {
    const { W, rng } = options;
    if ((W === undefined) === (rng === undefined)) {
      throw new TypeError("Cannot make a SimpleNet as exactly one of W and rng must be given");
    }
    const w = W ? cloneMatrix(W) : rng!.randnMatrix(2, 3);
    if (w.rows !== 2 || w.cols !== 3) {
      throw new TypeError(`Cannot make a SimpleNet as W must be 2x3: W is ${w.rows}x${w.cols}`);
    }
    this.W = w;
  }

  /**
   * The scores `x · W` (before softmax).
   *
   * @param x Input of length 2.
   * @returns A new vector of 3 scores.
   */
  predict(x: Float64Array): Float64Array {
    return vecMat(x, this.W);
  }

  /**
   * Cross-entropy of `softmax(x · W)` against the one-hot `t`.
   *
   * @param x Input of length 2.
   * @param t One-hot target of length 3.
   * @returns The loss.
   */
  loss(x: Float64Array, t: ArrayLike<number>): number {
    return crossEntropyError(softmax(this.predict(x)), t);
  }

  /**
   * `∂loss/∂W` by central differences (the book's
   * `numerical_gradient(lambda w: net.loss(x, t), net.W)`).
   *
   * @param x Input of length 2.
   * @param t One-hot target of length 3.
   * @returns A new 2×3 gradient matrix.
   */
  numericalGradient(x: Float64Array, t: ArrayLike<number>): Matrix {
    return numericalGradientMatrix(() => this.loss(x, t), this.W);
  }
}
