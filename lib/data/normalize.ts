/**
 * The book's `normalize=True` and `one_hot_label=True` (§3.6.1): pixels to
 * float32 values in [0, 1] exactly as NumPy's `x.astype(np.float32) / 255.0`
 * gives them (widened to `Float64Array`), and labels to one-hot rows.
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";
import { checkImages } from "./_checks.ts";
import { MNIST_CLASSES, type MnistImages } from "./types.ts";

/**
 * NumPy's `np.float32(k) / np.float32(255)` for k = 0..255. `Math.fround(k / 255)`
 * gives the same float32: the double quotient is correctly rounded, and a
 * double carries more than 2·24 + 2 bits, so rounding it again to float32
 * cannot differ from rounding the exact quotient once (checked against NumPy
 * in tests/fixtures/mnist/normalize_table.json).
 */
const NORMALIZED = Float64Array.from({ length: 256 }, (_, k) => Math.fround(k / 255));

/**
 * One normalized pixel value, as the book computes it: `np.float32(k) / 255.0`
 * in float32 (§3.6.1, `normalize=True`), widened to a double.
 *
 * @param k Pixel value, an integer 0–255.
 * @returns The float32 value as a number.
 * @throws {RangeError} When k is not an integer 0–255.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { normalizedPixel } from "./normalize.ts";
 * assert.strictEqual(normalizedPixel(1), 0.003921568859368563); // float32, not 1/255
 * assert.strictEqual(normalizedPixel(255), 1);
 * ```
 */
export function normalizedPixel(k: number): number {
  if (!Number.isInteger(k) || k < 0 || k > 255) {
    throw new RangeError(`Cannot normalize a pixel as it must be an integer in 0..255: got ${k}`);
  }
  return NORMALIZED[k];
}

/**
 * The book's `normalize=True` (§3.6.1): pixels to `np.float32(p) / 255.0` in [0, 1],
 * one image per row (the book's `flatten=True`).
 *
 * @param images `count` images of `rows × cols` pixels.
 * @returns A new `count × (rows*cols)` matrix (8 bytes per pixel: 376 MB for the training set).
 * @throws {TypeError} When `pixels.length !== count * rows * cols`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { normalizeImages } from "./normalize.ts";
 * const x = normalizeImages({ count: 2, rows: 1, cols: 2, pixels: new Uint8Array([0, 51, 255, 128]) });
 * assert.deepStrictEqual([x.rows, x.cols], [2, 2]);
 * assert.deepStrictEqual(Array.from(x.data), [0, Math.fround(0.2), 1, Math.fround(128 / 255)]);
 * ```
 */
export function normalizeImages(images: MnistImages): Matrix {
  checkImages("normalize images", images);
  const { pixels } = images;
  const data = new Float64Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) data[i] = NORMALIZED[pixels[i]];
  return { rows: images.count, cols: images.rows * images.cols, data };
}

/**
 * The book's `one_hot_label=True` (§3.6.1, `_change_one_hot_label`): row i has a 1 in
 * column `labels[i]` and 0 elsewhere.
 *
 * @param labels Labels 0 to `classes - 1`.
 * @param classes Number of classes (10).
 * @returns A new `labels.length × classes` matrix.
 * @throws {RangeError} When a label is not below `classes`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { oneHotLabels } from "./normalize.ts";
 * const t = oneHotLabels(new Uint8Array([2, 0]), 3);
 * assert.deepStrictEqual(Array.from(t.data), [0, 0, 1, 1, 0, 0]);
 * ```
 */
export function oneHotLabels(labels: Uint8Array, classes: number = MNIST_CLASSES): Matrix {
  if (!(labels instanceof Uint8Array)) {
    throw new TypeError("Cannot make one-hot labels as labels must be a Uint8Array");
  }
  if (!Number.isInteger(classes) || classes < 1) {
    throw new RangeError(
      `Cannot make one-hot labels as classes must be a positive integer: classes=${classes}`,
    );
  }
  const data = new Float64Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= classes) {
      throw new RangeError(
        `Cannot make one-hot labels as every label must be below classes: classes=${classes}, ` +
          `index=${i}, got ${labels[i]}`,
      );
    }
    data[i * classes + labels[i]] = 1;
  }
  return { rows: labels.length, cols: classes, data };
}
