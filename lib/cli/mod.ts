/**
 * The command-line helpers the experiments and tools share: typed flags with
 * `--help`, exit codes, progress on long work, and the flags every MNIST
 * experiment takes. Not part of the top-level `mod.ts` (the library has no
 * CLI); import it as `@dlfs/deno/cli` to write a command of your own.
 *
 * | file          | idea                                                              | test                          |
 * | ------------- | ----------------------------------------------------------------- | ----------------------------- |
 * | `flags.ts`    | `intFlag`, `numberFlag`, `choiceFlag`, … and `CliSpec`            | `tests/cli/flags_test.ts`     |
 * | `run.ts`      | `parseCli`, `helpText`, `runCli`: parse, `--help`, exit 0 / 1 / 2 | `tests/cli/run_test.ts`       |
 * | `progress.ts` | `makeReporter`: progress and ETA on a terminal, lines elsewhere   | `tests/cli/progress_test.ts`  |
 * | `out_dir.ts`  | `prepareOutDir`: `--out` checked before any work                  | `tests/cli/out_dir_test.ts`   |
 * | `experiment.ts` | `experimentCli`: `deno task exp:NN`, its flags, `--out`, `--quiet` | `tests/cli/experiment_test.ts` |
 * | `training_flags.ts` | `trainingFlags`: the book's `--seed --hidden --iters --batch --lr` | `tests/cli/training_flags_test.ts` |
 * | `mnist_flags.ts` | `mnistFlags`: `--dataset`, `--data`, `--format` of the MNIST experiments | `tests/cli/mnist_flags_test.ts` |
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { intFlag, parseCli } from "./mod.ts";
 * const spec = { usage: "demo", description: "A demo.", flags: { seed: intFlag(0, "seed") } };
 * assert.strictEqual(parseCli(spec, ["--seed", "7"]).seed, 7);
 * ```
 *
 * @module
 */

export * from "./flags.ts";
export * from "./run.ts";
export * from "./out_dir.ts";
export * from "./progress.ts";
export * from "./mnist_flags.ts";
export * from "./experiment.ts";
export * from "./training_flags.ts";
