// Result sets for the comparison tests, written to temporary folders (not a test file itself):
// exp:04-like single runs in today's format (`final`) or the coming one (`lastEpoch` +
// `afterTraining`, `files` as name → SHA-256), and exp:05-like sweep files.

import { join } from "node:path";
import { formatCsv, stringifyResults } from "../../../lib/results/mod.ts";

export const RUNTIME = { deno: "2.9.6", v8: "15.0.245.2-rusty", typescript: "6.0.3" };

/** One exp:04-like run. */
export interface TrainingRunOptions {
  readonly seed?: number;
  readonly hidden?: number;
  readonly lr?: number;
  /** Batch losses, one per iteration (default: a seeded-looking decreasing curve). */
  readonly losses?: readonly number[];
  /** Per-epoch accuracies [trainAcc, testAcc] (default: two epochs). */
  readonly epochs?: readonly (readonly [number, number])[];
  readonly iterPerEpoch?: number;
  /** Write the coming format: lastEpoch + afterTraining, files with digests. */
  readonly newFormat?: boolean;
  /** afterTraining accuracies (new format; default: the last epoch's). */
  readonly afterTraining?: readonly [number, number];
  readonly runtime?: Record<string, string>;
  readonly status?: string;
  /** Leave the accuracy CSV out (a set missing a listed file). */
  readonly skipAccuracyCsv?: boolean;
}

/** A decreasing loss curve with a seed-dependent wiggle. */
export function lossCurve(n: number, seed: number): number[] {
  return Array.from(
    { length: n },
    (_, i) => 2.3 * Math.exp(-i / (n / 3)) + 0.01 * Math.sin(i * (seed + 1)),
  );
}

/** Writes `<dir>/04_train_two_layer_net.{json,loss.csv,accuracy.csv}`; returns the JSON's path. */
export async function writeTrainingRun(dir: string, o: TrainingRunOptions = {}): Promise<string> {
  const seed = o.seed ?? 0, hidden = o.hidden ?? 50, lr = o.lr ?? 0.1;
  const losses = o.losses ?? lossCurve(1200, seed);
  const iterPerEpoch = o.iterPerEpoch ?? 600;
  const epochs = o.epochs ??
    [[0.09915 + seed / 100, 0.1009 + seed / 100], [0.7823 - seed / 200, 0.7915 - seed / 250]];
  const name = "04_train_two_layer_net";
  await Deno.mkdir(dir, { recursive: true });
  const lossCsv = formatCsv(["iteration", "loss"], losses.map((l, i) => [i, l]));
  const accCsv = formatCsv(
    ["epoch", "iteration", "train_acc", "test_acc"],
    epochs.map(([tr, te], e) => [e, e * iterPerEpoch, tr, te]),
  );
  await Deno.writeTextFile(join(dir, `${name}.loss.csv`), lossCsv);
  if (!o.skipAccuracyCsv) await Deno.writeTextFile(join(dir, `${name}.accuracy.csv`), accCsv);
  const last = epochs.at(-1)!;
  const lastIteration = (epochs.length - 1) * iterPerEpoch;
  const final = o.newFormat
    ? {
      lastEpoch: {
        epoch: epochs.length - 1,
        iteration: lastIteration,
        trainAcc: last[0],
        testAcc: last[1],
      },
      afterTraining: {
        iterations: losses.length,
        trainAcc: (o.afterTraining ?? last)[0],
        testAcc: (o.afterTraining ?? last)[1],
        loss: losses.length > 0 ? losses.at(-1)! : null,
      },
    }
    : { final: { trainAcc: last[0], testAcc: last[1], loss: losses.at(-1) ?? null } };
  const files = o.newFormat
    ? { [`${name}.loss.csv`]: "ab".repeat(32), [`${name}.accuracy.csv`]: "cd".repeat(32) }
    : { loss: `${name}.loss.csv`, accuracy: `${name}.accuracy.csv`, figures: [`${name}.loss.svg`] };
  const doc = {
    experiment: name,
    section: "4.5",
    title: "Training the two-layer net on MNIST with mini-batch SGD",
    seed,
    config: {
      seed,
      inputSize: 784,
      hidden,
      outputSize: 10,
      iters: losses.length,
      batch: 100,
      lr,
      gradient: "backprop",
      dataset: "mnist",
      weightInitStd: 0.01,
    },
    runtime: o.runtime ?? RUNTIME,
    status: o.status ?? "completed",
    diverged: null,
    iterationsCompleted: losses.length,
    iterPerEpoch,
    ...final,
    epochs: {
      epoch: epochs.map((_, e) => e),
      iteration: epochs.map((_, e) => e * iterPerEpoch),
      trainAcc: epochs.map(([tr]) => tr),
      testAcc: epochs.map(([, te]) => te),
    },
    files,
  };
  const path = join(dir, `${name}.json`);
  await Deno.writeTextFile(path, stringifyResults(doc));
  return path;
}

