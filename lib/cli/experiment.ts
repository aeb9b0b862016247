/**
 * What every experiment shares: its command line (`deno task exp:NN`, its own
 * flags, then `--out DIR` and `--quiet`; `--help` from `runCli`) and the
 * start of its `main` (`--out` checked, the reporter made).
 *
 * @module
 */

import { type CliSpec, type CommonConfig, commonFlags, type Flag } from "./flags.ts";
import { prepareOutDir } from "./out_dir.ts";
import { makeReporter, type Reporter } from "./progress.ts";

/** One flag per field of a config. */
export type FlagsOf<C> = { readonly [K in keyof C]: Flag<C[K]> };

/**
 * The command line of experiment `id`.
 *
 * @param id The experiment's number, e.g. `"03"` (its task is `deno task exp:03`).
 * @param description What it does, for `--help`.
 * @param flags Its own flags (everything of `C` but `out` and `quiet`); none by default.
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
  flags = {} as Omit<FlagsOf<C>, keyof CommonConfig>,
): CliSpec<C> {
  return {
    usage: `deno task exp:${id}`,
    description,
    flags: { ...flags, ...commonFlags } as unknown as FlagsOf<C>,
  };
}

/**
 * The start of every experiment's `main`: `--out` checked (created, and
 * refused within a moment when it cannot take the results: before any work,
 * so a run never fails at its end), then the reporter for `--quiet`.
 *
 * @param config The experiment's settings.
 * @returns The reporter to print with.
 * @throws {UsageError} When `--out` is a file or cannot be written.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { startExperiment } from "./experiment.ts";
 * const out = await Deno.makeTempDir();
 * const report = await startExperiment({ out: `${out}/results`, quiet: true });
 * assert.ok((await Deno.stat(`${out}/results`)).isDirectory);
 * report.log("not printed: quiet");
 * await Deno.remove(out, { recursive: true });
 * ```
 */
export async function startExperiment(config: CommonConfig): Promise<Reporter> {
  await prepareOutDir(config.out);
  return makeReporter({ quiet: config.quiet });
}
