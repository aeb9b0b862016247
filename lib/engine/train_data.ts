/**
 * Building the sparse form of a data set, once per data set: MNIST is about
 * 81% exact zeros, and the fast first layer skips them (`lib/core/sparse_rows.ts`
 * says why that changes no bit). The rows are built in a shared WebAssembly
 * memory, where the training engines use them in place (`data_memory.ts`).
 *
 * @module
 */

import { DataMemory } from "./data_memory.ts";
import type { LabeledData, SparseData, TrainData } from "./types.ts";

function checkLabels(data: LabeledData): void {
  if (data.labels.length !== data.x.rows) {
    throw new TypeError(
      `Cannot prepare the data as there must be one label per image: ` +
        `images=${data.x.rows}, labels=${data.labels.length}`,
    );
  }
}

/**
 * Compresses a data set for the engine (skips the ~81% zero pixels of MNIST).
 *
 * @param data Dense images and labels.
 * @returns Sparse images and the same labels.
 * @throws {TypeError} When the label count differs from the row count.
 */
export function toSparseData(data: LabeledData): SparseData {
  checkLabels(data);
  return { x: new DataMemory().sparseRows(data.x), labels: data.labels };
}

/**
 * A training and a test set in both forms the trainer uses, the sparse rows
 * of both in one memory (so that an engine on them copies neither).
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
  checkLabels(train);
  checkLabels(test);
  const memory = new DataMemory();
  return {
    train,
    test,
    trainSparse: { x: memory.sparseRows(train.x), labels: train.labels },
    testSparse: { x: memory.sparseRows(test.x), labels: test.labels },
  };
}
