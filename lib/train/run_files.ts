/**
 * A training run's files, as exp:04 and exp:07 write them into their result
 * set: the batch loss per iteration (`loss.csv`, Figure 4-11 as `loss.svg`)
 * and the accuracies per epoch (`accuracy.csv`, Figure 4-12 as
 * `accuracy.svg`), and the JSON fields that summarize the run — the book's
 * last per-epoch evaluation and the accuracy after training, each labelled
 * for what it is. A run compared with a baseline (exp:07's numerical
 * gradient against backprop) gets the baseline's columns beside its own and
 * a second panel with their difference, where the curves themselves would
 * lie on top of each other.
 *
 * @module
 */

import { linePlot, type Series, stackPlots } from "../results/plot.ts";
import type { ResultSet } from "../results/result_set.ts";
import type { EpochRecord, TrainResult } from "./types.ts";

/** A run and how its figures name it. */
export interface NamedRun {
  /** Legend name of its loss curve, e.g. "training loss (mini-batch)". */
  readonly name: string;
  readonly result: TrainResult;
}

/** Options of {@linkcode writeRunFiles}. */
export interface RunFilesOptions {
  /** Title of the loss figure. */
  readonly lossTitle: string;
  /** Title of the accuracy figure. */
  readonly accuracyTitle: string;
  /** A run to compare with: its columns are prefixed with `prefix` + `_`. */
  readonly baseline?: NamedRun & { readonly prefix: string };
}

/** Images in the sets, to turn an accuracy difference into a count of images. */
export interface SetSizes {
  readonly train: number;
  readonly test: number;
}

/** A column of epochs' values, NaN where the run has no such epoch. */
function column(epochs: readonly EpochRecord[], count: number, key: "trainAcc" | "testAcc") {
  return Array.from({ length: count }, (_, k) => epochs[k]?.[key] ?? NaN);
}

/**
 * Writes `loss.csv`, `accuracy.csv`, `loss.svg` and `accuracy.svg` of a
 * training run into `set`.
 *
 * @param set The experiment's result set (its JSON is written after these).
 * @param run The run.
 * @param sizes The training and test set sizes (for a baseline's difference in images).
 * @param options Titles and an optional baseline.
 */
export async function writeRunFiles(
  set: ResultSet,
  run: NamedRun,
  sizes: SetSizes,
  options: RunFilesOptions,
): Promise<void> {
  const { losses, epochs } = run.result;
  const base = options.baseline;
  const pre = base ? `${base.prefix}_` : "";
  await set.csv(
    "loss.csv",
    ["iteration", "loss", ...(base ? [`${pre}loss`] : [])],
    Array.from(losses, (l, i) => [i, l, ...(base ? [base.result.losses[i] ?? NaN] : [])]),
  );
  const n = epochs.length;
  const baseTrain = base && column(base.result.epochs, n, "trainAcc");
  const baseTest = base && column(base.result.epochs, n, "testAcc");
  await set.csv(
    "accuracy.csv",
    [
      "epoch",
      "iteration",
      "train_acc",
      "test_acc",
      ...(base ? [`${pre}train_acc`, `${pre}test_acc`] : []),
    ],
    epochs.map((e, k) => [
      e.epoch,
      e.iteration,
      e.trainAcc,
      e.testAcc,
      ...(base ? [baseTrain![k], baseTest![k]] : []),
    ]),
  );
  const lossSeries: Series[] = [{ name: run.name, x: losses.map((_, i) => i), y: losses }];
  if (base) {
    const y = base.result.losses;
    lossSeries.push({ name: base.name, x: y.map((_, i) => i), y, dashed: true });
  }
  // The x axis ends at the last iteration, not at a rounder number past it.
  const last = Math.max(losses.length, base?.result.losses.length ?? 0) - 1;
  await set.svg(
    "loss.svg",
    linePlot(lossSeries, {
      title: options.lossTitle,
      x: { title: "iteration", ...(last > 0 ? { domain: [0, last] as const } : {}) },
      y: { title: "loss" },
    }),
  );
  const x = epochs.map((e) => e.epoch);
  const accuracy = linePlot([
    { name: "train acc", x, y: epochs.map((e) => e.trainAcc), points: true },
    { name: "test acc", x, y: epochs.map((e) => e.testAcc), points: true, dashed: true },
  ], {
    title: base ? `${run.name} (train solid, test dashed)` : options.accuracyTitle,
    x: { title: "epochs", integer: true },
    y: { title: "accuracy", domain: [0, 1] },
  });
  if (!base) {
    await set.svg("accuracy.svg", accuracy);
    return;
  }
  const images = (a: number[], b: number[], size: number) =>
    a.map((v, k) => Math.round((v - b[k]) * size));
  const trainDiff = images(epochs.map((e) => e.trainAcc), baseTrain!, sizes.train);
  const testDiff = images(epochs.map((e) => e.testAcc), baseTest!, sizes.test);
  // Symmetric, at least ±2 images, so that "no difference" reads as a line at 0.
  const span = Math.max(2, ...[...trainDiff, ...testDiff].filter(Number.isFinite).map(Math.abs)) +
    1;
  const difference = linePlot([
    { name: `train (of ${sizes.train} images)`, x, y: trainDiff, points: true },
    { name: `test (of ${sizes.test} images)`, x, y: testDiff, points: true, dashed: true },
  ], {
    title: `${run.name} minus ${base.name}: images classified right`,
    x: { title: "epochs", integer: true },
    y: { title: "difference (images)", domain: [-span, span], integer: true },
    height: 160,
  });
  await set.svg("accuracy.svg", stackPlots([accuracy, difference], options.accuracyTitle));
}

