/**
 * A sharded sweep's files: each array job writes its shard's run records into
 * `05_hidden_size_sweep-shard-K-of-N.json`, and merging every shard of one
 * split gives exactly the records of an unsharded run (so `writeSweepResults`
 * then writes the same bytes). A missing shard, a shard of another split, a
 * duplicated run, other settings or another runtime is an error naming it.
 *
 * @module
 */

import { join } from "node:path";
import { writeTextAtomic } from "../results/atomic.ts";
import { parseResultsJson, stringifyResults } from "../results/format.ts";
import { runtimeInfo } from "../results/runtime.ts";
import {
  type RunRecord,
  SWEEP_NAME,
  type SweepConfig,
  sweepHeader,
  sweepRunSpecs,
} from "./sweep_results.ts";
import type { SweepShard } from "./sweep_shard.ts";

const SHARD_FILE = /^05_hidden_size_sweep-shard-(\d+)-of-(\d+)\.json$/;

/**
 * The file name of a shard.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { shardFileName } from "./sweep_merge.ts";
 * assert.strictEqual(shardFileName({ index: 2, count: 4 }), "05_hidden_size_sweep-shard-2-of-4.json");
 * ```
 */
export function shardFileName(shard: SweepShard): string {
  return `${SWEEP_NAME}-shard-${shard.index}-of-${shard.count}.json`;
}

/**
 * Writes a shard's file: the sweep's header, the runtime, the shard and its run records.
 *
 * @param out Results directory.
 * @param config The sweep's settings.
 * @param shard Which shard.
 * @param runs Its run records, in run-list order.
 * @returns The path written.
 */
export async function writeShard(
  out: string,
  config: SweepConfig,
  shard: SweepShard,
  runs: readonly RunRecord[],
): Promise<string> {
  const path = join(out, shardFileName(shard));
  const doc = { ...sweepHeader(config), runtime: runtimeInfo(), shard: { ...shard }, runs };
  await writeTextAtomic(path, stringifyResults(doc));
  return path;
}

/** The shard files in `dir`, by name (none: an empty list). */
export async function listShardFiles(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && SHARD_FILE.test(entry.name)) names.push(entry.name);
  }
  return names.sort();
}

/** What {@linkcode mergeShards} found. */
export interface MergedShards {
  readonly config: SweepConfig;
  /** Every run of the sweep, in run-list order. */
  readonly runs: RunRecord[];
  /** How many shards the split had. */
  readonly count: number;
}

/**
 * Reads every shard file in `dir` and puts their runs back in the order of
 * the unsharded sweep.
 *
 * @param dir A folder holding every shard of one split (other files are ignored).
 * @returns The sweep's settings and runs.
 * @throws {RangeError} When `dir` holds no shard file.
 * @throws {Error} When the shards do not make one whole sweep (which shard, which run, which file).
 */
export async function mergeShards(dir: string): Promise<MergedShards> {
  const names = await listShardFiles(dir);
  if (names.length === 0) {
    throw new RangeError(
      `Cannot merge shards as the folder holds no shard file (${SWEEP_NAME}-shard-K-of-N.json): ${dir}`,
    );
  }
  const shards = await Promise.all(names.map(async (name) => {
    const [, index, count] = SHARD_FILE.exec(name)!.map(Number);
    const file = join(dir, name);
    const doc = parseResultsJson(await Deno.readTextFile(file)) as Record<string, unknown>;
    return { index, count, file, doc };
  }));
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
        missing.map((index) => shardFileName({ index, count })).join(", ") + ` in ${dir}`,
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
  if (stringifyResults(runtimeInfo()) !== runtimeText) {
    throw new Error(
      `Cannot merge shards as they ran on another runtime than this one: ${runtimeText.trim()} in ${first.file}`,
    );
  }
  const config = first.doc.config as SweepConfig;
  const specs = sweepRunSpecs(config);
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
  return { config, runs: runs as RunRecord[], count };
}
