/**
 * Loading a data set in both forms the trainer uses: the book's
 * `load_mnist(normalize=True)` (`lib/data/`), then its sparse rows
 * (`lib/engine/train_data.ts`).
 *
 * @module
 */

import { loadMnist, type LoadMnistOptions } from "../data/load.ts";
import type { MnistSource } from "../data/types.ts";
import { toTrainData } from "../engine/train_data.ts";
import type { TrainData } from "../engine/types.ts";

/** A data set in both forms, and where it came from. */
export interface LoadedTrainData extends TrainData {
  /** The folder and format it was read from. */
  readonly source: MnistSource;
}

/**
 * Loads MNIST (or Fashion-MNIST) in both forms the trainer needs.
 *
 * @param options Where and what to load.
 * @returns Dense and sparse training and test sets, and their source.
 */
export async function loadTrainData(options: LoadMnistOptions): Promise<LoadedTrainData> {
  const mnist = await loadMnist({ ...options, normalize: true, oneHotLabel: false });
  const data = toTrainData(
    { x: mnist.train.x, labels: mnist.train.labels },
    { x: mnist.test.x, labels: mnist.test.labels },
  );
  return { ...data, source: mnist.source };
}
