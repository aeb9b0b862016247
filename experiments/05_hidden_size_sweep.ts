/**
 * Experiment 05 — §4.5 extended: how the hidden-layer size changes the
 * two-layer net's accuracy, with several seeds per size — the comparison the
 * source notebooks wanted and could not make while every run gave other
 * numbers. Every run is the book's job (`exp:04`) with its own seed.
 *
 *     deno task exp:05                                   # 10,20,50,100,200 × seeds 0–4
 *     deno task exp:05 --hidden 10,20 --seeds 0,1 --iters 300 --workers 2 --out /tmp/sweep
 *     deno task exp:05 --shard 0/4 --out DIR             # one array job's share
 *     deno task sweep:merge DIR --out results            # shards → the unsharded files
 *     deno task exp:05 --resume                          # skip the runs an interrupted sweep finished
 *
 * Writes results/05_hidden_size_sweep.{json,csv,summary.csv,accuracy.csv,
 * test_accuracy.svg,curves.svg}. Expect (seeds 0–4, mean ± std of the final
 * test accuracy): 10 → 0.924 ± 0.004, 20 → 0.936 ± 0.002, 50 → 0.946 ± 0.002,
 * 100 → 0.945 ± 0.001, 200 → 0.941 ± 0.001. After the book's 10,000
 * iterations at lr 0.1 the book's 50 hidden units do best: the larger nets
 * start slower with the same weight scale and have not caught up yet.
 */

import { runSweep } from "../lib/train/sweep.ts";
import { writeShard } from "../lib/train/sweep_merge.ts";
import {
  type RunRecord,
  runRecord,
  type SweepConfig,
  sweepRunSpecs,
  sweepTable,
  writeSweepResults,
} from "../lib/train/sweep_results.ts";
import {
  forgetRuns,
  loadFinishedRuns,
  partialDir,
  saveFinishedRun,
} from "../lib/train/sweep_resume.ts";
import { parseShard, shardIndices, type SweepShard } from "../lib/train/sweep_shard.ts";
import { experimentCli, startExperiment } from "../lib/cli/experiment.ts";
import {
  type CliSpec,
  type CommonConfig,
  intFlag,
  intListFlag,
  numberFlag,
  stringFlag,
  switchFlag,
  UsageError,
} from "../lib/cli/flags.ts";
import { mnistFlags, type MnistFlagsConfig } from "../lib/cli/mnist_flags.ts";
import { formatDuration } from "../lib/cli/progress.ts";
import { runCli } from "../lib/cli/run.ts";

/** Settings of this experiment. */
export interface Config
  extends
    Pick<SweepConfig, "hidden" | "seeds" | "iters" | "batch" | "lr">,
    MnistFlagsConfig,
    CommonConfig {
  /** Worker threads (0: in this thread); never changes a result. */
  readonly workers: number;
  /** `K/N`: run only shard K of N and write a shard file; "none": the whole sweep. */
  readonly shard: string;
  /** Reuse the runs an interrupted sweep with the same settings finished. */
  readonly resume: boolean;
}

/** Command line (see `--help`). */
export const cli: CliSpec<Config> = experimentCli<Config>(
  "05",
  "Hidden-size sweep of the two-layer net on MNIST: sizes × seeds, mean ± std, in parallel.\n" +
    "Shards: --shard K/N (K = 0-based array index) writes a shard file; `deno task sweep:merge DIR --out OUT`\n" +
    "combines the shard files of DIR into exactly the files an unsharded run writes. Each finished run is\n" +
    "saved at once; after an interruption, the same flags plus --resume run only the rest.",
  {
    hidden: intListFlag([10, 20, 50, 100, 200], "hidden sizes", { min: 1, max: 100000 }),
    seeds: intListFlag([0, 1, 2, 3, 4], "seeds per size", { min: 0, max: 2 ** 32 - 1 }),
    iters: intFlag(10000, "iterations per run", { min: 0 }),
    batch: intFlag(100, "mini-batch size", { min: 1 }),
    lr: numberFlag(0.1, "learning rate", { positive: true }),
    ...mnistFlags,
    workers: intFlag(navigator.hardwareConcurrency ?? 1, "worker threads (0: none)", {
      min: 0,
      max: 256,
    }),
    shard: stringFlag("none", "run only shard K of N (0 <= K < N) and write a shard file", "K/N"),
    resume: switchFlag("skip runs an interrupted sweep with the same settings completed"),
  },
);

/** The settings that can change a number, as recorded in every file of the sweep. */
function sweepConfig(c: Config): SweepConfig {
  return {
    hidden: [...c.hidden],
    seeds: [...c.seeds],
    iters: c.iters,
    batch: c.batch,
    lr: c.lr,
    dataset: c.dataset,
    inputSize: 784,
    outputSize: 10,
    weightInitStd: 0.01,
    gradient: "backprop",
  };
}

