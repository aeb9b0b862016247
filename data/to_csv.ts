/**
 * `deno task data:csv`: converts the IDX files of MNIST (or Fashion-MNIST) to
 * the common CSV layout, one image per row, the label then 784 pixels 0–255:
 * `data/mnist/mnist_train.csv` and `mnist_test.csv` (`fashion-mnist_train.csv`
 * and `fashion-mnist_test.csv` for Fashion-MNIST). Book §3.6.1.
 *
 *     deno task data:mnist --from ../shared/data/mnist && deno task data:csv
 *
 * Each CSV is parsed back and compared with the IDX arrays before it is
 * written, and written atomically (temporary file, then rename).
 *
 * @module
 */

import { join } from "node:path";
import { type CliSpec, runCli, stringFlag, switchFlag } from "../lib/cli/mod.ts";
import {
  formatMnistCsv,
  mnistCsvFiles,
  type MnistDataset,
  type MnistLabeledImages,
  parseMnistCsv,
  readMnistSource,
  resolveMnistDir,
} from "../lib/data/mod.ts";
import { mnistFlags } from "../lib/cli/mnist_flags.ts";
import { makeReporter, type Reporter } from "../lib/cli/progress.ts";
import { writeBytesAtomic } from "../lib/results/atomic.ts";

/** The command's settings. */
export interface ToCsvConfig {
  /** Which data set. */
  readonly dataset: MnistDataset;
  /** Folder with the IDX files, or "auto" (as the experiments find it). */
  readonly data: string;
  /** Target folder, or "auto" for `data/<dataset>`. */
  readonly out: string;
  /** Write the header line `label,pixel1,...,pixel784`. */
  readonly header: boolean;
  /** Only the summary line. */
  readonly quiet: boolean;
}

/** The command line of `deno task data:csv`. */
export const spec: CliSpec<ToCsvConfig> = {
  usage: "deno task data:csv",
  description: `
Converts the IDX files (from deno task data:mnist) to CSV: one row per image, the label then the
784 pixels 0-255, LF line ends; mnist_train.csv and mnist_test.csv (fashion-mnist_train.csv and
fashion-mnist_test.csv). Each file is checked by parsing it back before it is written atomically.`,
  flags: {
    dataset: mnistFlags.dataset,
    data: mnistFlags.data,
    out: stringFlag("auto", "target folder; auto = data/<dataset>", "DIR"),
    header: switchFlag("start each file with the header line label,pixel1,...,pixel784"),
    quiet: switchFlag("no progress, only the summary line"),
  },
};

function sameArrays(a: MnistLabeledImages, b: MnistLabeledImages): boolean {
  if (a.count !== b.count || a.pixels.length !== b.pixels.length) return false;
  for (let i = 0; i < a.pixels.length; i++) if (a.pixels[i] !== b.pixels[i]) return false;
  for (let i = 0; i < a.count; i++) if (a.labels[i] !== b.labels[i]) return false;
  return true;
}

/**
 * Converts (see the module doc).
 *
 * @param config The settings.
 * @param deps For tests: the reporter.
 * @returns The CSV paths written.
 */
export async function main(
  config: ToCsvConfig,
  deps: { reporter?: Reporter } = {},
): Promise<string[]> {
  const reporter = deps.reporter ?? makeReporter({ quiet: config.quiet });
  const started = performance.now();
  const source = await resolveMnistDir({
    dataset: config.dataset,
    dir: config.data,
    format: "idx",
  });
  const data = await readMnistSource(source);
  const out = config.out === "auto" ? join("data", config.dataset) : config.out;
  const names = mnistCsvFiles(config.dataset);
  const written: string[] = [];
  for (const split of ["train", "test"] as const) {
    const path = join(out, names[split]);
    const bytes = formatMnistCsv(data[split], { header: config.header });
    if (!sameArrays(parseMnistCsv(bytes, path), data[split])) {
      throw new Error(
        `Cannot write ${path} as parsing it back must give the IDX arrays: it does not`,
      );
    }
    await writeBytesAtomic(path, bytes);
    reporter.log(`${path}: ${data[split].count} rows, ${(bytes.length / 1e6).toFixed(1)} MB`);
    written.push(path);
  }
  reporter.summary(
    `${config.dataset} CSV written from ${source.dir} to ${out} in ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return written;
}

if (import.meta.main) await runCli(spec, Deno.args, (config) => main(config));
