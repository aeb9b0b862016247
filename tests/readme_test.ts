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

/** A README command: the line as written, and where it stands. */
interface Command {
  readonly line: string;
  readonly lineNumber: number;
}

/**
 * The command lines of the README: every line of its `sh` blocks (comments and blank lines left
 * out), and the `$ ` lines of its other blocks, which show a command with its output.
 */
export function readmeCommands(readme: string): Command[] {
  const out: Command[] = [];
  let block: "sh" | "other" | null = null;
  readme.split("\n").forEach((text, i) => {
    if (/^```/.test(text)) {
      block = block ? null : /^```(sh|bash)\s*$/.test(text) ? "sh" : "other";
      return;
    }
    const line = text.trim();
    if (block === "sh" && line && !line.startsWith("#")) out.push({ line, lineNumber: i + 1 });
    if (block === "other" && line.startsWith("$ ")) {
      out.push({ line: line.slice(2), lineNumber: i + 1 });
    }
  });
  return out;
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
    { line: "deno task compare a b", lineNumber: 7 },
    { line: "deno task diff a b  # exits 1", lineNumber: 11 },
  ]);
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
              const r = await runShell(line, { cwd: copy, env, timeoutMs: 300_000 });
              assert.strictEqual(
                r.code,
                expectedCode(command),
                `${line}\n(env ${JSON.stringify(env)}) exited ${r.code}:\n${r.stdout}\n${r.stderr}`,
              );
            }
          },
        });
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
