/**
 * The book's two-layer network (§4.5.1, `ch04/two_layer_net.py`, with the
 * backpropagation `gradient` of §5.7): affine → sigmoid → affine → softmax.
 *
 * This file is the readable reference: plain loops over dense row-major
 * matrices, each sum in a fixed order (inputs, then batch rows, ascending).
 * The fast training engine (`lib/engine/`) computes the same sums in the
 * same order and is tested to give the same bits.
 *
 * @module
 */

import { sigmoid, softmaxRows } from "../core/functions.ts";
import { crossEntropyErrorLabels } from "../core/loss.ts";
import {
  addRowVectorInPlace,
  matMul,
  matMulTransposeA,
  matMulTransposeB,
  sumRows,
} from "../core/dot.ts";
import { argmax, argmaxRows } from "../core/argmax.ts";
import { type Matrix, matrix } from "../core/matrix.ts";
import { H } from "../core/numerical_gradient.ts";
import {
  type Labels,
  type NormalSource,
  PARAM_KEYS,
  paramData,
  type TwoLayerParams,
  zeroParamsLike,
} from "./params.ts";

/** Options of {@linkcode TwoLayerNet}. */
export interface TwoLayerNetOptions {
  /** Scale of the initial weights (default 0.01, as the book). */
  readonly weightInitStd?: number;
  /** Source of the initial normals, typically a seeded `RandomState`. */
  readonly rng: NormalSource;
}

function checkPositiveInt(name: string, value: number): void {
  if (!Number.isInteger(value)) {
    throw new TypeError(
      `Cannot make a TwoLayerNet as ${name} must be an integer: ${name}=${value}`,
    );
  }
  if (value <= 0) {
    throw new RangeError(`Cannot make a TwoLayerNet as ${name} must be positive: ${name}=${value}`);
  }
}

/**
 * A two-layer net for classification (§4.5.1). Weights are drawn as the book
 * draws them: `W1 = std · randn(input, hidden)`, then
 * `W2 = std · randn(hidden, output)`, biases zero — so with a `RandomState`
 * seeded like `np.random.seed(s)` the initial weights are the book's.
 *
 * Targets come as integer labels (`loss`, `accuracy`, `gradient`, …) or as
 * one-hot rows (`…OneHot`); the book's `load_mnist(one_hot_label=True)` run
 * is the one-hot form, whose loss the book computes via the labels anyway.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { RandomState } from "../core/random.ts";
 * import { TwoLayerNet } from "./two_layer_net.ts";
 * const net = new TwoLayerNet(784, 50, 10, { rng: new RandomState(0) });
 * assert.strictEqual(net.params.W1.data[0], 0.01 * 1.764052345967664);
 * assert.strictEqual(net.params.b2.length, 10);
 * ```
 */
export class TwoLayerNet {
  /** W1, b1, W2, b2. Updated in place by training. */
  readonly params: TwoLayerParams;

  /**
   * @param inputSize Inputs per sample (784 for MNIST).
   * @param hiddenSize Hidden units.
   * @param outputSize Classes.
   * @param options `rng` (required) and `weightInitStd`.
   * @throws {TypeError} When a size is not an integer.
   * @throws {RangeError} When a size is not positive or `weightInitStd` is not finite.
   */
  constructor(
    inputSize: number,
    hiddenSize: number,
    outputSize: number,
    options: TwoLayerNetOptions,
  ) {
    checkPositiveInt("inputSize", inputSize);
    checkPositiveInt("hiddenSize", hiddenSize);
    checkPositiveInt("outputSize", outputSize);
    const { weightInitStd = 0.01, rng } = options;
    if (!Number.isFinite(weightInitStd)) {
      throw new RangeError(
        `Cannot make a TwoLayerNet as weightInitStd must be finite: weightInitStd=${weightInitStd}`,
      );
    }
    const W1 = rng.randnMatrix(inputSize, hiddenSize);
    for (let i = 0; i < W1.data.length; i++) W1.data[i] = weightInitStd * W1.data[i];
    const W2 = rng.randnMatrix(hiddenSize, outputSize);
    for (let i = 0; i < W2.data.length; i++) W2.data[i] = weightInitStd * W2.data[i];
    this.params = {
      W1,
      b1: new Float64Array(hiddenSize),
      W2,
      b2: new Float64Array(outputSize),
    };
  }

  /** Inputs per sample. */
  get inputSize(): number {
    return this.params.W1.rows;
  }

