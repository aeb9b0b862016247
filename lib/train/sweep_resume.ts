/**
 * Resuming an interrupted sweep: each finished run is saved at once in a
 * hidden folder of `--out` (`.05_hidden_size_sweep.partial/`), keyed by every
 * setting that can change its numbers, so a sweep stopped by Ctrl-C, `kill`
 * or a scheduler's time limit keeps its finished runs, and `--resume` runs
 * only the rest. A saved run made with other settings is never reused: it
 * is reported and run again.
 *
 * @module
 */

import { join } from "node:path";
import { writeTextAtomic } from "../results/atomic.ts";
import { parseResultsJson, stringifyResults } from "../results/format.ts";
import { runtimeInfo } from "../results/runtime.ts";
import { type RunRecord, SWEEP_NAME, type SweepConfig } from "./sweep_results.ts";

/** Where a sweep saves its finished runs, inside `out`. */
export function partialDir(out: string): string {
  return join(out, `.${SWEEP_NAME}.partial`);
}

/** A run of the sweep: its hidden size and seed. */
export interface RunId {
  readonly hidden: number;
  readonly seed: number;
}

function runFileName(run: RunId): string {
  return `hidden-${run.hidden}_seed-${run.seed}.json`;
}

/** What a saved run's file must match to be reused: every setting that can change its numbers. */
function runKey(config: SweepConfig, run: RunId): string {
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
    hidden: run.hidden,
    seed: run.seed,
    runtime: { ...runtimeInfo() },
  });
}

/** Saves a finished run (atomically) so that `--resume` can reuse it. */
export async function saveFinishedRun(
  out: string,
  config: SweepConfig,
  run: RunRecord,
): Promise<void> {
  const text = stringifyResults({ key: runKey(config, run), run });
  await writeTextAtomic(join(partialDir(out), runFileName(run)), text);
}

/** What {@linkcode loadFinishedRuns} found. */
export interface FinishedRuns {
  /** The saved records of runs made with these settings, by position in `runs`. */
  readonly records: Map<number, RunRecord>;
  /** Runs of this sweep saved with other settings (they run again). */
  readonly stale: readonly RunId[];
}

/**
 * The runs among `runs` that an earlier sweep with the same settings saved.
 *
 * @param out Results directory.
 * @param config This sweep's settings.
 * @param runs The runs to look for.
 * @returns The reusable records, and the runs saved with other settings.
 */
export async function loadFinishedRuns(
  out: string,
  config: SweepConfig,
  runs: readonly RunId[],
): Promise<FinishedRuns> {
  const records = new Map<number, RunRecord>();
  const stale: RunId[] = [];
  for (const [i, run] of runs.entries()) {
    const text = await Deno.readTextFile(join(partialDir(out), runFileName(run))).catch(
      (error) => {
        if (error instanceof Deno.errors.NotFound) return undefined;
        throw error;
      },
    );
    if (text === undefined) continue;
    const saved = parseResultsJson(text) as { key?: string; run?: RunRecord };
    if (saved.key === runKey(config, run) && saved.run) records.set(i, saved.run);
    else stale.push(run);
  }
  return { records, stale };
}

/**
 * Removes the saved files of `runs` (a fresh sweep, or a finished one), and
 * the folder when nothing else is left in it (other shards may share it).
 */
export async function forgetRuns(out: string, runs: readonly RunId[]): Promise<void> {
  const dir = partialDir(out);
  for (const run of runs) await Deno.remove(join(dir, runFileName(run))).catch(() => {});
  await Deno.remove(dir).catch(() => {}); // only succeeds when empty
}
