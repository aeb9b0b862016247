/**
 * Experiment 04 — §4.5: training the two-layer net on MNIST with mini-batch
 * SGD, the chapter's headline result (the book's `ch04/train_neuralnet.py`,
 * seeded like `np.random.seed(seed)`).
 *
 * Defaults are the book's: 784-50-10, 10000 iterations, batch 100, lr 0.1,
 * the backpropagation gradient (as the book's script runs it; the numerical
 * gradient's run is exp:07), seed 0. Prints `train acc, test acc | a, b`
 * once per epoch as the book does, and writes the loss curve (Figure 4-11)
 * and the accuracy curves (Figure 4-12).
 *
 *     deno task data:mnist        # once: MNIST into data/mnist
 *     deno task exp:04            # writes results/04_train_two_layer_net.*
 *
 * Expect (seed 0): at the last epoch (16, iteration 9600) train acc 0.94812,
 * test acc 0.9468; after the last iteration train acc 0.9491, test acc 0.9468.
 * A second run changes no byte.
 *
 * Code: the loop is `lib/train/trainer.ts`, on the engine of
 * `lib/engine/training_engine.ts`; the net is `lib/nets/two_layer_net.ts`.
 */

import { RandomState } from "../lib/core/random.ts";
import { TwoLayerNet } from "../lib/nets/two_layer_net.ts";
import { defaultWorkerCounts } from "../lib/engine/training_engine.ts";
import { loadTrainData } from "../lib/train/load_data.ts";
import { describeRun, runConfig, runSummary, writeRunFiles } from "../lib/train/run_files.ts";
import { epochColumns, trainTwoLayerNet } from "../lib/train/trainer.ts";
import { resultSet } from "../lib/results/result_set.ts";
import { experimentCli, startExperiment } from "../lib/cli/experiment.ts";
import { type CliSpec, type CommonConfig, intFlag } from "../lib/cli/flags.ts";
import { trainingFlags, type TrainingFlagsConfig } from "../lib/cli/training_flags.ts";
import { mnistFlags, type MnistFlagsConfig } from "../lib/cli/mnist_flags.ts";
import { formatDuration } from "../lib/cli/progress.ts";
import { runCli } from "../lib/cli/run.ts";

/** Settings of this experiment; every field but `out`, `quiet`, `data`, `format` and `workers` can change a number (those are not recorded in the results). */
export interface Config extends TrainingFlagsConfig, MnistFlagsConfig, CommonConfig {
  /** Worker threads (0: everything in this thread); never changes a result. */
  readonly workers: number;
}

/** The default thread count: {@linkcode defaultWorkerCounts}' step plus evaluation workers. */
function defaultWorkers(): number {
  const { stepWorkers, evalWorkers } = defaultWorkerCounts();
  return stepWorkers + evalWorkers;
}

/** Command line (see `--help`). */
export const cli: CliSpec<Config> = experimentCli<Config>(
  "04",
  "§4.5: train the two-layer net on MNIST with mini-batch SGD and backprop (the book's\n" +
    "train_neuralnet.py). The numerical gradient's run of the same job is exp:07.",
  {
    ...trainingFlags,
    ...mnistFlags,
    workers: intFlag(
      defaultWorkers(),
      "worker threads: 1 shares each iteration, the rest evaluate accuracy in the background (0: none)",
      { min: 0, max: 64 },
    ),
  },
);

const NAME = "04_train_two_layer_net";

/** Runs the training and writes results; returns the run's numbers. */
export async function main(config: Config) {
  const report = await startExperiment(config); // --out checked before any work
  const { seed, hidden, iters, batch, lr, dataset } = config;

  // Data: the book's load_mnist(normalize=True) — float32 pixels / 255 held as float64.
  const t0 = performance.now();
  const data = await loadTrainData({ dataset, dir: config.data, format: config.format });
  const { train, test } = data;
  report.log(
    `${dataset}: ${train.x.rows} training and ${test.x.rows} test images from ${data.source.dir} ` +
      `(${data.source.format}) in ${formatDuration((performance.now() - t0) / 1000)}`,
  );

  // One RandomState, seeded once: the weights first, then the batches (np.random.seed(seed)).
  const rng = new RandomState(seed);
  const net = new TwoLayerNet(train.x.cols, hidden, 10, { rng });

  const t1 = performance.now();
  const result = await trainTwoLayerNet(net, rng, data, {
    iters,
    batchSize: batch,
    lr,
    gradient: "backprop",
  }, {
    onEpoch: (r) => report.log(`train acc, test acc | ${r.trainAcc}, ${r.testAcc}`),
    onIteration: (i, loss) => report.progress(i + 1, iters, `loss ${loss.toFixed(4)}`),
  }, { stepWorkers: Math.min(1, config.workers), evalWorkers: Math.max(0, config.workers - 1) });
  report.done();
  const seconds = (performance.now() - t1) / 1000;

  const { losses, epochs, diverged } = result;
  const set = resultSet(config.out, NAME);
  await writeRunFiles(set, { name: "training loss (mini-batch)", result }, {
    train: train.x.rows,
    test: test.x.rows,
  }, {
    lossTitle: "Figure 4-11: loss per iteration",
    accuracyTitle: "Figure 4-12: accuracy per epoch (train solid, test dashed)",
  });
  const summary = runSummary(result);
  const path = await set.json({
    experiment: NAME,
    section: "4.5",
    title: "Training the two-layer net on MNIST with mini-batch SGD",
    seed,
    config: runConfig(config, "backprop"),
  }, {
    status: diverged ? "diverged" : "completed",
    diverged,
    iterationsCompleted: losses.length,
    iterPerEpoch: result.iterPerEpoch,
    ...summary,
    epochs: epochColumns(epochs),
  });
  if (diverged) {
    report.summary(
      `exp:04 DIVERGED at iteration ${diverged.iteration}: loss ${diverged.loss} (lr ${lr} too large?); ` +
        `results so far written, marked "diverged" -> ${path}`,
    );
    throw new Error(`training diverged at iteration ${diverged.iteration} (loss ${diverged.loss})`);
  }
  const perIter = losses.length > 0 ? (seconds * 1000) / losses.length : 0;
  report.summary(
    `exp:04 ${iters} iterations in ${formatDuration(seconds)} (${
      perIter.toFixed(2)
    } ms/iteration): ` +
      `${describeRun(summary)} -> ${path}`,
  );
  return { result, net, path, seconds };
}

if (import.meta.main) await runCli(cli, Deno.args, main);
