/**
 * `deno task report`: writes `results/README.md` from the committed results
 * (each experiment's headline numbers, the book's values beside ours, its
 * figures), byte-identical on rerun; CI regenerates it and fails on a change.
 *
 *     deno task report
 */

import { type CliSpec, type CommonConfig, commonFlags, runCli } from "../lib/cli/mod.ts";
import { writeResultsReport } from "../lib/results/compare/mod.ts";

/** Command line (see `--help`). */
export const cli: CliSpec<CommonConfig> = {
  usage: "deno task report",
  description:
    "Writes README.md in the results folder (--out, default results/) from its results files: per\n" +
    "experiment its headline numbers, the book's values beside ours, and its figures.",
  flags: commonFlags,
};

/** Writes the report and prints where. */
export async function main(config: CommonConfig): Promise<void> {
  const { path, experiments } = await writeResultsReport(config.out);
  if (!config.quiet) console.log(`covers ${experiments.join(", ")}`);
  console.log(`report -> ${path}`);
}

if (import.meta.main) await runCli(cli, Deno.args, main);
