/**
 * Spreading a sweep over the array jobs of the scheduler a user already has
 * (Slurm, a Kubernetes Indexed Job, a CI matrix): `--shard K/N` takes every
 * N-th run starting at K.
 *
 * @module
 */

/** A share of a sweep: shard `index` of `count` (0-based, like a job array index). */
export interface SweepShard {
  /** 0 … count − 1. */
  readonly index: number;
  /** Number of shards. */
  readonly count: number;
}

/**
 * Parses `K/N` (0 ≤ K < N), the `--shard` flag.
 *
 * @param text E.g. `"2/4"`.
 * @returns The shard.
 * @throws {RangeError} When the text is not `K/N` with 0 ≤ K < N.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseShard } from "./sweep_shard.ts";
 * assert.deepStrictEqual(parseShard("2/4"), { index: 2, count: 4 });
 * assert.throws(() => parseShard("4/4"), RangeError);
 * ```
 */
export function parseShard(text: string): SweepShard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN, count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index < count) || !Number.isSafeInteger(count)) {
    throw new RangeError(
      `Cannot use the shard as it must be K/N with 0 <= K < N (K is the 0-based array index): got ${
        JSON.stringify(text)
      }`,
    );
  }
  return { index, count };
}

/**
 * The positions in a run list of `total` runs that belong to a shard: every
 * N-th run starting at K (round robin, so shards get similar mixes).
 *
 * @param total Runs in the whole sweep.
 * @param shard The shard.
 * @returns Ascending run positions.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { shardIndices } from "./sweep_shard.ts";
 * assert.deepStrictEqual(shardIndices(7, { index: 1, count: 3 }), [1, 4]);
 * ```
 */
export function shardIndices(total: number, shard: SweepShard): number[] {
  const out: number[] = [];
  for (let i = shard.index; i < total; i += shard.count) out.push(i);
  return out;
}