  /** Hidden units. */
  get hiddenSize(): number {
    return this.params.W1.cols;
  }

  /** Classes. */
  get outputSize(): number {
    return this.params.W2.cols;
  }

  private checkInput(action: string, x: Matrix): void {
    if (x.cols !== this.inputSize) {
      throw new TypeError(
        `Cannot ${action} as x must have one column per input: x.cols=${x.cols}, inputSize=${this.inputSize}`,
      );
    }
  }

  private checkLabels(action: string, x: Matrix, t: Labels): void {
    if (t.length !== x.rows) {
      throw new TypeError(
        `Cannot ${action} as there must be one label per row of x: x.rows=${x.rows}, labels=${t.length}`,
      );
    }
  }

  private checkOneHot(action: string, x: Matrix, t: Matrix): void {
    if (t.rows !== x.rows || t.cols !== this.outputSize) {
      throw new TypeError(
        `Cannot ${action} as t must be x.rows x outputSize: t is ${t.rows}x${t.cols}, ` +
          `expected ${x.rows}x${this.outputSize}`,
      );
    }
  }

  /**
   * Class probabilities `softmax(sigmoid(x·W1 + b1)·W2 + b2)` (§3.6, §4.5.1).
   *
   * @param x Inputs, `N × inputSize`.
   * @returns A new `N × outputSize` matrix.
   * @throws {TypeError} When `x` has the wrong number of columns.
   */
  predict(x: Matrix): Matrix {
    this.checkInput("predict", x);
    const { W1, b1, W2, b2 } = this.params;
    const a1 = addRowVectorInPlace(matMul(x, W1), b1);
    const z1 = matrix(a1.rows, a1.cols, sigmoid(a1.data));
    const a2 = addRowVectorInPlace(matMul(z1, W2), b2);
    return softmaxRows(a2, a2);
  }

  /**
   * Mean cross-entropy of the batch against integer labels (§4.2.4).
   *
   * @param x Inputs, `N × inputSize`.
   * @param t `N` labels in `[0, outputSize)`.
   * @returns The loss.
   * @throws {TypeError} When shapes disagree.
   * @throws {RangeError} When a label is out of range.
   */
  loss(x: Matrix, t: Labels): number {
    this.checkLabels("compute the loss", x, t);
    return crossEntropyErrorLabels(this.predict(x), t);
  }

  /**
   * Mean cross-entropy against one-hot rows, exactly as the book's
   * `cross_entropy_error`: when `t` has the shape of `y`, it is replaced by
   * its row-wise argmax. (So a `t` that is not one-hot counts only its largest
   * entry — unlike {@linkcode TwoLayerNet.gradientOneHot}, which uses `t` as given.)
   *
   * @param x Inputs, `N × inputSize`.
   * @param t Targets, `N × outputSize`.
   * @returns The loss.
   */
  lossOneHot(x: Matrix, t: Matrix): number {
    this.checkOneHot("compute the loss", x, t);
    return crossEntropyErrorLabels(this.predict(x), argmaxRows(t));
  }

  /**
   * Fraction of rows whose predicted class (argmax of the prediction) equals
   * the label (§4.5.3).
   *
   * @param x Inputs, `N × inputSize`.
   * @param t `N` labels.
   * @returns Accuracy in [0, 1].
   */
  accuracy(x: Matrix, t: Labels): number {
    this.checkLabels("compute the accuracy", x, t);
    const y = this.predict(x);
    let correct = 0;
    for (let n = 0; n < y.rows; n++) if (argmax(y.data, n * y.cols, y.cols) === t[n]) correct++;
    return correct / x.rows;
  }

  /**
   * {@linkcode TwoLayerNet.accuracy} against one-hot rows (their argmax is the label).
   *
   * @param x Inputs.
   * @param t One-hot targets, `N × outputSize`.
   * @returns Accuracy in [0, 1].
   */
  accuracyOneHot(x: Matrix, t: Matrix): number {
    this.checkOneHot("compute the accuracy", x, t);
    return this.accuracy(x, argmaxRows(t));
  }

  /**
   * Gradient of {@linkcode TwoLayerNet.loss} by central differences, one
   * parameter entry at a time, W1, b1, W2, b2 in that order (the book's
   * `numerical_gradient`; slow: two forward passes per entry).
   *
   * @param x Inputs.
   * @param t Labels.
   * @returns New gradient arrays, shaped like the parameters.
   */
  numericalGradient(x: Matrix, t: Labels): TwoLayerParams {
    return this.numericalGradientOf(() => this.loss(x, t));
  }

