/**
 * The flags every MNIST experiment takes (§3.6.1 onwards): `--dataset`,
 * `--data DIR` and `--format`, to spread into a CLI spec and pass on to
 * `loadMnist` (`lib/data/load.ts`).
 *
 * @module
 */

import { MNIST_DATASETS, type MnistDataset, type MnistFormat } from "../data/types.ts";
import { choiceFlag, type Flag, stringFlag } from "./flags.ts";

/** The config fields {@linkcode mnistFlags} add. */
export interface MnistFlagsConfig {
  /** `--dataset`. */
  readonly dataset: MnistDataset;
  /** `--data DIR`: the folder, or `"auto"`. */
  readonly data: string;
  /** `--format`. */
  readonly format: MnistFormat | "auto";
}

/**
 * The flags every MNIST experiment (§3.6.1 onwards) takes, to spread into its CLI spec:
 * `--dataset mnist|fashion-mnist`, `--data DIR` (`auto`: `MNIST_DIR`, else
 * `data/<dataset>`) and `--format auto|idx|csv`. Pass the values to
 * `loadMnist` as `{ dataset, dir: data, format }`.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseCli } from "./run.ts";
 * import { mnistFlags } from "./mnist_flags.ts";
 * const spec = { usage: "x", description: "", flags: { ...mnistFlags } };
 * assert.deepStrictEqual(parseCli(spec, ["--format", "csv"]), {
 *   dataset: "mnist", data: "auto", format: "csv", positionals: [],
 * });
 * ```
 */
export const mnistFlags: { readonly [K in keyof MnistFlagsConfig]: Flag<MnistFlagsConfig[K]> } = {
  dataset: choiceFlag<MnistDataset>(
    "mnist",
    MNIST_DATASETS,
    "data set: handwritten digits or Zalando's articles",
  ),
  data: stringFlag(
    "auto",
    "folder with the data files; auto = $MNIST_DIR ($FASHION_MNIST_DIR), else data/<dataset>",
    "DIR",
  ),
  format: choiceFlag<MnistFormat | "auto">(
    "auto",
    ["auto", "idx", "csv"],
    "file format: IDX (.gz or raw), CSV, or auto (IDX when present, else CSV)",
  ),
};