/** Control from tests: stop the sweep like an interruption would. */
export interface Control {
  /** Abort to stop; completed runs stay saved for --resume. */
  readonly signal?: AbortSignal;
  /** Called after each run is saved (tests abort from here). */
  readonly onRunSaved?: (done: number) => void;
}

/** Runs the sweep (or its shard) and writes the results; returns the summary or the shard file. */
export async function main(c: Config, control: Control = {}) {
  const report = await startExperiment(c); // --out checked before any work
  const config = sweepConfig(c);
  const specs = sweepRunSpecs(config);
  const shard: SweepShard | null = c.shard === "none" ? null : parseShardFlag(c.shard);
  const mine = shard ? shardIndices(specs.length, shard) : specs.map((_, i) => i);

  // Runs finished before (--resume), each saved in its own file as it completes.
  const partial = partialDir(c.out);
  const records = new Map<number, RunRecord>();
  if (c.resume) {
    const found = await loadFinishedRuns(c.out, config, mine.map((i) => specs[i]));
    for (const [k, record] of found.records) records.set(mine[k], record);
    report.log(`resume: ${records.size} of ${mine.length} runs already done in ${partial}`);
    if (found.stale.length > 0) {
      console.error(
        `warning: ${found.stale.length} saved run(s) in ${partial} were made with other settings ` +
          `and run again: ` + found.stale.map((r) =>
            `hidden ${r.hidden} seed ${r.seed}`
          ).join(", "),
      );
    }
  } else {
    await forgetRuns(c.out, mine.map((i) => specs[i]));
  }
  const todo = mine.filter((i) => !records.has(i));
  const what = shard ? `shard ${shard.index}/${shard.count}: ` : "";
  report.log(
    `${what}${todo.length} runs to do (${config.hidden.length} sizes × ${config.seeds.length} seeds, ` +
      `${config.iters} iterations each) on ${c.workers} worker(s); each finished run is saved in ` +
      `${partial}`,
  );

  const t0 = performance.now();
  const total = todo.length * config.iters;
  let saved = 0;
  const resumeHint = () =>
    `${records.size} of ${mine.length} runs are saved in ${partial}: rerun with the same flags ` +
    `plus --resume to run only the rest`;
  const stopped = new AbortController();
  const onSignal = () => stopped.abort(new Error(`interrupted; ${resumeHint()}`));
  const signals = ["SIGINT", "SIGTERM"] as const;
  for (const s of signals) Deno.addSignalListener(s, onSignal);
  try {
    await runSweep(todo.map((i) => specs[i]), {
      workers: c.workers,
      data: { dataset: c.dataset, dir: c.data, format: c.format },
      signal: control.signal ? AbortSignal.any([control.signal, stopped.signal]) : stopped.signal,
      onProgress: (done) => report.progress(done, total, "iterations"),
      onRunDone: async (k, outcome) => {
        const i = todo[k];
        const run = runRecord(outcome);
        records.set(i, run);
        await saveFinishedRun(c.out, config, run);
        report.log(
          `hidden ${run.hidden}, seed ${run.seed}: after training train acc ` +
            `${run.afterTraining.trainAcc}, test acc ${run.afterTraining.testAcc}` +
            (run.status === "diverged" ? " (diverged)" : ""),
        );
        control.onRunSaved?.(++saved);
      },
    });
  } catch (error) {
    report.done();
    if (records.size > 0 && !stopped.signal.aborted) console.error(resumeHint());
    throw error;
  } finally {
    for (const s of signals) Deno.removeSignalListener(s, onSignal);
  }
  report.done();
  const seconds = (performance.now() - t0) / 1000;

  if (shard) {
    const file = await writeShard(c.out, config, shard, mine.map((i) => records.get(i)!));
    await forgetRuns(c.out, mine.map((i) => specs[i]));
    report.summary(
      `exp:05 shard ${shard.index}/${shard.count}: ${mine.length} runs in ${
        formatDuration(seconds)
      } -> ${file}`,
    );
    return { shardFile: file };
  }
  const { sizes, path } = await writeSweepResults(
    c.out,
    config,
    specs.map((_, i) => records.get(i)!),
  );
  await forgetRuns(c.out, specs);
  report.log(sweepTable(sizes));
  if (c.quiet) console.log(sweepTable(sizes));
  report.summary(`exp:05 ${specs.length} runs in ${formatDuration(seconds)} -> ${path}`);
  return { sizes };
}

function parseShardFlag(text: string): SweepShard {
  try {
    return parseShard(text);
  } catch (error) {
    throw new UsageError(
      `--shard ${(error as Error).message.replace(/^Cannot use the shard as it /, "")}`,
    );
  }
}

if (import.meta.main) await runCli(cli, Deno.args, (c) => main(c));
