// Argument checks shared by several files of lib/data (private: not re-exported).

import { MNIST_DATASETS, type MnistDataset, type MnistImages } from "./types.ts";

/** Throws a `RangeError` unless `dataset` is one of {@linkcode MNIST_DATASETS}. */
export function checkDataset(dataset: unknown): asserts dataset is MnistDataset {
  if (!(MNIST_DATASETS as readonly unknown[]).includes(dataset)) {
    const choices = MNIST_DATASETS.join(", ");
    throw new RangeError(
      `Cannot find MNIST data as dataset must be one of ${choices}: got ${String(dataset)}`,
    );
  }
}

/** Throws a `TypeError` unless `images` has non-negative sizes and `count*rows*cols` pixel bytes. */
export function checkImages(action: string, images: MnistImages): void {
  const { count, rows, cols, pixels } = images;
  for (const [name, v] of [["count", count], ["rows", rows], ["cols", cols]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new TypeError(
        `Cannot ${action} as ${name} must be a non-negative integer: ${name}=${v}`,
      );
    }
  }
  if (!(pixels instanceof Uint8Array) || pixels.length !== count * rows * cols) {
    throw new TypeError(
      `Cannot ${action} as pixels must be a Uint8Array of count*rows*cols bytes: ` +
        `count=${count}, rows=${rows}, cols=${cols}, pixels.length=${pixels?.length}`,
    );
  }
}
