/**
 * Side-by-side: the default `exp:04` job (784-50-10, 10000 iterations of
 * batch 100 with lr 0.1, 17 accuracy evaluations over all 60000 + 10000
 * images) on our engine and on the NumPy baseline (`bench/numpy_baseline.py`),
 * one after the other on this machine (never at the same time).
 *
 *     deno task bench                                  # kernels, then this
 *     deno run --allow-read --allow-env --allow-run=python3 bench/compare.ts \
 *       [--data DIR] [--numpy-threads 1|default|both] [--seeds 0,1] [--iters N] \
 *       [--step-workers N] [--eval-workers N]
 *
 * Timing mode (default) prints wall times — training loop including the
 * evaluations (ours also counts building the sparse rows and starting the
 * engine), ms per iteration, seconds per evaluation pass — and ours / NumPy,
 * for two NumPy runs: the book's float32 inputs (every `np.dot(x, W1)`
 * converts x to float64) and the same inputs converted to float64 once (the
 * faster NumPy; same numbers). NumPy runs single-threaded
 * (`OPENBLAS_NUM_THREADS=1`) unless told otherwise; on 2 shared cores
 * OpenBLAS's threads make it much slower, not faster.
 *
 * `--seeds 0,1` mode compares the two runs' numbers instead: the first
 * batches' indices (must be identical), the initial weights (identical up to
 * the rare 1–2 ulp differences of V8's correctly rounded `Math.log` against
 * glibc's `log` inside NumPy's normals), and the per-epoch accuracies, which
 * drift apart only through summation order (BLAS's blocked, fused
 * multiply-add sums against our left-to-right ones) and NumPy's SIMD
 * `exp`/`log` against V8's.
 *
 * @module
 */

import type { Matrix } from "../lib/core/matrix.ts";
import { RandomState } from "../lib/core/random.ts";
import { TwoLayerNet } from "../lib/nets/two_layer_net.ts";
import { toTrainData } from "../lib/engine/train_data.ts";
import { defaultWorkerCounts } from "../lib/engine/training_engine.ts";
import { trainTwoLayerNet } from "../lib/train/trainer.ts";
import { loadMnist, type MnistData } from "../lib/data/load.ts";
import { resolveMnistDir } from "../lib/data/resolve.ts";
import {
  choiceFlag,
  type CliSpec,
  intFlag,
  intListFlag,
  stringFlag,
  switchFlag,
} from "../lib/cli/flags.ts";
import { runCli } from "../lib/cli/run.ts";
import { fileURLToPath } from "node:url";

/** Settings of a comparison. */
export interface Config {
  readonly data: string;
  readonly iters: number;
  readonly seeds: readonly number[];
  readonly numpyThreads: "1" | "default" | "both";
  readonly numpyInputs: "float32" | "float64" | "both";
  readonly stepWorkers: number;
  readonly evalWorkers: number;
  readonly skipNumpy: boolean;
}

const workers = defaultWorkerCounts();

/** Command line. */
export const cli: CliSpec<Config> = {
  usage: "deno run --allow-read --allow-env --allow-run=python3 bench/compare.ts",
  description: "The default exp:04 job on our engine and on the NumPy baseline: wall times and " +
    "their ratio, or (--seeds) how close the two runs' numbers are.",
  flags: {
    data: stringFlag("auto", "MNIST folder (IDX files); auto = $MNIST_DIR, else data/mnist", "DIR"),
    iters: intFlag(10000, "iterations", { min: 1 }),
    seeds: intListFlag([], "compare accuracies, batches and weights for these seeds", {
      min: 0,
      max: 2 ** 32 - 1,
    }),
    numpyThreads: choiceFlag("1", ["1", "default", "both"] as const, "OpenBLAS threads for NumPy"),
    numpyInputs: choiceFlag(
      "both",
      ["float32", "float64", "both"] as const,
      "NumPy's inputs: float32 as the book (converted in every np.dot) or float64 once",
    ),
    stepWorkers: intFlag(workers.stepWorkers, "our workers sharing each iteration", {
      min: 0,
      max: 64,
    }),
    evalWorkers: intFlag(
      workers.evalWorkers,
      "our background evaluation workers (0: the step threads evaluate)",
      {
        min: 0,
        max: 64,
      },
    ),
    skipNumpy: switchFlag("time only our engine"),
  },
};

const HIDDEN = 50, BATCH = 100, LR = 0.1;
const BASELINE = fileURLToPath(new URL("./numpy_baseline.py", import.meta.url));

