/**
 * The two data sets by name (§3.6.1): what to call them in messages, how
 * their files are named, which environment variable and which default
 * folders hold them.
 *
 * @module
 */

import type { MnistDataset } from "./types.ts";
import { checkDataset } from "./_checks.ts";

/** How messages name each data set. */
export const MNIST_DATASET_NAMES: Readonly<Record<MnistDataset, string>> = {
  "mnist": "MNIST",
  "fashion-mnist": "Fashion-MNIST",
};

/**
 * How messages name a data set: "MNIST" or "Fashion-MNIST".
 *
 * @param dataset The data set.
 * @returns Its name.
 * @throws {RangeError} For an unknown data set.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { mnistDatasetName } from "./datasets.ts";
 * assert.strictEqual(mnistDatasetName("fashion-mnist"), "Fashion-MNIST");
 * ```
 */
export function mnistDatasetName(dataset: MnistDataset): string {
  checkDataset(dataset);
  return MNIST_DATASET_NAMES[dataset];
}

/** The four IDX file names (without `.gz`) of the book's `key_file` (§3.6.1), the same for both data sets. */
export const MNIST_IDX_FILES = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
} as const;

/** Where Debian's `dataset-fashion-mnist` package installs the Fashion-MNIST IDX files. */
export const DEBIAN_FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

/** The environment variable that overrides each data set's folder. */
export const MNIST_DIR_ENV: Readonly<Record<MnistDataset, string>> = {
  "mnist": "MNIST_DIR",
  "fashion-mnist": "FASHION_MNIST_DIR",
};

/**
 * The CSV file names of a data set (§3.6.1): `mnist_train.csv` / `mnist_test.csv`
 * (the common MNIST layout) and `fashion-mnist_train.csv` /
 * `fashion-mnist_test.csv` (the Kaggle Fashion-MNIST layout).
 *
 * @param dataset The data set.
 * @returns The training and test CSV file names.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { mnistCsvFiles } from "./datasets.ts";
 * assert.deepStrictEqual(mnistCsvFiles("mnist"), { train: "mnist_train.csv", test: "mnist_test.csv" });
 * ```
 */
export function mnistCsvFiles(dataset: MnistDataset): { train: string; test: string } {
  checkDataset(dataset);
  return { train: `${dataset}_train.csv`, test: `${dataset}_test.csv` };
}
