/**
 * A hidden-size sweep's result files (exp:05): one record per run, the mean ±
 * std per size, the CSV series and figures, and the JSON written last as a
 * result set. The same bytes whether the sweep ran whole, sharded and merged,
 * or resumed: every file is a function of the config and the run records.
 *
 * @module
 */

import { meanStd } from "../core/statistics.ts";
import { errorBarPlot } from "../results/error_bar_plot.ts";
import { linePlot } from "../results/plot.ts";
import { resultSet } from "../results/result_set.ts";
import type { ExperimentHeader } from "../results/types.ts";
import type { RunOutcome, RunSpec } from "./sweep_run.ts";
import type { AfterTraining, EpochRecord } from "./types.ts";

/** The experiment's name: the stem of its files. */
export const SWEEP_NAME = "05_hidden_size_sweep";

/** The settings that can change a number, as every file of the sweep records them. */
export interface SweepConfig {
  /** Hidden sizes to compare. */
  readonly hidden: readonly number[];
  /** Seeds per hidden size. */
  readonly seeds: readonly number[];
  /** Iterations per run. */
  readonly iters: number;
  /** Mini-batch size. */
  readonly batch: number;
  /** Learning rate. */
  readonly lr: number;
  readonly dataset: string;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly weightInitStd: number;
  readonly gradient: "backprop";
}

/** One run as the results files hold it. */
export interface RunRecord {
  readonly hidden: number;
  readonly seed: number;
  readonly status: "completed" | "diverged";
  readonly iterationsCompleted: number;
  /** The last of the book's per-epoch evaluations (null when there was none: 0 iterations). */
  readonly lastEpoch: EpochRecord | null;
  /** The final parameters' accuracy, and the last batch loss (null for 0 iterations). */
  readonly afterTraining: AfterTraining & { readonly loss: number | null };
  readonly epochs: {
    readonly iteration: readonly number[];
    readonly trainAcc: readonly number[];
    readonly testAcc: readonly number[];
  };
}

/** One hidden size over its seeds. */
export interface SizeSummary {
  readonly hidden: number;
  readonly runs: number;
  readonly diverged: number;
  /** Mean ± std (n − 1) of the after-training accuracies. */
  readonly trainAcc: { readonly mean: number; readonly std: number };
  readonly testAcc: { readonly mean: number; readonly std: number };
  /** Mean test accuracy at each of the book's evaluations (as many as every run has). */
  readonly meanTestAccByEpoch: readonly number[];
}

/** The curves figure starts here: before, every size is far below its final accuracy. */
const CURVES_FROM_EPOCH = 2;

/** The sweep's header, as every one of its JSON files starts. */
export function sweepHeader(config: SweepConfig): ExperimentHeader {
  return {
    experiment: SWEEP_NAME,
    section: "4.5",
    title: "Hidden-layer size sweep of the two-layer net, several seeds per size",
    seed: null,
    config: { ...config, hidden: [...config.hidden], seeds: [...config.seeds] },
  };
}

/** The sweep's runs, sizes outer, seeds inner. */
export function sweepRunSpecs(config: SweepConfig): RunSpec[] {
  return config.hidden.flatMap((hidden) =>
    config.seeds.map((seed) => ({
      seed,
      hidden,
      iters: config.iters,
      batchSize: config.batch,
      lr: config.lr,
    }))
  );
}

/** A run's record from its outcome. */
export function runRecord(o: RunOutcome): RunRecord {
  return {
    hidden: o.spec.hidden,
    seed: o.spec.seed,
    status: o.status,
    iterationsCompleted: o.iterationsCompleted,
    lastEpoch: o.epochs.at(-1) ?? null,
    afterTraining: { ...o.afterTraining, loss: o.finalLoss },
    epochs: {
      iteration: o.epochs.map((e) => e.iteration),
      trainAcc: o.epochs.map((e) => e.trainAcc),
      testAcc: o.epochs.map((e) => e.testAcc),
    },
  };
}

/**
 * Mean ± std per hidden size of the after-training accuracies.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { summarizeSweep } from "./sweep_results.ts";
 * const run = (seed: number, testAcc: number) => ({
 *   hidden: 10, seed, status: "completed" as const, iterationsCompleted: 1, lastEpoch: null,
 *   afterTraining: { iterations: 1, trainAcc: testAcc, testAcc, loss: 1 },
 *   epochs: { iteration: [0], trainAcc: [0.1], testAcc: [0.1] },
 * });
 * const [s] = summarizeSweep([10], [run(0, 0.5), run(1, 0.7)]);
 * assert.deepStrictEqual([s.runs, s.testAcc.mean], [2, 0.6]);
 * ```
 */
