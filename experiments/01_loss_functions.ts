/**
 * Experiment 01 — §4.2: loss functions.
 *
 * Reproduces the book's sum of squared errors and cross-entropy error for its
 * two outputs y1 (0.6 on the right class) and y2 (0.6 on a wrong class):
 * SSE 0.09750000000000003 and 0.5975, CEE 0.510825457099338 and
 * 2.302584092994546 — to the last digit, which needs NumPy's pairwise
 * summation order (a left-to-right loop gives 0.5974999999999999). Then the
 * mini-batch forms (§4.2.4) with one-hot and with label targets, which agree.
 *
 *     deno task exp:01            # writes results/01_loss_functions.json
 */

import {
  crossEntropyError,
  crossEntropyErrorBatch,
  crossEntropyErrorLabels,
  sumSquaredError,
} from "../lib/core/loss.ts";
import { fromRows } from "../lib/core/convert.ts";
import { resultSet } from "../lib/results/result_set.ts";
import { experimentCli, startExperiment } from "../lib/cli/experiment.ts";
import type { CliSpec, CommonConfig } from "../lib/cli/flags.ts";
import { runCli } from "../lib/cli/run.ts";

/** Settings: `--out DIR` and `--quiet` only (it draws nothing at random, so no seed). */
export type Config = CommonConfig;

/** Command line (`--help` lists the flags). */
export const cli: CliSpec<Config> = experimentCli(
  "01",
  "§4.2: sum of squared errors and cross-entropy, single and batch.",
);

const NAME = "01_loss_functions";

/** The book's printed values (§4.2.1–4.2.2), all digits. */
const BOOK = {
  sse: ["0.09750000000000003", "0.5975"],
  cee: ["0.510825457099338", "2.302584092994546"],
};

/** Runs the experiment and writes `01_loss_functions.json`; returns what it wrote. */
export async function main(config: Config) {
  const report = await startExperiment(config); // --out checked before any work

  // §4.2.1: the correct label is "2"; y1 puts 0.6 on it, y2 puts 0.6 on "7".
  const t = new Float64Array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
  const y1 = new Float64Array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]);
  const y2 = new Float64Array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]);

  const sse = [sumSquaredError(y1, t), sumSquaredError(y2, t)];
  // The same sum left to right, to show why the order matters for the last digit.
  let plain = 0;
  for (let i = 0; i < t.length; i++) plain += (y2[i] - t[i]) * (y2[i] - t[i]);
  const sseLeftToRight = 0.5 * plain;
  report.log(`SSE: y1 ${sse[0]}, y2 ${sse[1]} (left-to-right sum: ${sseLeftToRight})`);

  // §4.2.2: cross-entropy; the 1e-7 keeps log(0) finite.
  const cee = [crossEntropyError(y1, t), crossEntropyError(y2, t)];
  const tOnZero = new Float64Array([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]); // target where y1 is 0
  const ceeOnZero = crossEntropyError(y1, tOnZero);
  report.log(`CEE: y1 ${cee[0]}, y2 ${cee[1]}, y1 against a class it gives 0: ${ceeOnZero}`);

  // §4.2.4: a batch of both outputs, with one-hot targets and with labels.
  const y = fromRows([Array.from(y1), Array.from(y2)]);
  const T = fromRows([Array.from(t), Array.from(t)]);
  const labels = new Uint8Array([2, 2]);
  const batchOneHot = crossEntropyErrorBatch(y, T);
  const batchLabels = crossEntropyErrorLabels(y, labels);
  report.log(`batch CEE: one-hot ${batchOneHot}, labels ${batchLabels}`);

  const matches = BOOK.sse.every((p, i) => sse[i] === Number(p)) &&
    BOOK.cee.every((p, i) => cee[i] === Number(p));
  const path = await resultSet(config.out, NAME).json({
    experiment: NAME,
    section: "4.2",
    title: "Sum of squared errors and cross-entropy error, single and batch",
    seed: null,
    config: {},
  }, {
    t,
    y1,
    y2,
    sumSquaredError: { y1: sse[0], y2: sse[1], book: BOOK.sse, y2LeftToRightSum: sseLeftToRight },
    crossEntropyError: { y1: cee[0], y2: cee[1], book: BOOK.cee, y1AgainstZeroOutput: ceeOnZero },
    batch: {
      labels,
      oneHot: batchOneHot,
      labelTargets: batchLabels,
      mean: (cee[0] + cee[1]) / 2,
      agree: batchOneHot === batchLabels,
    },
    matchesBookExactly: matches,
  });
  report.summary(
    `exp:01 SSE ${sse.join(", ")}; CEE ${cee.join(", ")} ` +
      `${matches ? "equal" : "DO NOT equal"} the book's values -> ${path}`,
  );
  return { sse, cee, batchOneHot, batchLabels, matches, path };
}

if (import.meta.main) await runCli(cli, Deno.args, main);
