/**
 * Building the sparse form of a data set, once per data set: MNIST is about
 * 81% exact zeros, and the fast first layer skips them (`lib/core/sparse_rows.ts`
 * says why that changes no bit).
 *
 * @module
 */

import { toSparseRows } from "../core/sparse_rows.ts";
import type { LabeledData, SparseData, TrainData } from "./types.ts";

/**
 * Compresses a data set for the engine (skips the ~81% zero pixels of MNIST).
 *
 * @param data Dense images and labels.
 * @returns Sparse images and the same labels.
 * @throws {TypeError} When the label count differs from the row count.
 */
export function toSparseData(data: LabeledData): SparseData {
  if (data.labels.length !== data.x.rows) {
    throw new TypeError(
      `Cannot prepare the data as there must be one label per image: ` +
        `images=${data.x.rows}, labels=${data.labels.length}`,
    );
  }
  return { x: toSparseRows(data.x), labels: data.labels };
}

/**
 * A training and a test set in both forms the trainer uses.
 *
 * @param train Dense training set.
 * @param test Dense test set.
 * @returns Both, with their sparse rows.
 * @throws {TypeError} When a set has another number of labels than images.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { fromRows } from "../core/convert.ts";
 * import { toTrainData } from "./train_data.ts";
 * const set = { x: fromRows([[0, 0.5], [1, 0]]), labels: new Uint8Array([1, 0]) };
 * const data = toTrainData(set, set);
 * assert.deepStrictEqual(Array.from(data.trainSparse.x.value), [0.5, 1]);
 * ```
 */
export function toTrainData(train: LabeledData, test: LabeledData): TrainData {
  return { train, test, trainSparse: toSparseData(train), testSparse: toSparseData(test) };
}
