/**
 * Experiment 07 — §4.5.2: the source notebooks' own training run, finished:
 * the 784-50-10 net trained for 10,000 iterations (batch 100, lr 0.1, seed 0)
 * with the NUMERICAL gradient, as their `network.numerical_gradient` cell
 * would have — a cell they never ran, since with NumPy one gradient
 * recomputes the forward pass about 80,000 times and the run would take days.
 * Here each gradient is computed from a cached forward pass, giving exactly
 * the naive method's bits (tests/engine/fast_numerical_gradient_test.ts), on all
 * cores.
 *
 *     deno task exp:07              # about half an hour on 2 cores; checkpoints as it goes
 *     deno task exp:07 --resume     # continue an interrupted run from its last checkpoint
 *     deno task exp:07 --iters 20   # a short run (tests, CI)
 *
 * Writes results/07_numerical_gradient_training.* like exp:04, plus per
 * epoch the difference from the backprop run with the same seed (exp:04's
 * job, retrained here). Expect a final test accuracy within a few tenths of a
 * percentage point of exp:04's.
 */

import { RandomState } from "../lib/core/random.ts";
import { PARAM_KEYS, paramData } from "../lib/nets/params.ts";
import { TwoLayerNet } from "../lib/nets/two_layer_net.ts";
import { makeFastNumericalGradient } from "../lib/engine/numgrad/fast_numerical_gradient.ts";
import { loadCheckpoint, saveCheckpoint } from "../lib/train/checkpoint.ts";
import { loadTrainData } from "../lib/train/load_data.ts";
import { describeRun, runConfig, runSummary, writeRunFiles } from "../lib/train/run_files.ts";
import { epochColumns, trainTwoLayerNet } from "../lib/train/trainer.ts";
import type { EpochRecord, TrainCheckpoint } from "../lib/train/types.ts";
import { resultSet } from "../lib/results/result_set.ts";
import { runtimeInfo } from "../lib/results/runtime.ts";
import { experimentCli, startExperiment } from "../lib/cli/experiment.ts";
import { type CliSpec, type CommonConfig, intFlag, switchFlag } from "../lib/cli/flags.ts";
import {
  numericalWorkersFlag,
  trainingFlags,
  type TrainingFlagsConfig,
} from "../lib/cli/training_flags.ts";
import { mnistFlags, type MnistFlagsConfig } from "../lib/cli/mnist_flags.ts";
import { formatDuration } from "../lib/cli/progress.ts";
import { runCli } from "../lib/cli/run.ts";
import { join } from "node:path";

/** Settings of this experiment. */
export interface Config extends TrainingFlagsConfig, MnistFlagsConfig, CommonConfig {
  /** Workers for the numerical gradient (0: this thread); never changes a result. */
  readonly workers: number;
  /** Iterations between checkpoints. */
  readonly checkpointEvery: number;
  /** Continue from the last checkpoint of an interrupted run with the same settings. */
  readonly resume: boolean;
}

/** Command line (see `--help`). */
export const cli: CliSpec<Config> = experimentCli<Config>(
  "07",
  "§4.5.2: train the two-layer net on MNIST with the numerical gradient, the notebooks' cell, " +
    "and compare with backprop.",
  {
    ...trainingFlags,
    ...mnistFlags,
    workers: numericalWorkersFlag,
    checkpointEvery: intFlag(200, "iterations between checkpoints", { min: 1 }),
    resume: switchFlag("continue from the last checkpoint of an interrupted run"),
  },
);

const NAME = "07_numerical_gradient_training";

/** The largest |numerical − backprop| batch loss and where, over the iterations both ran. */
function lossDifference(a: Float64Array, b: Float64Array) {
  let maxAbs = 0, atIteration = -1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = Math.abs(a[i] - b[i]);
    if (d > maxAbs) {
      maxAbs = d;
      atIteration = i;
    }
  }
  return { maxAbs, atIteration };
}

/** Control from tests: stop the run like an interruption would, right after a checkpoint. */
export interface Control {
  /** Abort to stop at the next checkpoint (after it is saved). */
  readonly signal?: AbortSignal;
  /** Called with the iteration count of each saved checkpoint. */
  readonly onCheckpointSaved?: (iteration: number) => void;
}

