/**
 * The command line every experiment shares: `deno task exp:NN`, its own
 * flags, then `--out DIR` and `--quiet` (and `--help`, from `runCli`).
 *
 * @module
 */

import { type CliSpec, type CommonConfig, commonFlags, type Flag } from "./flags.ts";

/** One flag per field of a config. */
export type FlagsOf<C> = { readonly [K in keyof C]: Flag<C[K]> };

/**
 * The command line of experiment `id`.
 *
 * @param id The experiment's number, e.g. `"03"` (its task is `deno task exp:03`).
 * @param description What it does, for `--help`.
 * @param flags Its own flags (everything of `C` but `out` and `quiet`).
 * @returns The spec, for `runCli`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { experimentCli } from "./experiment.ts";
 * import { intFlag } from "./flags.ts";
 * import { parseCli } from "./run.ts";
 * const cli = experimentCli<{ seed: number; out: string; quiet: boolean }>(
 *   "03", "§4.4: gradient descent.", { seed: intFlag(0, "seed") },
 * );
 * assert.strictEqual(cli.usage, "deno task exp:03");
 * assert.deepStrictEqual(parseCli(cli, ["--seed", "2"]), { seed: 2, out: "results", quiet: false, positionals: [] });
 * ```
 */
export function experimentCli<C extends CommonConfig>(
  id: string,
  description: string,
  flags: Omit<FlagsOf<C>, keyof CommonConfig>,
): CliSpec<C> {
  return {
    usage: `deno task exp:${id}`,
    description,
    flags: { ...flags, ...commonFlags } as unknown as FlagsOf<C>,
  };
}
