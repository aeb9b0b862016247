/**
 * The nets' parameter types (the book's `params` dict) and the small helpers
 * every layer above uses on them: the flat buffer of an entry, zeros shaped
 * like the parameters, a checked copy.
 *
 * @module
 */

import { type Matrix, matrix } from "../core/matrix.ts";

/** The network's parameters (the book's `params` dict), also the shape of its gradients. */
export interface TwoLayerParams {
  /** First-layer weights, `inputSize × hiddenSize`. */
  readonly W1: Matrix;
  /** First-layer biases, `hiddenSize`. */
  readonly b1: Float64Array;
  /** Second-layer weights, `hiddenSize × outputSize`. */
  readonly W2: Matrix;
  /** Second-layer biases, `outputSize`. */
  readonly b2: Float64Array;
}

/** The parameter names in the book's order. */
export const PARAM_KEYS = ["W1", "b1", "W2", "b2"] as const;

/** Integer class labels, one per row. */
export type Labels = Uint8Array | Int32Array | Uint32Array;

/** Anything that draws a standard-normal matrix, such as `RandomState`. */
export interface NormalSource {
  /** `rows × cols` standard normals in row-major order (NumPy's `randn(rows, cols)`). */
  randnMatrix(rows: number, cols: number): Matrix;
}

/** The flat buffer of a parameter or gradient entry. */
export function paramData(p: TwoLayerParams, key: typeof PARAM_KEYS[number]): Float64Array {
  const v = p[key];
  return v instanceof Float64Array ? v : v.data;
}

/**
 * Copies every entry of `from` into `to` (the same shapes).
 *
 * @param from Source parameters.
 * @param to Destination, overwritten (may be `from` itself).
 * @throws {TypeError} When an entry has another number of elements.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { matrix } from "../core/matrix.ts";
 * import { copyParams, zeroParamsLike } from "./params.ts";
 * const p = { W1: matrix(1, 1, new Float64Array([2])), b1: new Float64Array(1), W2: matrix(1, 1), b2: new Float64Array(1) };
 * const q = zeroParamsLike(p);
 * copyParams(p, q);
 * assert.strictEqual(q.W1.data[0], 2);
 * ```
 */
export function copyParams(from: TwoLayerParams, to: TwoLayerParams): void {
  for (const key of PARAM_KEYS) {
    const a = paramData(from, key), b = paramData(to, key);
    if (a.length !== b.length) {
      throw new TypeError(
        `Cannot copy the parameters as ${key} must have ${b.length} elements: got ${a.length}`,
      );
    }
    if (a !== b) b.set(a);
  }
}

/**
 * Zero-filled arrays shaped like `p` (the book's `np.zeros_like` per key).
 *
 * @param p Parameters.
 * @returns New zero arrays.
 */
export function zeroParamsLike(p: TwoLayerParams): TwoLayerParams {
  return {
    W1: matrix(p.W1.rows, p.W1.cols),
    b1: new Float64Array(p.b1.length),
    W2: matrix(p.W2.rows, p.W2.cols),
    b2: new Float64Array(p.b2.length),
  };
}
