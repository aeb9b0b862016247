// Every command line in the README's `sh` code blocks, run as written in a non-interactive shell
// (no terminal, as CI, Slurm or a Kubernetes job runs it) on a scratch copy of the repository, in
// README order: a README edit that breaks a command breaks this test. Slow commands get the same
// flags plus a shortening flag; scheduler lines run once per array index with the variable set
// as the scheduler sets it; absolute paths (/tmp/…, /shared/…) are moved into the scratch folder.
// A line may say what it exits with in a trailing comment: `# exits 1`.

import assert from "node:assert";
import { join } from "node:path";
import { ROOT, runShell } from "./_deno.ts";
import { resolveMnistDir } from "../lib/data/mod.ts";

/** A README command: the line as written, where it stands, and the output shown under it. */
interface Command {
  readonly line: string;
  readonly lineNumber: number;
  /** For a `$ ` line: the lines below it up to the next `$ ` line or the block's end. */
  readonly shown?: string[];
}

/**
 * The command lines of the README: every line of its `sh` blocks (comments and blank lines left
 * out), and the `$ ` lines of its other blocks, which show a command with its output.
 */
export function readmeCommands(readme: string): Command[] {
  const out: Command[] = [];
  let block: "sh" | "other" | null = null;
  let shown: string[] | null = null; // the output lines of the last `$ ` command
  readme.split("\n").forEach((text, i) => {
    if (/^```/.test(text)) {
      block = block ? null : /^```(sh|bash)\s*$/.test(text) ? "sh" : "other";
      shown = null;
      return;
    }
    const line = text.trim();
    if (block === "sh" && line && !line.startsWith("#")) out.push({ line, lineNumber: i + 1 });
    if (block === "other" && line.startsWith("$ ")) {
      shown = [];
      out.push({ line: line.slice(2), lineNumber: i + 1, shown });
    } else if (block === "other" && shown) shown.push(text);
  });
  return out;
}

/** A line with its timings (`9.8s`, `0.98 ms/iteration`, `7m36s`) as `T`, to compare outputs. */
function untimed(line: string): string {
  return line.replace(/\b\d+(?:\.\d+)?(?:m\d+(?:\.\d+)?s| ?ms| ?s)\b/g, "T").trimEnd();
}

/**
 * The README's output lines that the real output lacks: every shown line (timings aside) must be
 * printed, in the README's order; a line holding `…` stands for lines left out.
 */
export function missingOutput(shown: readonly string[], printed: string): string[] {
  const lines = printed.split("\n").map(untimed);
  const missing: string[] = [];
  let at = 0;
  for (const want of shown.map(untimed)) {
    if (want.includes("…") || want === "") continue;
    const found = lines.indexOf(want, at);
    if (found < 0) missing.push(want);
    else at = found + 1;
  }
  return missing;
}

/**
 * How each command runs here: the same flags plus a shortening flag for long work, and some
 * commands not at all, each with the reason (they are run elsewhere or would run this test).
 */
const SHORTER: readonly [RegExp, string][] = [
  [/deno task exp:04\b(?!.*--iters)/, " --iters 20"],
  [/deno task exp:05\b(?!.*--iters)/, " --hidden 10,20 --seeds 0,1 --iters 20"],
  [/deno task exp:06\b(?!.*--naive-sample)/, " --naive-sample 2"],
  [/deno task exp:07\b(?!.*--iters)/, " --iters 4"],
  [/bench\/compare\.ts\b(?!.*--iters)/, " --iters 50"],
];
/** Commands that would change this machine run as a check of the same thing. */
const INSTEAD: readonly [RegExp, string][] = [
  // Installing Deno would replace the runtime under test: check that the pinned version exists.
  [/npm install -g (deno@[0-9.]+)/, "npm view $1 version"],
];
const NOT_HERE: readonly [RegExp, string][] = [
  [/^deno task test\b/, "the test suite itself (CI runs it)"],
  [
    /^deno task bench\b/,
    "a benchmark of minutes, run by hand and by `deno task bench` in the Speed section",
  ],
];

/** Runs every index of a scheduler's array: [variable, indices]. */
const ARRAYS: readonly [RegExp, (i: number) => [string, Record<string, string>]][] = [
  [/\$SLURM_ARRAY_TASK_ID/, (i) => ["", { SLURM_ARRAY_TASK_ID: String(i) }]],
  [/\$JOB_COMPLETION_INDEX/, (i) => ["", { JOB_COMPLETION_INDEX: String(i) }]],
  // GitHub Actions substitutes ${{ matrix.shard }} before the shell sees the line.
  [/\$\{\{ matrix\.shard \}\}/, (i) => [String(i), {}]],
];

