/**
 * Loading a data set in both forms the trainer uses: the book's
 * `load_mnist(normalize=True)` (`lib/data/`), then its sparse rows
 * (`lib/engine/train_data.ts`).
 *
 * @module
 */

import { loadMnist, type LoadMnistOptions } from "../data/load.ts";
import { toTrainData } from "../engine/train_data.ts";
import type { TrainData } from "../engine/types.ts";

/**
 * Loads MNIST (or Fashion-MNIST) in both forms the trainer needs.
 *
 * @param options Where and what to load.
 * @returns Dense and sparse training and test sets.
 */
export async function loadTrainData(options: LoadMnistOptions): Promise<TrainData> {
  const mnist = await loadMnist({ ...options, normalize: true, oneHotLabel: false });
  return toTrainData(
    { x: mnist.train.x, labels: mnist.train.labels },
    { x: mnist.test.x, labels: mnist.test.labels },
  );
}
