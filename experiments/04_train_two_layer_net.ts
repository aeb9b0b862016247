/**
 * Experiment 04 — §4.5: training the two-layer net on MNIST with mini-batch
 * SGD, the chapter's headline result (the book's `ch04/train_neuralnet.py`,
 * seeded like `np.random.seed(seed)`).
 *
 * Defaults are the book's: 784-50-10, 10000 iterations, batch 100, lr 0.1,
 * backpropagation gradient, seed 0. Prints `train acc, test acc | a, b` once
 * per epoch as the book does, and writes the loss curve (Figure 4-11) and the
 * accuracy curves (Figure 4-12).
 *
 *     deno task data:mnist        # once: MNIST into data/mnist
 *     deno task exp:04            # writes results/04_train_two_layer_net.*
 *
 * Expect: final test accuracy about 0.94–0.95; a second run changes no byte.
 */

import {
  choiceFlag,
  type CliSpec,
  type CommonConfig,
  commonFlags,
  defaultWorkerCounts,
  epochColumns,
  type EpochRecord,
  formatDuration,
  intFlag,
  linePlot,
  loadMnist,
  makeReporter,
  mnistFlags,
  type MnistFlagsConfig,
  numberFlag,
  prepareOutDir,
  RandomState,
  runCli,
  toSparseData,
  trainTwoLayerNet,
  TwoLayerNet,
  writeCsv,
  writeResultsJson,
  writeSvg,
} from "../mod.ts";
import { join } from "node:path";

/** Settings of this experiment; every field but `out`, `quiet`, `data`, `format` and `workers` can change a number (those are not recorded in the results). */
export interface Config extends MnistFlagsConfig, CommonConfig {
  /** Seed of the one RandomState behind the initial weights and the batches. */
  readonly seed: number;
  /** Hidden units. */
  readonly hidden: number;
  /** Iterations. */
  readonly iters: number;
  /** Mini-batch size. */
  readonly batch: number;
  /** Learning rate. */
  readonly lr: number;
  /** `"backprop"` or `"numerical"`. */
  readonly gradient: "backprop" | "numerical";
  /** Worker threads (0: everything in this thread); never changes a result. */
  readonly workers: number;
}

/** Command line (see `--help`). */
export const cli: CliSpec<Config> = {
  usage: "deno task exp:04",
  description:
    "§4.5: train the two-layer net on MNIST with mini-batch SGD (the book's train_neuralnet.py).",
  flags: {
    seed: intFlag(0, "seed of the RandomState (initial weights, then batches)", {
      min: 0,
      max: 2 ** 32 - 1,
    }),
    hidden: intFlag(50, "hidden units", { min: 1, max: 100000 }),
    iters: intFlag(10000, "iterations", { min: 0 }),
    batch: intFlag(100, "mini-batch size", { min: 1 }),
    lr: numberFlag(0.1, "learning rate", { positive: true }),
    gradient: choiceFlag(
      "backprop",
      ["backprop", "numerical"] as const,
      "how the gradient is computed",
    ),
    ...mnistFlags,
    workers: intFlag(
      defaultWorkers(),
      "worker threads: 1 shares each iteration, the rest evaluate accuracy in the background (0: none)",
      { min: 0, max: 64 },
    ),
    ...commonFlags,
  },
};

const NAME = "04_train_two_layer_net";

/** The default thread count: {@linkcode defaultWorkerCounts}' step plus evaluation workers. */
function defaultWorkers(): number {
  const { stepWorkers, evalWorkers } = defaultWorkerCounts();
  return stepWorkers + evalWorkers;
}

