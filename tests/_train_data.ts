// Test data for the engine and the trainer: MNIST-like sets with labels drawn from the images,
// the book's dense batch gather, and the worker configurations every engine test runs.

import { type Matrix, matrix } from "../lib/core/matrix.ts";
import { RandomState } from "../lib/core/random.ts";
import { toTrainData } from "../lib/engine/train_data.ts";
import type { EngineOptions, LabeledData, TrainData } from "../lib/engine/types.ts";

/** MNIST-like images: ~81% zeros, the rest float32(k / 255); labels from the images. */
export function imageSet(rng: RandomState, rows: number, cols: number): LabeledData {
  const x = matrix(rows, cols), labels = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) {
      if (rng.random() < 0.19) {
        const v = Math.fround((1 + rng.randint(0, 255, 1)[0]) / 255);
        x.data[r * cols + c] = v;
        s += c * v;
      }
    }
    labels[r] = Math.floor(s) % 10;
  }
  return { x, labels };
}

export function trainData(seed: number, cols = 64, trainRows = 300, testRows = 120): TrainData {
  const rng = new RandomState(seed);
  const train = imageSet(rng, trainRows, cols), test = imageSet(rng, testRows, cols);
  return toTrainData(train, test);
}

export function gather(data: LabeledData, ids: ArrayLike<number>): [Matrix, Uint8Array] {
  const cols = data.x.cols, x = matrix(ids.length, cols), t = new Uint8Array(ids.length);
  for (let r = 0; r < ids.length; r++) {
    x.data.set(data.x.data.subarray(ids[r] * cols, (ids[r] + 1) * cols), r * cols);
    t[r] = data.labels[ids[r]];
  }
  return [x, t];
}

/** Worker configurations: none, step workers only, evaluation workers only, both. */
export const RUNS: readonly EngineOptions[] = [
  { stepWorkers: 0, evalWorkers: 0 },
  { stepWorkers: 1, evalWorkers: 0 },
  { stepWorkers: 0, evalWorkers: 1 },
  { stepWorkers: 2, evalWorkers: 2 },
];

/** A configuration's name in test steps. */
export const label = (o: EngineOptions) =>
  `step ${o.stepWorkers ?? "-"} eval ${o.evalWorkers ?? "-"}`;
