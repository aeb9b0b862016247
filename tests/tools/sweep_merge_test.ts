// Oracle: the documented command line of `deno task sweep:merge` (its own usage, flags and exit
// codes; the merge itself is tested byte for byte in tests/train/sweep_test.ts).

import assert from "node:assert";
import { runDeno } from "../_deno.ts";

const merge = (...args: string[]) =>
  runDeno(["run", "--allow-read", "--allow-write", "tools/sweep_merge.ts", ...args]);
const USAGE = "Usage: deno task sweep:merge DIR [flags]  (see --help)\n";

Deno.test("sweep:merge --help shows its own usage and flags", async () => {
  const r = await merge("--help");
  assert.strictEqual(r.code, 0);
  assert.ok(r.stdout.startsWith("Usage: deno task sweep:merge DIR [flags]\n"), r.stdout);
  const flags = r.stdout.split("\n").filter((l) => l.startsWith("  --")).map((l) =>
    l.split(/\s+/)[1]
  );
  assert.deepStrictEqual(flags, ["--out", "--quiet", "--help"]); // not exp:05's
});

Deno.test("sweep:merge exits 2 naming what is wrong with DIR", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    const cases: [string[], string][] = [
      [[], "expected 1 argument(s) (DIR): got 0"],
      [[`${dir}/nowhere`], `DIR must be a folder of shard files: ${dir}/nowhere`],
      [
        [dir],
        `DIR must hold the shard files (05_hidden_size_sweep-shard-K-of-N.json): none in ${dir}`,
      ],
    ];
    for (const [args, message] of cases) {
      await t.step(args.join(" ") || "no DIR", async () => {
        const r = await merge(...args);
        assert.deepStrictEqual(r, { code: 2, stdout: "", stderr: `error: ${message}\n\n${USAGE}` });
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