interface OursRun {
  readonly seconds: number;
  readonly prepareSeconds: number;
  readonly msPerIteration: number;
  readonly secondsPerEvaluation: number;
  readonly epochs: readonly { trainAcc: number; testAcc: number }[];
  readonly losses: Float64Array;
  readonly firstBatches: number[][];
  readonly initialWeights: Float64Array;
}

interface NumpyRun {
  readonly blasThreads: number;
  readonly epochs: readonly { trainAcc: number; testAcc: number }[];
  readonly losses: readonly number[];
  readonly firstBatches: number[][];
  readonly initialWeightsF64?: string;
  readonly timings: {
    readonly loadSeconds: number;
    readonly trainSeconds: number;
    readonly msPerIteration: number;
    readonly secondsPerEvaluation: number;
  };
}

type Mnist = MnistData<Matrix, Uint8Array>;

async function runOurs(mnist: Mnist, seed: number, config: Config): Promise<OursRun> {
  const t0 = performance.now();
  const train = { x: mnist.train.x, labels: mnist.train.labels };
  const test = { x: mnist.test.x, labels: mnist.test.labels };
  const data = toTrainData(train, test); // as exp:04 (lib/train/load_data.ts): both sets in one memory
  const t1 = performance.now();
  const rng = new RandomState(seed);
  const net = new TwoLayerNet(784, HIDDEN, 10, { rng });
  const initialWeights = new Float64Array([...net.params.W1.data, ...net.params.W2.data]);
  // The batches the run will draw: the same stream, replayed.
  const replay = new RandomState(0);
  replay.setState(rng.getState());
  const firstBatches = [0, 1, 2].map(() => Array.from(replay.choice(60000, BATCH)));
  // Gaps between iterations; an evaluation (when it runs between iterations) widens one.
  const stamps: number[] = [];
  const iterPerEpoch = Math.max(60000 / BATCH, 1);
  const result = await trainTwoLayerNet(
    net,
    rng,
    data,
    {
      iters: config.iters,
      batchSize: BATCH,
      lr: LR,
      gradient: "backprop",
    },
    { onIteration: () => stamps.push(performance.now()) },
    {
      stepWorkers: config.stepWorkers,
      evalWorkers: config.evalWorkers,
    },
  );
  const t2 = performance.now();
  const plain: number[] = [], widened: number[] = [];
  for (let i = 1; i < stamps.length; i++) {
    ((i - 1) % iterPerEpoch === 0 ? widened : plain).push(stamps[i] - stamps[i - 1]);
  }
  const msPerIteration = plain.reduce((a, b) => a + b, 0) / Math.max(plain.length, 1);
  const extra = widened.reduce((a, b) => a + b - msPerIteration, 0);
  return {
    seconds: (t2 - t0) / 1000,
    prepareSeconds: (t1 - t0) / 1000,
    msPerIteration,
    secondsPerEvaluation: extra / 1000 / Math.max(widened.length, 1),
    epochs: result.epochs,
    losses: result.losses,
    firstBatches,
    initialWeights,
  };
}