/** The lines a command runs as: one, or one per array index (4 shards, as in the README). */
function runs(command: Command, scratch: string): { line: string; env: Record<string, string> }[] {
  let line = command.line.replace(/\s+#.*$/, ""); // a trailing comment
  for (const [re, instead] of INSTEAD) line = line.replace(re, instead);
  // Absolute folders of the README's examples live in the scratch folder here.
  line = line.replace(/(?<=\s|^)\/(tmp|shared)\//g, `${scratch}/abs/$1/`);
  for (const [re, flag] of SHORTER) {
    line = line.replace(new RegExp(`(${re.source}[^&|;]*)`), (m) => m.trimEnd() + flag);
  }
  const array = ARRAYS.find(([re]) => re.test(line));
  if (!array) return [{ line, env: {} }];
  return [0, 1, 2, 3].map((i) => {
    const [value, env] = array[1](i);
    return { line: value ? line.replace(array[0], value) : line, env };
  });
}

/** The exit code a command states (`# exits N`), else 0. */
function expectedCode(command: Command): number {
  const m = /#\s*exits (\d+)\s*$/.exec(command.line);
  return m ? Number(m[1]) : 0;
}

/** A copy of the repository's files (tracked, or new and not ignored) in `dir`, with MNIST linked. */
async function scratchCopy(dir: string, mnist: string): Promise<string> {
  const copy = join(dir, "repo");
  await Deno.mkdir(copy, { recursive: true });
  const files = "git ls-files -z --cached --others --exclude-standard";
  const copied = await runShell(`${files} | xargs -0 cp --parents -t '${copy}'`);
  assert.strictEqual(copied.code, 0, copied.stderr);
  await Deno.symlink(mnist, join(copy, "data", "mnist"));
  return copy;
}

const MNIST = await resolveMnistDir({ format: "idx", env: (n) => Deno.env.get(n) })
  .then((s) => s.dir, () => undefined);

Deno.test("readmeCommands() takes the lines of sh blocks and the $ lines of the others", () => {
  const readme = [
    "```sh",
    "deno task exp:04   # the main job",
    "# a comment",
    "",
    "```",
    "```text",
    "$ deno task compare a b",
    "compare … (output, not a command)",
    "```",
    "```sh",
    "deno task diff a b  # exits 1",
    "```",
  ].join("\n");
  assert.deepStrictEqual(readmeCommands(readme), [
    { line: "deno task exp:04   # the main job", lineNumber: 2 },
    { line: "deno task compare a b", lineNumber: 7, shown: ["compare … (output, not a command)"] },
    { line: "deno task diff a b  # exits 1", lineNumber: 11 },
  ]);
});

Deno.test("missingOutput() finds README output lines the run did not print, timings aside", () => {
  const printed = "a\nrun in 9.8s (0.98 ms/iteration), 6 runs of 2 sizes\nb\nc\n";
  assert.deepStrictEqual(
    missingOutput(["a", "…", "run in 7m1s (0.7 ms/iteration), 6 runs of 2 sizes", "c"], printed),
    [],
  );
  assert.deepStrictEqual(missingOutput(["c", "a"], printed), ["a"]); // out of order
  assert.deepStrictEqual(missingOutput(["a", "d"], printed), ["d"]);
});

Deno.test({
  name: "every command line of the README runs as written, without a terminal",
  ignore: MNIST === undefined && Deno.env.get("DLFS_REQUIRE_DATA") !== "1",
  async fn(t) {
    const commands = readmeCommands(await Deno.readTextFile(join(ROOT, "README.md")));
    assert.ok(commands.length >= 15, `only ${commands.length} commands found`);
    const dir = await Deno.makeTempDir({ prefix: "dlfs_readme_" });
    try {
      const copy = await scratchCopy(dir, await Deno.realPath(MNIST ?? "data/mnist"));
      for (const command of commands) {
        const skip = NOT_HERE.find(([re]) => re.test(command.line));
        await t.step({
          name: `README line ${command.lineNumber}: ${command.line}`,
          ignore: skip !== undefined,
          fn: async () => {
            for (const { line, env } of runs(command, dir)) {
              // As on a fresh checkout: MNIST in data/mnist, no data folder chosen by the environment.
              const fresh = `unset MNIST_DIR FASHION_MNIST_DIR; ${line}`;
              const r = await runShell(fresh, { cwd: copy, env, timeoutMs: 300_000 });
              assert.strictEqual(
                r.code,
                expectedCode(command),
                `${line}\n(env ${JSON.stringify(env)}) exited ${r.code}:\n${r.stdout}\n${r.stderr}`,
              );
              // The output shown under a `$ ` command is what it prints, when it ran as written.
              if (command.shown && line === command.line.replace(/\s+#.*$/, "")) {
                const printed = (r.stdout + r.stderr).replaceAll(`${dir}/abs/`, "/");
                assert.deepStrictEqual(missingOutput(command.shown, printed), [], printed);
              }
            }
          },
        });
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
