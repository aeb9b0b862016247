// The flags of a test command, their defaults, and the check that a parse fails with a usage
// error's exact text: shared by flags_test.ts and run_test.ts.

import assert from "node:assert";
import {
  choiceFlag,
  type CliSpec,
  intFlag,
  intListFlag,
  numberFlag,
  parseCli,
  stringFlag,
  switchFlag,
  UsageError,
} from "../../lib/cli/mod.ts";

export interface Config {
  readonly seed: number;
  readonly lr: number;
  readonly decay: number;
  readonly batchSize: number;
  readonly out: string;
  readonly gradient: "backprop" | "numerical";
  readonly hidden: readonly number[];
  readonly quiet: boolean;
}

export const SPEC: CliSpec<Config> = {
  usage: "deno task exp:xx",
  description: "  Test command.\n",
  flags: {
    seed: intFlag(0, "seed", { min: 0, max: 2 ** 32 - 1 }),
    lr: numberFlag(0.1, "learning rate", { positive: true }),
    decay: numberFlag(0, "weight decay", { min: 0, meta: "L" }),
    batchSize: intFlag(100, "batch size", { min: 1 }),
    out: stringFlag("results", "results directory", "DIR"),
    gradient: choiceFlag("backprop", ["backprop", "numerical"] as const, "gradient method"),
    hidden: intListFlag([50, 20], "hidden sizes", { min: 1, max: 1000 }),
    quiet: switchFlag("only the summary"),
  },
};

export const DEFAULTS = {
  seed: 0,
  lr: 0.1,
  decay: 0,
  batchSize: 100,
  out: "results",
  gradient: "backprop",
  hidden: [50, 20],
  quiet: false,
  positionals: [],
};

export function usageError(args: string[], message: string): void {
  assert.throws(() => parseCli(SPEC, args), (e) => {
    assert.ok(e instanceof UsageError, `not a UsageError: ${e}`);
    assert.strictEqual(e.name, "UsageError");
    assert.strictEqual(e.message, message);
    return true;
  });
}