  /**
   * Gradient of {@linkcode TwoLayerNet.lossOneHot} by central differences.
   *
   * @param x Inputs.
   * @param t Targets, `N × outputSize`.
   * @returns New gradient arrays, shaped like the parameters.
   */
  numericalGradientOneHot(x: Matrix, t: Matrix): TwoLayerParams {
    return this.numericalGradientOf(() => this.lossOneHot(x, t));
  }

  private numericalGradientOf(f: () => number): TwoLayerParams {
    const grads = zeroParamsLike(this.params);
    for (const key of PARAM_KEYS) {
      const p = paramData(this.params, key), g = paramData(grads, key);
      for (let i = 0; i < p.length; i++) {
        const tmp = p[i];
        try {
          p[i] = tmp + H;
          const fxh1 = f();
          p[i] = tmp - H;
          const fxh2 = f();
          g[i] = (fxh1 - fxh2) / (2 * H);
        } finally {
          p[i] = tmp;
        }
      }
    }
    return grads;
  }

  /**
   * Gradient of {@linkcode TwoLayerNet.loss} by backpropagation (the book's
   * §5.7 `gradient`), with integer labels.
   *
   * @param x Inputs, `N × inputSize`.
   * @param t `N` labels.
   * @returns New gradient arrays, shaped like the parameters.
   */
  gradient(x: Matrix, t: Labels): TwoLayerParams {
    this.checkLabels("compute the gradient", x, t);
    return this.backprop(x, (y, dy) => {
      for (let n = 0; n < y.rows; n++) {
        const label = t[n];
        if (!Number.isInteger(label) || label < 0 || label >= y.cols) {
          throw new RangeError(
            `Cannot compute the gradient as labels must be integers in [0, ${y.cols}): t[${n}]=${label}`,
          );
        }
        for (let k = 0; k < y.cols; k++) {
          const i = n * y.cols + k;
          dy[i] = (y.data[i] - (k === label ? 1 : 0)) / y.rows;
        }
      }
    });
  }

  /**
   * Backpropagation gradient with target rows as given: `dy = (y − t) / N`.
   * For one-hot `t` this equals {@linkcode TwoLayerNet.gradient}; for other
   * `t` it is the gradient of the soft-target cross-entropy, not of
   * {@linkcode TwoLayerNet.lossOneHot} (which uses only each row's argmax).
   *
   * @param x Inputs, `N × inputSize`.
   * @param t Targets, `N × outputSize`.
   * @returns New gradient arrays, shaped like the parameters.
   */
  gradientOneHot(x: Matrix, t: Matrix): TwoLayerParams {
    this.checkOneHot("compute the gradient", x, t);
    return this.backprop(x, (y, dy) => {
      for (let i = 0; i < dy.length; i++) dy[i] = (y.data[i] - t.data[i]) / y.rows;
    });
  }

  private backprop(x: Matrix, outputGrad: (y: Matrix, dy: Float64Array) => void): TwoLayerParams {
    this.checkInput("compute the gradient", x);
    if (x.rows === 0) {
      throw new RangeError("Cannot compute the gradient as the batch must not be empty: x.rows=0");
    }
    const { W1, b1, W2, b2 } = this.params;
    const n = x.rows, hidden = W1.cols, out = W2.cols;

    // forward
    const a1 = addRowVectorInPlace(matMul(x, W1), b1);
    const z1 = matrix(n, hidden, sigmoid(a1.data));
    const a2 = addRowVectorInPlace(matMul(z1, W2), b2);
    const y = softmaxRows(a2);

    // backward
    const dy = matrix(n, out);
    outputGrad(y, dy.data); // dy = (y - t) / batch_num
    const gW2 = matMulTransposeA(z1, dy); // np.dot(z1.T, dy)
    const gb2 = sumRows(dy); // np.sum(dy, axis=0)
    const da1 = matMulTransposeB(dy, W2); // np.dot(dy, W2.T)
    const dz1 = matrix(n, hidden); // sigmoid_grad(a1) * da1, with sigmoid(a1) = z1
    for (let i = 0; i < dz1.data.length; i++) {
      const s = z1.data[i];
      dz1.data[i] = ((1 - s) * s) * da1.data[i];
    }
    const gW1 = matMulTransposeA(x, dz1); // np.dot(x.T, dz1)
    const gb1 = sumRows(dz1); // np.sum(dz1, axis=0)
    return { W1: gW1, b1: gb1, W2: gW2, b2: gb2 };
  }
}
