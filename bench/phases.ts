// Where the time goes (issue 12's breakdown): the default exp:04 job (784-50-10, 10,000
// iterations of batch 100, lr 0.1, seed 0, real MNIST) timed phase by phase on the main thread
// (lib/engine/timings.ts: batch, forward, backward, update, loss, evaluation, wait), with the
// default workers and in one thread; then one numerical gradient of a batch of 100 in one
// thread, phase by phase (NUMGRAD_PHASES of lib/engine/numgrad/entries.ts), and in two workers.
// The timer only reads the clock: the runs compute the same bits as untimed ones
// (tests/train/trainer_test.ts, "a run timed phase by phase").
//
//     deno run --allow-read --allow-env bench/phases.ts [--iters N] [--data DIR]
//
// Part of `deno task bench`. Prints Markdown tables (the README's Speed section quotes them).

import { RandomState } from "../lib/core/random.ts";
import { TwoLayerNet } from "../lib/nets/two_layer_net.ts";
import { zeroParamsLike } from "../lib/nets/params.ts";
import { toTrainData } from "../lib/engine/train_data.ts";
import { defaultWorkerCounts } from "../lib/engine/training_engine.ts";
import { PHASES, PhaseTimer } from "../lib/engine/timings.ts";
import { NUMGRAD_PHASES, type NumgradPhase } from "../lib/engine/numgrad/entries.ts";
import {
  fastNumericalGradient,
  makeFastNumericalGradient,
} from "../lib/engine/numgrad/fast_numerical_gradient.ts";
import { trainTwoLayerNet } from "../lib/train/trainer.ts";
import { loadMnist } from "../lib/data/load.ts";
import { resolveMnistDir } from "../lib/data/resolve.ts";
import { type CliSpec, intFlag, stringFlag } from "../lib/cli/flags.ts";
import { runCli } from "../lib/cli/run.ts";

interface Config {
  readonly data: string;
  readonly iters: number;
  readonly gradients: number;
}

/** Command line. */
export const cli: CliSpec<Config> = {
  usage: "deno run --allow-read --allow-env bench/phases.ts",
  description: "Time per phase of the default exp:04 job (default workers, then one thread) " +
    "and of one numerical gradient (one thread, then two workers).",
  flags: {
    data: stringFlag("auto", "MNIST folder (IDX files); auto = $MNIST_DIR, else data/mnist", "DIR"),
    iters: intFlag(10000, "iterations of the exp:04 job", { min: 1 }),
    gradients: intFlag(5, "numerical gradients timed (the table shows the median)", { min: 1 }),
  },
};

const HIDDEN = 50, BATCH = 100, LR = 0.1;

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** A table of phase times: total ms, ms per unit, share of the wall time; "other" = the rest. */
function table<N extends string>(
  title: string,
  names: readonly N[],
  runs: readonly { ms: Record<N, number>; wall: number }[],
  per: number,
  unit: string,
): void {
  const wall = median(runs.map((r) => r.wall));
  console.log(`\n${title}\n`);
  console.log(`| phase | ms | ms per ${unit} | share |`);
  console.log("| --- | ---: | ---: | ---: |");
  let sum = 0;
  const row = (name: string, ms: number) =>
    console.log(
      `| ${name} | ${ms.toFixed(1)} | ${(ms / per).toFixed(4)} | ${
        (100 * ms / wall).toFixed(1)
      }% |`,
    );
  for (const name of names) {
    const ms = median(runs.map((r) => r.ms[name]));
    sum += ms;
    row(name, ms);
  }
  row("other (loop, hooks, polling)", Math.max(wall - sum, 0));
  row("**wall**", wall);
}

/** Runs the breakdown. */
export async function main(config: Config): Promise<void> {
  const source = await resolveMnistDir({ dir: config.data, format: "idx" });
  const mnist = await loadMnist({ dir: source.dir, format: "idx" });
  const train = { x: mnist.train.x, labels: mnist.train.labels };
  const test = { x: mnist.test.x, labels: mnist.test.labels };
  const data = toTrainData(train, test); // as exp:04 (lib/train/load_data.ts): both sets in one memory
  const defaults = defaultWorkerCounts();
  const jobConfig = {
    iters: config.iters,
    batchSize: BATCH,
    lr: LR,
    gradient: "backprop" as const,
  };
  console.log(
    `MNIST from ${source.dir}; ${navigator.hardwareConcurrency} cores; ` +
      `exp:04 job: 784-${HIDDEN}-10, ${config.iters} iterations of batch ${BATCH}, seed 0`,
  );
  for (
    const [what, workers] of [
      [
        `default workers (${defaults.stepWorkers} step, ${defaults.evalWorkers} evaluation)`,
        defaults,
      ],
      ["one thread (no workers)", { stepWorkers: 0, evalWorkers: 0 }],
    ] as const
  ) {
    const rng = new RandomState(0);
    const net = new TwoLayerNet(784, HIDDEN, 10, { rng });
    const timer = new PhaseTimer();
    const t0 = performance.now();
    const result = await trainTwoLayerNet(net, rng, data, jobConfig, {}, { ...workers, timer });
    const wall = performance.now() - t0;
    table(
      `exp:04 job, ${what}: main thread's time per phase (test acc after training ` +
        `${result.afterTraining.testAcc})`,
      PHASES,
      [{ ms: timer.times(), wall }],
      config.iters,
      "iteration",
    );
  }

  // One numerical gradient of the book's net on a batch of 100 training images.
  const rng = new RandomState(0);
  const net = new TwoLayerNet(784, HIDDEN, 10, { rng });
  const batch = rng.choice(60000, BATCH), out = zeroParamsLike(net.params);
  fastNumericalGradient(net.params, data.trainSparse, batch, BATCH, out); // warm-up
  const runs: { ms: Record<NumgradPhase, number>; wall: number }[] = [];
  for (let i = 0; i < config.gradients; i++) {
    const timer = new PhaseTimer(NUMGRAD_PHASES);
    const t0 = performance.now();
    fastNumericalGradient(net.params, data.trainSparse, batch, BATCH, out, timer);
    runs.push({ ms: timer.times(), wall: performance.now() - t0 });
  }
  table(
    `one numerical gradient (784-${HIDDEN}-10, batch ${BATCH}), one thread, median of ` +
      `${config.gradients}`,
    NUMGRAD_PHASES,
    runs,
    1,
    "gradient",
  );
  const numgrad = makeFastNumericalGradient({ workers: 2 });
  try {
    await numgrad.gradient(net.params, data.trainSparse, batch, BATCH, out); // warm-up
    const walls: number[] = [];
    for (let i = 0; i < config.gradients; i++) {
      const t0 = performance.now();
      await numgrad.gradient(net.params, data.trainSparse, batch, BATCH, out);
      walls.push(performance.now() - t0);
    }
    const one = median(runs.map((r) => r.wall)), two = median(walls);
    console.log(
      `\nthe same gradient in 2 workers: ${two.toFixed(1)} ms (median of ${config.gradients}; ` +
        `one thread ${one.toFixed(1)} ms: ${(one / two).toFixed(2)}x; the rest of the 2x is ` +
        `each worker's own forward pass and waiting for the slower one)`,
    );
  } finally {
    await numgrad.dispose();
  }
}

if (import.meta.main) await runCli(cli, Deno.args, main);
