/**
 * `deno task sweep:merge DIR --out OUT`: merges the shard files an exp:05
 * sweep's array jobs wrote into DIR (`05_hidden_size_sweep-shard-K-of-N.json`,
 * all shards of one split) and writes into OUT exactly the files an
 * unsharded `deno task exp:05` writes (tested byte for byte).
 *
 * @module
 */

import {
  type CliSpec,
  type CommonConfig,
  commonFlags,
  runCli,
  startExperiment,
  UsageError,
} from "../lib/cli/mod.ts";
import { listShardFiles, mergeShards } from "../lib/train/sweep_merge.ts";
import { sweepTable, writeSweepResults } from "../lib/train/sweep_results.ts";

/** Flags of `deno task sweep:merge` (the folder is the positional DIR). */
export type Config = CommonConfig;

/** Command line (see `--help`). */
export const cli: CliSpec<Config> = {
  usage: "deno task sweep:merge",
  description:
    "Merges the shard files of an exp:05 sweep (05_hidden_size_sweep-shard-K-of-N.json, written by\n" +
    "`deno task exp:05 --shard K/N`) from DIR into the files an unsharded sweep writes, in --out.\n" +
    "A missing shard, a shard of another split, a duplicated run, other settings or another runtime\n" +
    "is an error naming it.",
  flags: commonFlags,
  positionals: { names: ["DIR"], min: 1, max: 1 },
};

/** Merges and writes; returns the summary per size. */
export async function main(config: Config & { positionals: string[] }) {
  const [dir] = config.positionals;
  const info = await Deno.stat(dir).catch(() => undefined);
  if (!info?.isDirectory) throw new UsageError(`DIR must be a folder of shard files: ${dir}`);
  if ((await listShardFiles(dir)).length === 0) {
    throw new UsageError(
      `DIR must hold the shard files (05_hidden_size_sweep-shard-K-of-N.json): none in ${dir}`,
    );
  }
  const report = await startExperiment(config); // --out checked before any work
  const { config: sweep, runs, count } = await mergeShards(dir);
  const { sizes, path } = await writeSweepResults(config.out, sweep, runs);
  report.log(sweepTable(sizes));
  report.summary(`sweep:merge ${count} shards -> ${path}`);
  return { sizes };
}

if (import.meta.main) await runCli(cli, Deno.args, main);