/** Runs the training and writes results; returns the run's numbers. */
export async function main(config: Config) {
  await prepareOutDir(config.out); // before any work: a run must not fail at its end
  const report = makeReporter({ quiet: config.quiet });
  const { seed, hidden, iters, batch, lr, gradient, dataset, format } = config;

  // Data: the book's load_mnist(normalize=True) — float32 pixels / 255 held as float64.
  const t0 = performance.now();
  const mnist = await loadMnist({ dataset, dir: config.data, format });
  const train = { x: mnist.train.x, labels: mnist.train.labels };
  const test = { x: mnist.test.x, labels: mnist.test.labels };
  const data = { train, test, trainSparse: toSparseData(train), testSparse: toSparseData(test) };
  report.log(
    `${dataset}: ${train.x.rows} training and ${test.x.rows} test images from ${mnist.source.dir} ` +
      `(${mnist.source.format}) in ${formatDuration((performance.now() - t0) / 1000)}`,
  );

  // One RandomState, seeded once: the weights first, then the batches (np.random.seed(seed)).
  const rng = new RandomState(seed);
  const net = new TwoLayerNet(train.x.cols, hidden, 10, { rng });

  const t1 = performance.now();
  const result = await trainTwoLayerNet(net, rng, data, { iters, batchSize: batch, lr, gradient }, {
    onEpoch: (r: EpochRecord) => report.log(`train acc, test acc | ${r.trainAcc}, ${r.testAcc}`),
    onIteration: (i, loss) => report.progress(i + 1, iters, `loss ${loss.toFixed(4)}`),
  }, { stepWorkers: Math.min(1, config.workers), evalWorkers: Math.max(0, config.workers - 1) });
  report.done();
  const seconds = (performance.now() - t1) / 1000;

  const { losses, epochs, diverged } = result;
  const cols = epochColumns(epochs);
  const last = epochs.at(-1);
  const out = config.out;
  await writeCsv(
    join(out, `${NAME}.loss.csv`),
    ["iteration", "loss"],
    Array.from(losses, (l, i) => [i, l]),
  );
  await writeCsv(
    join(out, `${NAME}.accuracy.csv`),
    ["epoch", "iteration", "train_acc", "test_acc"],
    epochs.map((e) => [e.epoch, e.iteration, e.trainAcc, e.testAcc]),
  );
  await writeSvg(
    join(out, `${NAME}.loss.svg`),
    linePlot([{ name: "training loss (mini-batch)", x: losses.map((_, i) => i), y: losses }], {
      title: "Figure 4-11: loss per iteration",
      x: { title: "iteration" },
      y: { title: "loss" },
    }),
  );
  await writeSvg(
    join(out, `${NAME}.accuracy.svg`),
    linePlot([
      {
        name: "train acc",
        x: cols.epoch,
        y: cols.trainAcc,
        points: true,
      },
      {
        name: "test acc",
        x: cols.epoch,
        y: cols.testAcc,
        points: true,
        dashed: true,
      },
    ], {
      title: "Figure 4-12: accuracy per epoch",
      x: { title: "epochs" },
      y: { title: "accuracy", domain: [0, 1] },
    }),
  );
  const path = await writeResultsJson(out, {
    experiment: NAME,
    section: "4.5",
    title: "Training the two-layer net on MNIST with mini-batch SGD",
    seed,
    config: {
      seed,
      inputSize: train.x.cols,
      hidden,
      outputSize: 10,
      iters,
      batch,
      lr,
      gradient,
      dataset,
      weightInitStd: 0.01,
    },
  }, {
    status: diverged ? "diverged" : "completed",
    diverged,
    iterationsCompleted: losses.length,
    iterPerEpoch: result.iterPerEpoch,
    final: {
      trainAcc: last?.trainAcc ?? null,
      testAcc: last?.testAcc ?? null,
      loss: losses.length > 0 ? losses[losses.length - 1] : null,
    },
    epochs: cols,
    files: {
      loss: `${NAME}.loss.csv`,
      accuracy: `${NAME}.accuracy.csv`,
      figures: [`${NAME}.loss.svg`, `${NAME}.accuracy.svg`],
    },
  });
  const perIter = losses.length > 0 ? (seconds * 1000) / losses.length : 0;
  if (diverged) {
    report.summary(
      `exp:04 DIVERGED at iteration ${diverged.iteration}: loss ${diverged.loss} (lr ${lr} too large?); ` +
        `results so far written, marked "diverged" -> ${path}`,
    );
    throw new Error(`training diverged at iteration ${diverged.iteration} (loss ${diverged.loss})`);
  }
  report.summary(
    `exp:04 ${iters} iterations in ${formatDuration(seconds)} (${
      perIter.toFixed(2)
    } ms/iteration): ` +
      `final train acc ${last?.trainAcc}, test acc ${last?.testAcc} -> ${path}`,
  );
  return { result, net, path, seconds };
}

if (import.meta.main) await runCli(cli, Deno.args, main);