export function summarizeSweep(
  hidden: readonly number[],
  runs: readonly RunRecord[],
): SizeSummary[] {
  return hidden.map((h) => {
    const mine = runs.filter((r) => r.hidden === h);
    const acc = (key: "trainAcc" | "testAcc") => meanStd(mine.map((r) => r.afterTraining[key]));
    const epochCount = Math.min(...mine.map((r) => r.epochs.testAcc.length));
    return {
      hidden: h,
      runs: mine.length,
      diverged: mine.filter((r) => r.status === "diverged").length,
      trainAcc: acc("trainAcc"),
      testAcc: acc("testAcc"),
      meanTestAccByEpoch: Array.from(
        { length: epochCount },
        (_, e) => meanStd(mine.map((r) => r.epochs.testAcc[e])).mean,
      ),
    };
  });
}

/**
 * Writes the sweep's result set into `out`: the runs (CSV), the summary
 * (CSV), every run's per-epoch accuracies (CSV), the two figures, then the
 * JSON with their SHA-256.
 *
 * @param out Results directory.
 * @param config The sweep's settings.
 * @param runs One record per run, in {@linkcode sweepRunSpecs} order.
 * @returns The summary per size and the JSON's path.
 */
export async function writeSweepResults(
  out: string,
  config: SweepConfig,
  runs: readonly RunRecord[],
): Promise<{ sizes: SizeSummary[]; path: string }> {
  const sizes = summarizeSweep(config.hidden, runs);
  const set = resultSet(out, SWEEP_NAME);
  await set.csv(
    "csv",
    ["hidden", "seed", "status", "iterations", "after_train_acc", "after_test_acc", "last_loss"],
    runs.map((r) => [
      r.hidden,
      r.seed,
      r.status,
      r.iterationsCompleted,
      r.afterTraining.trainAcc,
      r.afterTraining.testAcc,
      r.afterTraining.loss ?? NaN,
    ]),
  );
  await set.csv(
    "summary.csv",
    ["hidden", "runs", "train_acc_mean", "train_acc_std", "test_acc_mean", "test_acc_std"],
    sizes.map((s) => [
      s.hidden,
      s.runs,
      s.trainAcc.mean,
      s.trainAcc.std,
      s.testAcc.mean,
      s.testAcc.std,
    ]),
  );
  await set.csv(
    "accuracy.csv",
    ["hidden", "seed", "epoch", "iteration", "train_acc", "test_acc"],
    runs.flatMap((r) =>
      r.epochs.iteration.map((it, e) => [
        r.hidden,
        r.seed,
        e,
        it,
        r.epochs.trainAcc[e],
        r.epochs.testAcc[e],
      ])
    ),
  );
  const seeds = config.seeds.length;
  await set.svg(
    "test_accuracy.svg",
    errorBarPlot(sizes.map((s) => ({ x: s.hidden, mean: s.testAcc.mean, spread: s.testAcc.std })), {
      title: `Test accuracy after training vs hidden size (mean ± std over ${seeds} seeds)`,
      x: {
        title: "hidden units",
        log: true,
        domain: [Math.min(...config.hidden) / 1.3, Math.max(...config.hidden) * 1.3],
      },
      y: { title: "test accuracy" },
    }),
  );
  await set.svg(
    "curves.svg",
    linePlot(
      // From epoch 2 on, where the sizes differ by tenths of a percent (the CSV has every epoch).
      sizes.map((s) => ({
        name: `hidden ${s.hidden}`,
        x: s.meanTestAccByEpoch.map((_, e) => e).slice(CURVES_FROM_EPOCH),
        y: s.meanTestAccByEpoch.slice(CURVES_FROM_EPOCH),
        points: true,
      })),
      {
        title: `Test accuracy per epoch from epoch ${CURVES_FROM_EPOCH} (mean over ${seeds} seeds)`,
        x: { title: "epochs" },
        y: { title: "test accuracy" },
      },
    ),
  );
  const path = await set.json(sweepHeader(config), { summary: sizes, runs });
  return { sizes, path };
}

/**
 * The sweep's table, as exp:05 and sweep:merge print it.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { sweepTable } from "./sweep_results.ts";
 * const size = { hidden: 50, runs: 2, diverged: 0, meanTestAccByEpoch: [],
 *   trainAcc: { mean: 0.947, std: 0.0013 }, testAcc: { mean: 0.9459, std: NaN } };
 * assert.strictEqual(sweepTable([size]).split("\n")[2],
 *   "    50     2  0.9470 ± 0.0013         0.9459 ±   n/a ");
 * ```
 */
export function sweepTable(sizes: readonly SizeSummary[]): string {
  const f = (m: { mean: number; std: number }) =>
    `${m.mean.toFixed(4)} ± ${Number.isFinite(m.std) ? m.std.toFixed(4) : "  n/a "}`;
  return [
    "accuracy after training, mean ± std over the seeds:",
    "hidden  runs  train acc (mean ± std)  test acc (mean ± std)",
    ...sizes.map((s) =>
      `${String(s.hidden).padStart(6)}  ${String(s.runs).padStart(4)}  ${
        f(s.trainAcc).padEnd(22)
      }  ${f(s.testAcc)}` + (s.diverged ? `  (${s.diverged} diverged)` : "")
    ),
  ].join("\n");
}
