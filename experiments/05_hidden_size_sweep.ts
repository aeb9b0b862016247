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

import {
  type CliSpec,
  type CommonConfig,
  commonFlags,
  errorBarPlot,
  formatDuration,
  intFlag,
  intListFlag,
  linePlot,
  makeReporter,
  meanStd,
  mnistFlags,
  type MnistFlagsConfig,
  numberFlag,
  parseResultsJson,
  parseShard,
  prepareOutDir,
  runCli,
  type RunOutcome,
  type RunSpec,
  runSweep,
  runtimeInfo,
  type Shard,
  shardIndices,
  stringFlag,
  stringifyResults,
  switchFlag,
  UsageError,
  writeCsv,
  writeSvg,
  writeTextAtomic,
} from "../mod.ts";
import { join } from "node:path";

/** Settings of this experiment. */
export interface Config extends MnistFlagsConfig, CommonConfig {
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
  /** Worker threads (0: in this thread); never changes a result. */
  readonly workers: number;
  /** `K/N`: run only shard K of N and write a shard file; "none": the whole sweep. */
  readonly shard: string;
  /** Reuse the runs an interrupted sweep with the same settings finished. */
  readonly resume: boolean;
  /** A folder of shard files to merge instead of running ("none": run). */
  readonly merge: string;
}

/** Command line (see `--help`). */
export const cli: CliSpec<Config> = {
  usage: "deno task exp:05",
  description:
    "Hidden-size sweep of the two-layer net on MNIST: sizes × seeds, mean ± std, in parallel.\n" +
    "Shards: --shard K/N (K = 0-based array index) writes a shard file; `deno task sweep:merge DIR --out OUT`\n" +
    "combines the shard files of DIR into exactly the files an unsharded run writes.",
  flags: {
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
    merge: stringFlag(
      "none",
      "merge the shard files in DIR instead of running (sweep:merge)",
      "DIR",
    ),
    ...commonFlags,
  },
};

const NAME = "05_hidden_size_sweep";
/** The curves figure starts here: before, every size is far below its final accuracy. */
const CURVES_FROM_EPOCH = 2;
const PARTIAL_DIR = `.${NAME}.partial`;
const SHARD_FILE = /^05_hidden_size_sweep\.shard-(\d+)-of-(\d+)\.json$/;