async function runNumpy(
  dir: string,
  seed: number,
  config: Config,
  threads: "1" | "default",
  inputs: "float32" | "float64" = "float32",
) {
  const env: Record<string, string> = {};
  if (threads === "1") Object.assign(env, { OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1" });
  const args = [BASELINE, "--data", dir, "--seed", String(seed), "--iters", String(config.iters)];
  if (inputs === "float64") args.push("--float64-inputs");
  const out = await new Deno.Command("python3", {
    args: [...args, "--json", "-", "--with-init", "--quiet"],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  if (out.code !== 0) {
    throw new Error(`Cannot run the NumPy baseline as python3 failed:\n${stderr}`);
  }
  const lines = new TextDecoder().decode(out.stdout).trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as NumpyRun;
}

function fmt(x: number, digits = 2): string {
  return x.toFixed(digits);
}

/** Bits of a double, to count ulps between two. */
function ulpDistance(a: number, b: number): number {
  const f = new Float64Array([a, b]), u = new BigInt64Array(f.buffer);
  const d = u[0] - u[1];
  return Number(d < 0n ? -d : d);
}

async function timing(mnist: Mnist, dir: string, config: Config): Promise<void> {
  console.log(
    `default job: 784-${HIDDEN}-10, ${config.iters} iterations of batch ${BATCH}, lr ${LR}, seed 0`,
  );
  const ours = await runOurs(mnist, 0, config);
  console.log(
    `ours  (wasm, ${config.stepWorkers} step + ${config.evalWorkers} eval workers): ` +
      `${fmt(ours.seconds)} s (sparse rows ${fmt(ours.prepareSeconds)} s; ${
        fmt(ours.msPerIteration, 3)
      } ms/iteration, ` +
      `${fmt(ours.secondsPerEvaluation, 3)} s per evaluation pass${
        config.evalWorkers ? " on top of training" : ""
      })`,
  );
  if (config.skipNumpy) return;
  const threadModes = config.numpyThreads === "both"
    ? ["1", "default"] as const
    : [config.numpyThreads];
  const inputModes = config.numpyInputs === "both"
    ? ["float32", "float64"] as const
    : [config.numpyInputs];
  for (const threads of threadModes) {
    for (const inputs of inputModes) {
      const np = await runNumpy(dir, 0, config, threads, inputs);
      const t = np.timings, what = `BLAS threads ${np.blasThreads}, ${inputs} inputs`;
      console.log(
        `numpy (${what}): ${fmt(t.trainSeconds)} s (${fmt(t.msPerIteration, 3)} ms/iteration, ` +
          `${fmt(t.secondsPerEvaluation, 3)} s per evaluation pass)`,
      );
      console.log(
        `ratio ours/numpy (${what}): ${
          fmt(ours.seconds / t.trainSeconds, 3)
        } (target ≤ 0.5, goal ≤ 0.2); ` +
          `final test acc ours ${ours.epochs.at(-1)?.testAcc}, numpy ${np.epochs.at(-1)?.testAcc}`,
      );
    }
  }
}

async function agreement(mnist: Mnist, dir: string, config: Config): Promise<void> {
  for (const seed of config.seeds) {
    const ours = await runOurs(mnist, seed, config);
    const np = await runNumpy(dir, seed, config, "1");
    const sameBatches = JSON.stringify(ours.firstBatches) === JSON.stringify(np.firstBatches);
    const npWeights = new Float64Array(
      Uint8Array.from(atob(np.initialWeightsF64 ?? ""), (c) => c.charCodeAt(0)).buffer,
    );
    const hist = new Map<number, number>();
    for (let i = 0; i < ours.initialWeights.length; i++) {
      const d = ulpDistance(ours.initialWeights[i], npWeights[i]);
      hist.set(d, (hist.get(d) ?? 0) + 1);
    }
    const ulps = [...hist].sort(([a], [b]) => a - b).map(([d, n]) => `${n} at ${d} ulp`).join(", ");
    console.log(
      `seed ${seed}: first 3 batches ${
        sameBatches ? "identical" : "DIFFER"
      }; initial weights: ${ulps}`,
    );
    let firstDiff = -1, worst = 0, worstAt = 0;
    for (let i = 0; i < ours.losses.length; i++) {
      const d = Math.abs(ours.losses[i] - np.losses[i]) / Math.abs(np.losses[i]);
      if (d > 0 && firstDiff < 0) firstDiff = i;
      if (d > worst) [worst, worstAt] = [d, i];
    }
    console.log(
      `  losses: ${firstDiff < 0 ? "all identical" : `first differ at iteration ${firstDiff}`}; ` +
        `largest relative difference ${worst.toExponential(2)} at iteration ${worstAt}; ` +
        `final ${ours.losses.at(-1)} (ours) vs ${np.losses.at(-1)} (numpy)`,
    );
    console.log(
      "epoch | ours train  test   | numpy train test   | diff train (images) test (images)",
    );
    ours.epochs.forEach((e, i) => {
      const n = np.epochs[i];
      const dTrain = e.trainAcc - n.trainAcc, dTest = e.testAcc - n.testAcc;
      console.log(
        `${String(i).padStart(5)} | ${e.trainAcc.toFixed(5)} ${e.testAcc.toFixed(4)} | ` +
          `${n.trainAcc.toFixed(5)} ${n.testAcc.toFixed(4)} | ${dTrain >= 0 ? "+" : ""}${
            dTrain.toFixed(5)
          } ` +
          `(${Math.round(dTrain * 60000)}) ${dTest >= 0 ? "+" : ""}${dTest.toFixed(4)} (${
            Math.round(dTest * 10000)
          })`,
      );
    });
  }
}

/** Runs the comparison. */
export async function main(config: Config): Promise<void> {
  const source = await resolveMnistDir({ dir: config.data, format: "idx" });
  const mnist = await loadMnist({ dir: source.dir, format: "idx" });
  if (config.seeds.length > 0) await agreement(mnist, source.dir, config);
  else await timing(mnist, source.dir, config);
}

if (import.meta.main) await runCli(cli, Deno.args, main);
