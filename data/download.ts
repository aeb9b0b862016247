/**
 * `deno task data:mnist`: puts MNIST's four IDX files into `data/mnist`
 * (Fashion-MNIST's into `data/fashion-mnist` with `--dataset fashion-mnist`),
 * each checked against the SHA-256 of its decompressed contents in
 * `data/<dataset>.sha256` and moved into place atomically. Book §3.6.1: the
 * book's `dataset/mnist.py` downloads the same files.
 *
 *     deno task data:mnist                              # download from the mirrors
 *     deno task data:mnist --from ../shared/data/mnist  # offline: copy and verify
 *     deno task data:mnist --dataset fashion-mnist --from /usr/share/datasets/fashion-mnist
 *
 * Files already there that verify are kept, so a second run downloads
 * nothing. A mirror that fails (HTTP error, no data for 30 s, contents that do
 * not verify) is reported and the next one tried.
 *
 * @module
 */

import { type CliSpec, runCli, stringFlag, switchFlag } from "../lib/cli/mod.ts";
import { join } from "node:path";
import type { MnistDataset } from "../lib/data/types.ts";
import { mnistFlags } from "../lib/cli/mnist_flags.ts";
import { makeReporter, type Reporter } from "../lib/cli/progress.ts";
import { installMnist, type InstallResult, MNIST_MIRRORS } from "../lib/data/download/mod.ts";
import { writeBytesAtomic } from "../lib/results/atomic.ts";

/** The command's settings. */
export interface DownloadConfig {
  /** Which data set. */
  readonly dataset: MnistDataset;
  /** Target folder, or "auto" for `data/<dataset>`. */
  readonly out: string;
  /** Local folder to copy from, or "none" to download. */
  readonly from: string;
  /** Comma-separated base URLs, or "standard" for the built-in mirrors. */
  readonly mirrors: string;
  /** Only the summary line. */
  readonly quiet: boolean;
}

const MIRRORS_MNIST = MNIST_MIRRORS.mnist.join(", ");
const MIRRORS_FASHION = MNIST_MIRRORS["fashion-mnist"].join(", ");

/** The command line of `deno task data:mnist`. */
export const spec: CliSpec<DownloadConfig> = {
  usage: "deno task data:mnist",
  description: `
Downloads the four IDX files of MNIST (or Fashion-MNIST) into data/<dataset>, verifies the SHA-256
of each file's decompressed contents against data/<dataset>.sha256, and moves each into place
atomically. Files already there that verify are kept. --from DIR copies and verifies a local copy
instead (offline machines, CI). Mirrors, in order: ${MIRRORS_MNIST}; for fashion-mnist:
${MIRRORS_FASHION}.`,
  flags: {
    dataset: mnistFlags.dataset,
    out: stringFlag("auto", "target folder; auto = data/<dataset>", "DIR"),
    from: stringFlag(
      "none",
      "copy and verify the files from this folder instead of downloading",
      "DIR",
    ),
    mirrors: stringFlag(
      "standard",
      "comma-separated base URLs to try in order instead of the standard mirrors",
      "URL,...",
    ),
    quiet: switchFlag("no progress, only the summary line"),
  },
};

/**
 * Gets the files (see the module doc).
 *
 * @param config The settings.
 * @param deps For tests: expected checksums, stall timeout and reporter.
 * @returns What was done.
 */
export async function main(
  config: DownloadConfig,
  deps: { checksums?: ReadonlyMap<string, string>; idleTimeoutMs?: number; reporter?: Reporter } =
    {},
): Promise<InstallResult> {
  const out = config.out === "auto" ? join("data", config.dataset) : config.out;
  const reporter = deps.reporter ?? makeReporter({ quiet: config.quiet });
  const started = performance.now();
  const result = await installMnist({
    dataset: config.dataset,
    out,
    from: config.from === "none" ? undefined : config.from,
    mirrors: config.mirrors === "standard"
      ? undefined
      : config.mirrors.split(",").map((s) => s.trim()),
    checksums: deps.checksums,
    idleTimeoutMs: deps.idleTimeoutMs,
    reporter,
    writeFile: writeBytesAtomic,
  });
  const how = config.from === "none" ? "downloaded" : "copied";
  reporter.summary(
    `${config.dataset} ready in ${out}: ${result.files.length} files verified ` +
      `(${result.fetched} ${how}, ${result.present} already there) in ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return result;
}

if (import.meta.main) await runCli(spec, Deno.args, (config) => main(config));