/** The settings that can change a number, as recorded in every file of the sweep. */
function sweepConfig(c: Config) {
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
type SweepConfig = ReturnType<typeof sweepConfig>;

function header(config: SweepConfig) {
  return {
    experiment: NAME,
    section: "4.5",
    title: "Hidden-layer size sweep of the two-layer net, several seeds per size",
    seed: null,
    config,
    runtime: { ...runtimeInfo() },
  };
}

function runSpecs(c: SweepConfig): RunSpec[] {
  return c.hidden.flatMap((hidden) =>
    c.seeds.map((seed) => ({ seed, hidden, iters: c.iters, batchSize: c.batch, lr: c.lr }))
  );
}

/** One run as the results files hold it. */
function runRecord(o: RunOutcome) {
  const last = o.epochs.at(-1);
  return {
    hidden: o.spec.hidden,
    seed: o.spec.seed,
    status: o.status,
    iterationsCompleted: o.iterationsCompleted,
    final: { trainAcc: last?.trainAcc ?? null, testAcc: last?.testAcc ?? null, loss: o.finalLoss },
    epochs: {
      iteration: o.epochs.map((e) => e.iteration),
      trainAcc: o.epochs.map((e) => e.trainAcc),
      testAcc: o.epochs.map((e) => e.testAcc),
    },
  };
}
type RunRecord = ReturnType<typeof runRecord>;

function runFileName(spec: { hidden: number; seed: number }): string {
  return `hidden-${spec.hidden}_seed-${spec.seed}.json`;
}

/** What a completed run's file must match to be reused by --resume. */
function runKey(config: SweepConfig, spec: { hidden: number; seed: number }): string {
  const { iters, batch, lr, dataset, inputSize, outputSize, weightInitStd, gradient } = config;
  return stringifyResults({
    iters,
    batch,
    lr,
    dataset,
    inputSize,
    outputSize,
    weightInitStd,
    gradient,
    hidden: spec.hidden,
    seed: spec.seed,
    runtime: { ...runtimeInfo() },
  });
}

async function readJson(path: string): Promise<unknown> {
  return parseResultsJson(await Deno.readTextFile(path));
}

/** Writes the sweep's files (the same bytes whether it ran whole, sharded, resumed or merged). */
async function writeSweepResults(out: string, config: SweepConfig, runs: readonly RunRecord[]) {
  const sizes = config.hidden.map((hidden) => {
    const mine = runs.filter((r) => r.hidden === hidden);
    const acc = (key: "trainAcc" | "testAcc") => meanStd(mine.map((r) => r.final[key] ?? NaN));
    const epochCount = Math.min(...mine.map((r) => r.epochs.testAcc.length));
    const meanTestAccByEpoch = Array.from(
      { length: epochCount },
      (_, e) => meanStd(mine.map((r) => r.epochs.testAcc[e])).mean,
    );
    return {
      hidden,
      runs: mine.length,
      diverged: mine.filter((r) => r.status === "diverged").length,
      trainAcc: acc("trainAcc"),
      testAcc: acc("testAcc"),
      meanTestAccByEpoch,
    };
  });
  await writeCsv(
    join(out, `${NAME}.csv`),
    ["hidden", "seed", "status", "iterations", "final_train_acc", "final_test_acc", "final_loss"],
    runs.map((r) => [
      r.hidden,
      r.seed,
      r.status,
      r.iterationsCompleted,
      r.final.trainAcc ?? NaN,
      r.final.testAcc ?? NaN,
      r.final.loss ?? NaN,
    ]),
  );
  await writeCsv(
    join(out, `${NAME}.summary.csv`),
    ["hidden", "runs", "train_acc_mean", "train_acc_std", "test_acc_mean", "test_acc_std"],
    sizes.map((
      s,
    ) => [s.hidden, s.runs, s.trainAcc.mean, s.trainAcc.std, s.testAcc.mean, s.testAcc.std]),
  );
  await writeCsv(
    join(out, `${NAME}.accuracy.csv`),
    ["hidden", "seed", "epoch", "iteration", "train_acc", "test_acc"],
    runs.flatMap((r) =>
      r.epochs.iteration.map((
        it,
        e,
      ) => [r.hidden, r.seed, e, it, r.epochs.trainAcc[e], r.epochs.testAcc[e]])
    ),
  );
  await writeSvg(
    join(out, `${NAME}.test_accuracy.svg`),
    errorBarPlot(sizes.map((s) => ({ x: s.hidden, mean: s.testAcc.mean, spread: s.testAcc.std })), {
      title: `Final test accuracy vs hidden size (mean ± std over ${config.seeds.length} seeds)`,
      x: {
        title: "hidden units",
        log: true,
        domain: [Math.min(...config.hidden) / 1.3, Math.max(...config.hidden) * 1.3],
      },
      y: { title: "test accuracy" },
    }),
  );
  await writeSvg(
    join(out, `${NAME}.curves.svg`),
    linePlot(
      // From epoch 2 on, where the sizes differ by tenths of a percent (the CSV has every epoch).
      sizes.map((s) => ({
        name: `hidden ${s.hidden}`,
        x: s.meanTestAccByEpoch.map((_, e) => e).slice(CURVES_FROM_EPOCH),
        y: s.meanTestAccByEpoch.slice(CURVES_FROM_EPOCH),
        points: true,
      })),
      {
        title:
          `Test accuracy per epoch from epoch ${CURVES_FROM_EPOCH} (mean over ${config.seeds.length} seeds)`,
        x: { title: "epochs" },
        y: { title: "test accuracy" },
      },
    ),
  );
  await writeTextAtomic(
    join(out, `${NAME}.json`),
    stringifyResults({
      ...header(config),
      summary: sizes,
      runs,
      files: {
        runs: `${NAME}.csv`,
        summary: `${NAME}.summary.csv`,
        accuracy: `${NAME}.accuracy.csv`,
        figures: [`${NAME}.test_accuracy.svg`, `${NAME}.curves.svg`],
      },
    }),
  );
  return sizes;
}

function table(sizes: Awaited<ReturnType<typeof writeSweepResults>>): string {
  const f = (m: { mean: number; std: number }) =>
    `${m.mean.toFixed(4)} ± ${Number.isFinite(m.std) ? m.std.toFixed(4) : "  n/a "}`;
  const lines = [
    "hidden  runs  train acc (mean ± std)  test acc (mean ± std)",
    ...sizes.map((s) =>
      `${String(s.hidden).padStart(6)}  ${String(s.runs).padStart(4)}  ${
        f(s.trainAcc).padEnd(22)
      }  ${f(s.testAcc)}` +
      (s.diverged ? `  (${s.diverged} diverged)` : "")
    ),
  ];
  return lines.join("\n");
}

/** Merges the shard files of `dir` into the unsharded results in `out`. */
async function merge(dir: string, out: string, report: ReturnType<typeof makeReporter>) {
  const shards: { index: number; count: number; file: string; doc: Record<string, unknown> }[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const m = SHARD_FILE.exec(entry.name);
    if (!m || !entry.isFile) continue;
    const file = join(dir, entry.name);
    shards.push({
      index: Number(m[1]),
      count: Number(m[2]),
      file,
      doc: await readJson(file) as Record<string, unknown>,
    });
  }
  if (shards.length === 0) {
    throw new UsageError(`no shard files (${NAME}.shard-K-of-N.json) in ${dir}`);
  }
  shards.sort((a, b) => a.count - b.count || a.index - b.index);
  const counts = [...new Set(shards.map((s) => s.count))];
  if (counts.length > 1) {
    throw new Error(
      `Cannot merge shards as they must come from one split: found shards of ${
        counts.join(" and ")
      } in ${dir}`,
    );
  }
  const count = counts[0];
  const missing = Array.from({ length: count }, (_, k) => k).filter((k) =>
    !shards.some((s) => s.index === k)
  );
  if (missing.length > 0) {
    throw new Error(
      `Cannot merge shards as shard ${missing.join(", ")} of ${count} is missing: expected ` +
        missing.map((k) => `${NAME}.shard-${k}-of-${count}.json`).join(", ") + ` in ${dir}`,
    );
  }
  const first = shards[0];
  const configText = stringifyResults(first.doc.config);
  const runtimeText = stringifyResults(first.doc.runtime);
  for (const s of shards) {
    if (stringifyResults(s.doc.config) !== configText) {
      throw new Error(`Cannot merge shards as their configs differ: ${s.file} vs ${first.file}`);
    }
    if (stringifyResults(s.doc.runtime) !== runtimeText) {
      throw new Error(
        `Cannot merge shards as they ran on different runtimes: ${s.file} vs ${first.file}`,
      );
    }
  }
  const config = first.doc.config as SweepConfig;
  if (stringifyResults(runtimeInfo()) !== runtimeText) {
    throw new Error(
      `Cannot merge shards as they ran on another runtime than this one: ${runtimeText.trim()} in ${first.file}`,
    );
  }
  const specs = runSpecs(config);
  const runs: (RunRecord | undefined)[] = new Array(specs.length);
  for (const s of shards) {
    for (const r of s.doc.runs as RunRecord[]) {
      const i = specs.findIndex((p) => p.hidden === r.hidden && p.seed === r.seed);
      if (i < 0) {
        throw new Error(
          `Cannot merge shards as ${s.file} holds a run not in the sweep: hidden ${r.hidden}, seed ${r.seed}`,
        );
      }
      if (runs[i]) {
        throw new Error(
          `Cannot merge shards as the run hidden ${r.hidden}, seed ${r.seed} appears twice (duplicate shard?): ${s.file}`,
        );
      }
      runs[i] = r;
    }
  }
  const absent = specs.filter((_, i) => !runs[i]);
  if (absent.length > 0) {
    throw new Error(
      `Cannot merge shards as runs are missing: ${
        absent.map((p) => `hidden ${p.hidden} seed ${p.seed}`).join(", ")
      }`,
    );
  }
  const sizes = await writeSweepResults(out, config, runs as RunRecord[]);
  report.log(table(sizes));
  report.summary(`sweep:merge ${shards.length} shards of ${count} -> ${join(out, `${NAME}.json`)}`);
  return sizes;
}

/** Control from tests: stop the sweep like an interruption would. */
export interface Control {
  /** Abort to stop; completed runs stay saved for --resume. */
  readonly signal?: AbortSignal;
  /** Called after each run is saved (tests abort from here). */
  readonly onRunSaved?: (done: number) => void;
}

/** Runs the sweep (or its shard, or a merge) and writes the results; returns the summary. */
export async function main(c: Config, control: Control = {}) {
  await prepareOutDir(c.out); // before any work: a run must not fail at its end
  const report = makeReporter({ quiet: c.quiet });
  if (c.merge !== "none") return { sizes: await merge(c.merge, c.out, report) };

  const config = sweepConfig(c);
  const specs = runSpecs(config);
  const shard: Shard | null = c.shard === "none" ? null : parseShardFlag(c.shard);
  const mine = shard ? shardIndices(specs.length, shard) : specs.map((_, i) => i);

  // Runs finished before (--resume), each saved in its own file as it completes.
  const partial = join(c.out, PARTIAL_DIR);
  const records = new Map<number, RunRecord>();
  if (c.resume) {
    for (const i of mine) {
      const path = join(partial, runFileName(specs[i]));
      const saved = await readJson(path).catch(() => undefined) as
        | { key?: string; run?: RunRecord }
        | undefined;
      if (saved?.key === runKey(config, specs[i]) && saved.run) records.set(i, saved.run);
    }
    report.log(`resume: ${records.size} of ${mine.length} runs already done in ${partial}`);
  } else {
    for (const i of mine) await Deno.remove(join(partial, runFileName(specs[i]))).catch(() => {});
  }
  const todo = mine.filter((i) => !records.has(i));
  const what = shard ? `shard ${shard.index}/${shard.count}: ` : "";
  report.log(
    `${what}${todo.length} runs to do (${config.hidden.length} sizes × ${config.seeds.length} seeds, ` +
      `${config.iters} iterations each) on ${c.workers} worker(s)`,
  );

  const t0 = performance.now();
  const total = todo.length * config.iters;
  let saved = 0;
  await runSweep(todo.map((i) => specs[i]), {
    workers: c.workers,
    data: { dataset: c.dataset, dir: c.data, format: c.format },
    signal: control.signal,
    onProgress: (done) => report.progress(done, total, "iterations"),
    onRunDone: async (k, outcome) => {
      const i = todo[k];
      const run = runRecord(outcome);
      records.set(i, run);
      await writeTextAtomic(
        join(partial, runFileName(specs[i])),
        stringifyResults({ key: runKey(config, specs[i]), run }),
      );
      report.log(
        `hidden ${run.hidden}, seed ${run.seed}: train acc ${run.final.trainAcc}, test acc ${run.final.testAcc}` +
          (run.status === "diverged" ? " (diverged)" : ""),
      );
      control.onRunSaved?.(++saved);
    },
  });
  report.done();
  const seconds = (performance.now() - t0) / 1000;

  if (shard) {
    const file = join(c.out, `${NAME}.shard-${shard.index}-of-${shard.count}.json`);
    await writeTextAtomic(
      file,
      stringifyResults({
        ...header(config),
        shard: { ...shard },
        runs: mine.map((i) => records.get(i)!),
      }),
    );
    await cleanPartial(partial, mine.map((i) => specs[i]));
    report.summary(
      `exp:05 shard ${shard.index}/${shard.count}: ${mine.length} runs in ${
        formatDuration(seconds)
      } -> ${file}`,
    );
    return { shardFile: file };
  }
  const sizes = await writeSweepResults(c.out, config, specs.map((_, i) => records.get(i)!));
  await cleanPartial(partial, specs);
  report.log(table(sizes));
  if (c.quiet) console.log(table(sizes));
  report.summary(
    `exp:05 ${specs.length} runs in ${formatDuration(seconds)} -> ${join(c.out, `${NAME}.json`)}`,
  );
  return { sizes };
}

function parseShardFlag(text: string): Shard {
  try {
    return parseShard(text);
  } catch (error) {
    throw new UsageError(
      `--shard ${(error as Error).message.replace(/^Cannot use the shard as it /, "")}`,
    );
  }
}

/** Removes the saved run files of completed runs, and the folder when it is empty. */
async function cleanPartial(partial: string, specs: readonly { hidden: number; seed: number }[]) {
  for (const s of specs) await Deno.remove(join(partial, runFileName(s))).catch(() => {});
  await Deno.remove(partial).catch(() => {}); // only succeeds when empty (other shards may share it)
}

if (import.meta.main) await runCli(cli, Deno.args, (c) => main(c));
