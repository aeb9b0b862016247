/**
 * Writing IDX files (§3.6.1): the inverse of `idx.ts`'s parsers, for tests,
 * benchmarks and tools that need MNIST-shaped files.
 *
 * @module
 */

import { checkImages } from "./_checks.ts";
import {
  IDX_IMAGES_HEADER,
  IDX_IMAGES_MAGIC,
  IDX_LABELS_HEADER,
  IDX_LABELS_MAGIC,
} from "./_idx_header.ts";
import type { MnistImages } from "./types.ts";

/**
 * Writes images as an IDX images file (uncompressed), the inverse of
 * {@linkcode parseIdxImages} (the format of the book's MNIST files, §3.6.1).
 *
 * @param images `count` images of `rows × cols` pixels.
 * @returns The file's bytes: 16-byte header, then the pixels.
 * @throws {TypeError} When `pixels.length !== count * rows * cols`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { encodeIdxImages } from "./idx_write.ts";
 * const bytes = encodeIdxImages({ count: 1, rows: 28, cols: 28, pixels: new Uint8Array(784) });
 * assert.deepStrictEqual(Array.from(bytes.subarray(0, 16)), [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 28, 0, 0, 0, 28]);
 * ```
 */
export function encodeIdxImages(images: MnistImages): Uint8Array {
  checkImages("encode IDX images", images);
  const out = new Uint8Array(IDX_IMAGES_HEADER + images.pixels.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, IDX_IMAGES_MAGIC);
  view.setUint32(4, images.count);
  view.setUint32(8, images.rows);
  view.setUint32(12, images.cols);
  out.set(images.pixels, IDX_IMAGES_HEADER);
  return out;
}

/**
 * Writes labels as an IDX labels file (uncompressed), the inverse of
 * {@linkcode parseIdxLabels} (§3.6.1).
 *
 * @param labels The labels.
 * @returns The file's bytes: 8-byte header, then the labels.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { encodeIdxLabels } from "./idx_write.ts";
 * assert.deepStrictEqual(Array.from(encodeIdxLabels(new Uint8Array([7]))), [0, 0, 8, 1, 0, 0, 0, 1, 7]);
 * ```
 */
export function encodeIdxLabels(labels: Uint8Array): Uint8Array {
  if (!(labels instanceof Uint8Array)) {
    throw new TypeError("Cannot encode IDX labels as labels must be a Uint8Array");
  }
  const out = new Uint8Array(IDX_LABELS_HEADER + labels.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, IDX_LABELS_MAGIC);
  view.setUint32(4, labels.length);
  out.set(labels, IDX_LABELS_HEADER);
  return out;
}