/**
 * The JSON fields that summarize a run: `lastEpoch`, the last of the book's
 * per-epoch evaluations (null when there was none), and `afterTraining`,
 * the accuracy of the final parameters with the last batch loss (null after
 * 0 iterations).
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { runSummary } from "./run_files.ts";
 * const result = {
 *   losses: new Float64Array([2.3, 2.2]), iterPerEpoch: 600, diverged: null,
 *   epochs: [{ epoch: 0, iteration: 0, trainAcc: 0.1, testAcc: 0.11 }],
 *   afterTraining: { iterations: 2, trainAcc: 0.12, testAcc: 0.13 },
 * };
 * assert.deepStrictEqual(runSummary(result), {
 *   lastEpoch: { epoch: 0, iteration: 0, trainAcc: 0.1, testAcc: 0.11 },
 *   afterTraining: { iterations: 2, trainAcc: 0.12, testAcc: 0.13, loss: 2.2 },
 * });
 * ```
 */
export function runSummary(result: TrainResult): {
  lastEpoch: EpochRecord | null;
  afterTraining: TrainResult["afterTraining"] & { loss: number | null };
} {
  return {
    lastEpoch: result.epochs.at(-1) ?? null,
    afterTraining: { ...result.afterTraining, loss: result.losses.at(-1) ?? null },
  };
}

/**
 * A run's accuracies in words, for a summary line: the last per-epoch
 * evaluation (when there was one), then after training.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { describeRun } from "./run_files.ts";
 * const lastEpoch = { epoch: 16, iteration: 9600, trainAcc: 0.948, testAcc: 0.9468 };
 * const afterTraining = { iterations: 10000, trainAcc: 0.949, testAcc: 0.9474, loss: 0.1 };
 * assert.strictEqual(describeRun({ lastEpoch, afterTraining }),
 *   "last epoch (16, iteration 9600) train acc 0.948, test acc 0.9468; " +
 *     "after training train acc 0.949, test acc 0.9474");
 * ```
 */
export function describeRun({ lastEpoch, afterTraining }: ReturnType<typeof runSummary>): string {
  const last = lastEpoch
    ? `last epoch (${lastEpoch.epoch}, iteration ${lastEpoch.iteration}) train acc ` +
      `${lastEpoch.trainAcc}, test acc ${lastEpoch.testAcc}; `
    : "";
  return `${last}after training train acc ${afterTraining.trainAcc}, test acc ${afterTraining.testAcc}`;
}

/**
 * The config a training run's JSON records: every setting that can change a
 * number (the book's job, its gradient method, the data set), in a fixed
 * order; `h` (the numerical gradient's step) after the method when given.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { runConfig } from "./run_files.ts";
 * const c = { seed: 0, hidden: 50, iters: 10000, batch: 100, lr: 0.1, dataset: "mnist" };
 * assert.deepStrictEqual(Object.keys(runConfig(c, "numerical", 1e-4)), [
 *   "seed", "inputSize", "hidden", "outputSize", "iters", "batch", "lr", "gradient", "h",
 *   "dataset", "weightInitStd",
 * ]);
 * ```
 */
export function runConfig(
  c: {
    readonly seed: number;
    readonly hidden: number;
    readonly iters: number;
    readonly batch: number;
    readonly lr: number;
    readonly dataset: string;
  },
  gradient: "backprop" | "numerical",
  h?: number,
): Record<string, number | string> {
  return {
    seed: c.seed,
    inputSize: 784,
    hidden: c.hidden,
    outputSize: 10,
    iters: c.iters,
    batch: c.batch,
    lr: c.lr,
    gradient,
    ...(h === undefined ? {} : { h }),
    dataset: c.dataset,
    weightInitStd: 0.01,
  };
}
