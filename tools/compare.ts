/**
 * `deno task compare RUN RUN …`: what changed between runs, by how much, and
 * whether it is more than seed noise. Each RUN is a results folder or one
 * experiment's results JSON; a sweep file (exp:05) counts as its runs.
 *
 *     deno task compare /tmp/seed0 /tmp/seed1
 *     deno task compare results/05_hidden_size_sweep.json --by hidden
 *     deno task compare a b --format md --plot /tmp/a_vs_b.svg
 *
 * Prints the config keys that differ, the final numbers, the curves, and with
 * `--by KEY` the groups' mean ± std and Welch's tests. Exit code 0 whatever
 * differs (`deno task diff` is the exact gate), 2 for a usage error: a path
 * that does not exist, a file that is not a results JSON, runs of different
 * experiments.
 */

import { choiceFlag, type CliSpec, runCli, stringFlag, UsageError } from "../lib/cli/mod.ts";
import {
  compareRuns,
  type ComparisonFormat,
  differingConfigKeys,
  formatComparison,
  overlayPlot,
  readRuns,
  runLabels,
} from "../lib/results/compare/mod.ts";
import { writeSvg } from "../lib/results/mod.ts";

/** Settings of the command. */
export interface Config {
  /** Group the runs by this config key ("none": no groups). */
  readonly by: string;
  /** Output format. */
  readonly format: ComparisonFormat;
  /** Write an SVG overlay of every run's curves here ("none": no figure). */
  readonly plot: string;
}

/** Command line (see `--help`). */
export const cli: CliSpec<Config> = {
  usage: "deno task compare",
  description:
    "Compares runs: the config keys that differ, final accuracies and loss with the difference from\n" +
    "the first run, where the curves differ, and with --by KEY each group's mean ± std and Welch's\n" +
    "t-test against the best group. RUN is a results folder or a results JSON; a sweep file counts\n" +
    "as its runs. Exit code 0 (use `deno task diff` as the exact gate), 2 for a usage error.",
  flags: {
    by: stringFlag("none", "group the runs by this config key, e.g. hidden", "KEY"),
    format: choiceFlag("text", ["text", "md", "json"] as const, "output format"),
    plot: stringFlag("none", "write an SVG overlay of the runs' curves to this file", "FILE.svg"),
  },
  positionals: { names: ["RUN", "RUN", "…"], min: 1, max: Infinity },
};

/** A library error about the input (a bad path, file or set of runs) is a usage error: exit code 2. */
function asUsageError(error: unknown): unknown {
  const input = (error instanceof RangeError || error instanceof TypeError) &&
    error.message.startsWith("Cannot ");
  return input ? new UsageError(error.message) : error;
}

/** Reads the runs, prints the comparison, writes the figure. */
export async function main(config: Config & { positionals: string[] }): Promise<number> {
  if (config.plot !== "none" && !config.plot.endsWith(".svg")) {
    throw new UsageError(`--plot must name an .svg file: got ${JSON.stringify(config.plot)}`);
  }
  let comparison, figure;
  try {
    const runs = await readRuns(config.positionals);
    comparison = compareRuns(runs, config.by === "none" ? {} : { by: config.by });
    if (config.plot !== "none") {
      const keys = differingConfigKeys(runs);
      figure = overlayPlot(runs, runLabels(runs, keys), { legendTitle: keys.join(", ") || "run" });
    }
  } catch (error) {
    throw asUsageError(error);
  }
  if (figure) await writeSvg(config.plot, figure);
  await Deno.stdout.write(new TextEncoder().encode(formatComparison(comparison, config.format)));
  if (figure) console.error(`wrote ${config.plot}`);
  return 0;
}

if (import.meta.main) await runCli(cli, Deno.args, main);
