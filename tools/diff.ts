/**
 * `deno task diff A B [--tolerance T] [--limit N] [--quiet]`: compares two
 * results files or two results directories number by number, over
 * {@linkcode diffResultPaths} and {@linkcode formatDiffReport} (the rules are
 * in `lib/results/diff/mod.ts`). Use it to compare two seeds, two machines,
 * or a rerun with the committed results.
 *
 * Exit code 0 when identical (within the tolerance), 1 when something
 * differs, 2 for a usage error (a missing argument, a path that does not
 * exist, a file compared with a directory).
 *
 * @module
 */

import {
  type CliSpec,
  EXIT,
  intFlag,
  numberFlag,
  runCli,
  switchFlag,
  UsageError,
} from "../lib/cli/mod.ts";
import {
  checkResultPaths,
  DEFAULT_LIMIT,
  diffResultPaths,
  formatDiffReport,
} from "../lib/results/diff/mod.ts";

/** Flags of `deno task diff`. */
export interface DiffCliConfig {
  readonly tolerance: number;
  readonly limit: number;
  readonly quiet: boolean;
}

/** The command line of `deno task diff`. */
export const spec: CliSpec<DiffCliConfig> = {
  usage: "deno task diff",
  description: `
Compares two results files (JSON, CSV; SVG and other files as text) or two results
directories (files matched by name; names starting with "." ignored): first the experiment
and its config, then every number. Numbers must be the same double (-0 and 0 differ, NaN
equals NaN) unless --tolerance T > 0, which accepts |a - b| <= T * max(1, |a|, |b|):
relative for large values, absolute near zero; NaN only equals NaN, and an infinity only
the same infinity. A different runtime block (Deno/V8 versions) is a note, not a failure:
another V8 may move last bits, and the numbers show whether it did. SVG figures are compared
as text, without tolerance. A JSON that lists its result set's files with their SHA-256 is
checked against the files beside it, on each side: a listed file missing or changed, or a
file named like the set but not listed (a run stopped between its writes), is a difference.

Prints one line per difference (file, path, both values, a - b) and a summary line that
counts the files only in A or only in B, the files that differ, and their numbers and other
differences, and the result sets that do not match their files.
Exit code 0 when identical (within the tolerance), 1 when something differs, 2 for usage
errors.

  deno task diff results /tmp/rerun              # a rerun against the committed results
  deno task diff a/04_x.json b/04_x.json --tolerance 1e-12   # two machines`,
  flags: {
    tolerance: numberFlag(0, "accept |a - b| <= T * max(1, |a|, |b|); 0 is bit for bit", {
      min: 0,
      meta: "T",
    }),
    limit: intFlag(DEFAULT_LIMIT, "print at most N differences per file", { min: 1 }),
    quiet: switchFlag("print only the summary line"),
  },
  positionals: { names: ["A", "B"], min: 2, max: 2 },
};

/** The library's complaint about a path (missing, of the wrong kind) as a usage error (exit 2). */
async function checkPaths(a: string, b: string): Promise<void> {
  try {
    await checkResultPaths(a, b);
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}

/**
 * The command: compares A and B, prints the report, and says whether something differs.
 *
 * @param config The flags and the two paths (`positionals`).
 * @returns True when something differs (exit code 1).
 */
export async function main(config: DiffCliConfig & { positionals: string[] }): Promise<boolean> {
  const [a, b] = config.positionals;
  await checkPaths(a, b);
  const diff = await diffResultPaths(a, b, { tolerance: config.tolerance });
  const text = formatDiffReport(diff, { limit: config.limit, quiet: config.quiet });
  console.log(text.slice(0, -1));
  return diff.differences.length > 0;
}

if (import.meta.main) {
  await runCli(
    spec,
    Deno.args,
    async (config) => (await main(config)) ? EXIT.failure : EXIT.ok,
  );
}