/** One run of a sweep: its settings and final accuracies. */
export interface SweepRun {
  readonly hidden: number;
  readonly seed: number;
  readonly trainAcc: number;
  readonly testAcc: number;
  readonly status?: string;
}

/**
 * Writes `<dir>/05_hidden_size_sweep.json` in exp:05's layout, its runs with `final` (the old
 * format) or `lastEpoch` + `afterTraining` (`newFormat`, what the sweep writes now; the given
 * accuracies are then the after-training ones); returns its path.
 */
export async function writeSweep(
  dir: string,
  runs: readonly SweepRun[],
  options: { readonly newFormat?: boolean } = {},
): Promise<string> {
  const doc = {
    experiment: "05_hidden_size_sweep",
    section: "4.5",
    title: "Hidden-layer size sweep of the two-layer net, several seeds per size",
    seed: null,
    config: {
      hidden: [...new Set(runs.map((r) => r.hidden))],
      seeds: [...new Set(runs.map((r) => r.seed))],
      iters: 1200,
      batch: 100,
      lr: 0.1,
      dataset: "mnist",
      inputSize: 784,
      outputSize: 10,
      weightInitStd: 0.01,
      gradient: "backprop",
    },
    runtime: RUNTIME,
    summary: [],
    runs: runs.map((r) => ({
      hidden: r.hidden,
      seed: r.seed,
      status: r.status ?? "completed",
      iterationsCompleted: 1200,
      ...(options.newFormat
        ? {
          lastEpoch: {
            epoch: 1,
            iteration: 600,
            trainAcc: r.trainAcc - 0.1,
            testAcc: r.testAcc - 0.1,
          },
          afterTraining: { iterations: 1200, trainAcc: r.trainAcc, testAcc: r.testAcc, loss: 0.4 },
        }
        : { final: { trainAcc: r.trainAcc, testAcc: r.testAcc, loss: 0.4 } }),
      epochs: {
        iteration: [0, 600],
        trainAcc: [0.1, r.trainAcc],
        testAcc: [0.1, r.testAcc],
      },
    })),
    files: { runs: "05_hidden_size_sweep.csv" },
  };
  await Deno.mkdir(dir, { recursive: true });
  const path = join(dir, "05_hidden_size_sweep.json");
  await Deno.writeTextFile(path, stringifyResults(doc));
  return path;
}

/** The real 2 sizes × 3 seeds sweep of the fixtures (exp:05 --hidden 50,100 --seeds 0,1,2 --iters 1200). */
export const SWEEP_2X3: readonly SweepRun[] = [
  { hidden: 50, seed: 0, trainAcc: 0.7823333333333333, testAcc: 0.7915 },
  { hidden: 50, seed: 1, trainAcc: 0.7781666666666667, testAcc: 0.7841 },
  { hidden: 50, seed: 2, trainAcc: 0.7861833333333333, testAcc: 0.7925 },
  { hidden: 100, seed: 0, trainAcc: 0.8157833333333333, testAcc: 0.8205 },
  { hidden: 100, seed: 1, trainAcc: 0.8189333333333333, testAcc: 0.8242 },
  { hidden: 100, seed: 2, trainAcc: 0.8171, testAcc: 0.8231 },
];

/** The same sweep's accuracies after training (what `exp:05` records now, shown in the README). */
export const SWEEP_2X3_AFTER_TRAINING: readonly SweepRun[] = [
  { hidden: 50, seed: 0, trainAcc: 0.8789833333333333, testAcc: 0.8827 },
  { hidden: 50, seed: 1, trainAcc: 0.87875, testAcc: 0.8817 },
  { hidden: 50, seed: 2, trainAcc: 0.8767666666666667, testAcc: 0.8814 },
  { hidden: 100, seed: 0, trainAcc: 0.8822, testAcc: 0.8879 },
  { hidden: 100, seed: 1, trainAcc: 0.8836333333333334, testAcc: 0.8869 },
  { hidden: 100, seed: 2, trainAcc: 0.8820166666666667, testAcc: 0.8868 },
];

/** A temporary folder, removed after `fn`. */
export async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "dlfs_compare_test_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The SciPy fixture cases (tests/fixtures/compare/welch.json). */
export interface WelchCase {
  readonly name: string;
  readonly a: number[];
  readonly b: number[];
  readonly t: number;
  readonly df: number;
  readonly p: number;
  readonly difference: number;
  readonly standardError: number;
  readonly tQuantile975: number;
  readonly ci95: [number, number];
}

export async function welchCases(): Promise<WelchCase[]> {
  const url = new URL("../../fixtures/compare/welch.json", import.meta.url);
  return JSON.parse(await Deno.readTextFile(url)).cases;
}
