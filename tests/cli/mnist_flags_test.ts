// Tests of lib/cli/mnist_flags.ts: the flags the MNIST experiments share.

import assert from "node:assert";
import { throwsExactly } from "../_assert.ts";
import { parseCli, UsageError } from "../../lib/cli/mod.ts";
import { mnistFlags } from "../../lib/cli/mnist_flags.ts";

Deno.test("mnistFlags give experiments --dataset, --data and --format with usage errors", () => {
  const spec = { usage: "deno task exp:04", description: "", flags: { ...mnistFlags } };
  assert.deepStrictEqual(parseCli(spec, []), {
    dataset: "mnist",
    data: "auto",
    format: "auto",
    positionals: [],
  });
  assert.deepStrictEqual(
    parseCli(spec, ["--dataset", "fashion-mnist", "--data", "/tmp/x", "--format", "idx"]),
    { dataset: "fashion-mnist", data: "/tmp/x", format: "idx", positionals: [] },
  );
  throwsExactly(
    () => parseCli(spec, ["--format", "npz"]),
    UsageError,
    '--format must be one of auto, idx, csv: got "npz"',
  );
  throwsExactly(
    () => parseCli(spec, ["--dataset", "emnist"]),
    UsageError,
    '--dataset must be one of mnist, fashion-mnist: got "emnist"',
  );
  throwsExactly(() => parseCli(spec, ["--data", ""]), UsageError, "--data must not be empty");
});
