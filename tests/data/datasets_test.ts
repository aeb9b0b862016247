// Tests of lib/data/datasets.ts: each data set's names.

import assert from "node:assert";
import { throwsExactly } from "../_assert.ts";
import { MNIST_DATASET_NAMES, mnistCsvFiles } from "../../lib/data/mod.ts";

Deno.test("mnistCsvFiles() names the common MNIST and Kaggle Fashion-MNIST CSV files", () => {
  assert.deepStrictEqual(mnistCsvFiles("fashion-mnist"), {
    train: "fashion-mnist_train.csv",
    test: "fashion-mnist_test.csv",
  });
  assert.deepStrictEqual(MNIST_DATASET_NAMES, {
    "mnist": "MNIST",
    "fashion-mnist": "Fashion-MNIST",
  });
  throwsExactly(
    () => mnistCsvFiles("emnist" as "mnist"),
    RangeError,
    "Cannot find MNIST data as dataset must be one of mnist, fashion-mnist: got emnist",
  );
});