/** Runs the numerical-gradient training (resuming if asked), then backprop, and writes results. */
export async function main(config: Config, control: Control = {}) {
  const report = await startExperiment(config); // --out checked before any work
  const { seed, hidden, iters, batch, lr, dataset } = config;
  const data = await loadTrainData({ dataset, dir: config.data, format: config.format });
  const trainConfig = { iters, batchSize: batch, lr };
  const key = { seed, hidden, iters, batch, lr, dataset, runtime: { ...runtimeInfo() } };
  const checkpointPath = join(config.out, `.${NAME}.checkpoint.json`);

  // One RandomState, as in the book; restored from the checkpoint when resuming.
  const rng = new RandomState(seed);
  const net = new TwoLayerNet(data.train.x.cols, hidden, 10, { rng });
  let resume: TrainCheckpoint | null = null;
  if (config.resume) {
    resume = await loadCheckpoint(checkpointPath, key);
    if (resume) {
      for (const k of PARAM_KEYS) paramData(net.params, k).set(paramData(resume.params, k));
      rng.setState(resume.rngState);
      report.log(`resuming at iteration ${resume.iteration} from ${checkpointPath}`);
    } else {
      report.log(`no checkpoint in ${checkpointPath}: starting from the beginning`);
    }
  }

  const t0 = performance.now();
  const start = resume?.iteration ?? 0;
  const numericalGradient = makeFastNumericalGradient({ workers: config.workers });
  const result = await trainTwoLayerNet(net, rng, data, { ...trainConfig, gradient: "numerical" }, {
    onEpoch: (r: EpochRecord) => report.log(`train acc, test acc | ${r.trainAcc}, ${r.testAcc}`),
    onIteration: (i, loss) =>
      report.progress(i + 1 - start, iters - start, `loss ${loss.toFixed(4)}`),
    onCheckpoint: async (cp) => {
      await saveCheckpoint(checkpointPath, key, cp);
      control.onCheckpointSaved?.(cp.iteration);
      control.signal?.throwIfAborted();
    },
  }, {
    numericalGradient,
    checkpointEvery: config.checkpointEvery,
    resume: resume ?? undefined,
  }).finally(() => numericalGradient.dispose());
  report.done();
  const seconds = (performance.now() - t0) / 1000;

  // The same job with backprop (exp:04's run), for the comparison.
  const rngB = new RandomState(seed);
  const netB = new TwoLayerNet(data.train.x.cols, hidden, 10, { rng: rngB });
  const backprop = await trainTwoLayerNet(netB, rngB, data, {
    ...trainConfig,
    gradient: "backprop",
  });

  const { losses, epochs, diverged } = result;
  const set = resultSet(config.out, NAME);
  await writeRunFiles(set, { name: "numerical gradient", result }, {
    train: data.train.x.rows,
    test: data.test.x.rows,
  }, {
    lossTitle: "Loss per iteration: numerical gradient (solid) vs backprop (dashed)",
    accuracyTitle: "Accuracy per epoch",
    baseline: { name: "backprop", prefix: "backprop", result: backprop },
  });
  const summary = runSummary(result), summaryB = runSummary(backprop);
  const last = epochs.at(-1), lastB = backprop.epochs.at(-1);
  const after = summary.afterTraining, afterB = summaryB.afterTraining;
  const path = await set.json({
    experiment: NAME,
    section: "4.5.2",
    title:
      "Training the two-layer net on MNIST with the numerical gradient (the notebooks' cell), vs backprop",
    seed,
    config: runConfig(config, "numerical", 1e-4),
  }, {
    status: diverged ? "diverged" : "completed",
    diverged,
    iterationsCompleted: losses.length,
    ...summary,
    epochs: epochColumns(epochs),
    backprop: {
      ...summaryB,
      trainAcc: backprop.epochs.map((e) => e.trainAcc),
      testAcc: backprop.epochs.map((e) => e.testAcc),
    },
    differenceFromBackprop: {
      note:
        "numerical minus backprop, per epoch; the two gradients differ by the central difference's " +
        "error and the 1e-7 inside the log (about 1e-6 relative), so the runs drift apart slowly",
      trainAcc: epochs.map((e, k) => e.trainAcc - (backprop.epochs[k]?.trainAcc ?? NaN)),
      testAcc: epochs.map((e, k) => e.testAcc - (backprop.epochs[k]?.testAcc ?? NaN)),
      lastEpochTestAccPoints: last && lastB ? 100 * (last.testAcc - lastB.testAcc) : null,
      afterTrainingTestAccPoints: 100 * (after.testAcc - afterB.testAcc),
      afterTrainingTestAccWithinHalfPoint: Math.abs(after.testAcc - afterB.testAcc) <= 0.005,
      loss: lossDifference(losses, backprop.losses),
    },
  });
  await Deno.remove(checkpointPath).catch(() => {});
  const perIter = iters > start ? (seconds * 1000) / (losses.length - start) : 0;
  report.summary(
    `exp:07 ${losses.length} numerical-gradient iterations (${iters - start} this run) in ${
      formatDuration(seconds)
    } ` +
      `(${perIter.toFixed(0)} ms/iteration): ${
        describeRun(summary)
      }; backprop after training test acc ` +
      `${afterB.testAcc} -> ${path}`,
  );
  if (diverged) {
    throw new Error(`training diverged at iteration ${diverged.iteration} (loss ${diverged.loss})`);
  }
  return { result, backprop, path, seconds };
}

if (import.meta.main) await runCli(cli, Deno.args, (c) => main(c));
