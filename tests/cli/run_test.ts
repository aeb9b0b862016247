// Oracles: the documented parsing and help rules (hand-written expected values), and the exit
// codes and output of real `deno run` subprocesses for runCli and every experiment.

import assert from "node:assert";
import { join } from "node:path";
import { type CliSpec, EXIT, helpText, parseCli, switchFlag } from "../../lib/cli/mod.ts";
import * as exp00 from "../../experiments/00_forward_pass.ts";
import * as exp01 from "../../experiments/01_loss_functions.ts";
import * as exp02 from "../../experiments/02_numerical_gradient.ts";
import * as exp03 from "../../experiments/03_gradient_descent.ts";
import { runDeno, runShell } from "../_deno.ts";
import { DEFAULTS, SPEC, usageError } from "./_spec.ts";

Deno.test("parseCli() returns every default when no flags are given", () => {
  assert.deepStrictEqual(parseCli(SPEC, []), DEFAULTS);
});

Deno.test("parseCli() reads `--flag value` and `--flag=value` alike when given either", () => {
  for (
    const args of [
      [
        "--seed",
        "3",
        "--lr",
        "0.5",
        "--batch-size",
        "7",
        "--out",
        "x/y",
        "--gradient",
        "numerical",
      ],
      ["--seed=3", "--lr=0.5", "--batch-size=7", "--out=x/y", "--gradient=numerical"],
    ]
  ) {
    assert.deepStrictEqual(parseCli(SPEC, args), {
      ...DEFAULTS,
      seed: 3,
      lr: 0.5,
      batchSize: 7,
      out: "x/y",
      gradient: "numerical",
    });
  }
});

Deno.test("parseCli() throws a UsageError when a flag or argument is unknown", async (t) => {
  await t.step("an unknown long flag", () => usageError(["--bogus"], "Unknown option '--bogus'"));
  await t.step("an unknown short flag", () => usageError(["-q"], "Unknown option '-q'"));
  await t.step("camelCase instead of kebab-case", () => {
    usageError(["--batchSize", "3"], "Unknown option '--batchSize'");
  });
  await t.step("a positional argument to a command without any", () => {
    usageError(
      ["foo"],
      "Unexpected argument 'foo'. This command does not take positional arguments",
    );
  });
});

Deno.test("parseCli() checks positional arguments when the spec declares them", async (t) => {
  const spec: CliSpec<{ quiet: boolean }> = {
    usage: "deno task tool",
    description: "A tool.",
    flags: { quiet: switchFlag("quiet") },
    positionals: { names: ["IN", "OUT"], min: 1, max: 2 },
  };
  await t.step("within the count", () => {
    assert.deepStrictEqual(parseCli(spec, ["a", "--quiet", "b"]), {
      quiet: true,
      positionals: ["a", "b"],
    });
  });
  await t.step("too few", () => {
    assert.throws(() => parseCli(spec, []), {
      name: "UsageError",
      message: "expected 1 to 2 argument(s) (IN OUT): got 0",
    });
  });
  await t.step("too many, exact count", () => {
    const exact = { ...spec, positionals: { names: ["IN"], min: 1, max: 1 } };
    assert.throws(() => parseCli(exact, ["a", "b"]), {
      name: "UsageError",
      message: "expected 1 argument(s) (IN): got 2",
    });
  });
});

Deno.test("helpText() lists every flag with its default when given a spec", () => {
  assert.strictEqual(
    helpText(SPEC),
    `Usage: deno task exp:xx [flags]

Test command.

Flags:
  --seed N                       seed (default: 0)
  --lr X                         learning rate (default: 0.1)
  --decay L                      weight decay (default: 0)
  --batch-size N                 batch size (default: 100)
  --out DIR                      results directory (default: results)
  --gradient backprop|numerical  gradient method (default: backprop)
  --hidden N,N,...               hidden sizes (default: 50,20)
  --quiet                        only the summary
  --help                         show this help and exit
`,
  );
});

Deno.test("helpText() lists every flag of every experiment when given its cli spec", () => {
  for (const [name, m] of Object.entries({ exp00, exp01, exp02, exp03 })) {
    const spec = m.cli as CliSpec<Record<string, unknown>>;
    const text = helpText(spec);
    assert.ok(text.startsWith(`Usage: ${spec.usage} [flags]\n`), name);
    for (const [key, flag] of Object.entries(spec.flags)) {
      const option = "--" + key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
      const line = text.split("\n").find((l) => l.trimStart().startsWith(option + " "));
      assert.ok(line, `${name}: no line for ${option}`);
      assert.ok(line.includes(flag.help), `${name}: ${line}`);
      if (flag.parse) assert.ok(line.endsWith(`(default: ${flag.default})`), `${name}: ${line}`);
    }
  }
});

// --- subprocesses: runCli's exit codes and messages --------------------------------------

const run = (args: string[], env: Record<string, string> = {}) => runDeno(args, { env });

const CLI_URL = new URL("../../lib/cli/mod.ts", import.meta.url).href;

/** A command whose main fails the way its first argument says. */
const FAILING_COMMAND = `
import { runCli, switchFlag, UsageError } from ${JSON.stringify(CLI_URL)};
const spec = { usage: "deno run fail.ts", description: "Fails on purpose.", flags: { quiet: switchFlag("q") }, positionals: { names: ["MODE"], min: 1, max: 1 } };
await runCli(spec, Deno.args, ({ positionals: [mode] }) => {
  if (mode === "usage") throw new UsageError("--quiet cannot be used with usage");
  if (mode === "error") throw new Error("boom");
  if (mode === "permission") return Deno.readTextFile("/definitely/not/allowed.txt");
  if (mode === "special") return Deno.mkdir("/proc/dlfs_special_path", { recursive: true });
  console.log("ran " + mode);
});
`;

Deno.test("runCli() exits with the documented code when main succeeds or fails", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "dlfs_cli_test_" });
  try {
    const script = join(dir, "fail.ts");
    await Deno.writeTextFile(script, FAILING_COMMAND);
    const base = ["run", "--no-config", `--allow-read=${dir}`];
    const [ok, help, usage, error, debug, permission, bad, special] = await Promise.all([
      run([...base, script, "fine"]),
      run([...base, script, "-h"]),
      run([...base, script, "usage"]),
      run([...base, script, "error"]),
      run([...base, "--allow-env=DLFS_DEBUG", script, "error"], { DLFS_DEBUG: "1" }),
      run([...base, script, "permission"]),
      run([...base, script]),
      run([...base, "--allow-write", script, "special"]),
    ]);
    await t.step("a path only --allow-all may touch (--out /proc/…): 1, saying so", () => {
      assert.deepStrictEqual(special, {
        code: EXIT.failure,
        stdout: "",
        stderr: "error: Cannot use /proc/dlfs_special_path: Deno lets only --allow-all touch " +
          "this special system path (as /proc and /dev); give a folder elsewhere\n",
      });
    });
    await t.step("success: 0", () => {
      assert.deepStrictEqual(ok, { code: 0, stdout: "ran fine\n", stderr: "" });
    });
    await t.step("-h: help and 0", () => {
      assert.strictEqual(help.code, 0);
      assert.ok(help.stdout.startsWith("Usage: deno run fail.ts MODE [flags]\n"), help.stdout);
    });
    await t.step("a UsageError from main: 2", () => {
      assert.deepStrictEqual(usage, {
        code: EXIT.usage,
        stdout: "",
        stderr:
          "error: --quiet cannot be used with usage\n\nUsage: deno run fail.ts MODE [flags]  (see --help)\n",
      });
    });
    await t.step("a wrong argument count: 2", () => {
      assert.strictEqual(bad.code, EXIT.usage);
      assert.ok(bad.stderr.startsWith("error: expected 1 argument(s) (MODE): got 0\n"), bad.stderr);
    });
    await t.step("any other error: one line and 1", () => {
      assert.deepStrictEqual(error, { code: EXIT.failure, stdout: "", stderr: "error: boom\n" });
    });
    await t.step("DLFS_DEBUG=1 adds the stack", () => {
      assert.strictEqual(debug.code, EXIT.failure);
      assert.ok(debug.stderr.startsWith("error: boom\nError: boom\n    at "), debug.stderr);
    });
    await t.step("a missing permission outside a task: Deno's message in one line, 1", () => {
      assert.strictEqual(permission.code, EXIT.failure);
      assert.strictEqual(
        permission.stderr,
        'error: Requires read access to "/definitely/not/allowed.txt", run again with the ' +
          "--allow-read flag\n",
      );
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const EXPERIMENTS = [
  { file: "00_forward_pass", task: "exp:00", outputs: 1 },
  { file: "01_loss_functions", task: "exp:01", outputs: 1 },
  { file: "02_numerical_gradient", task: "exp:02", outputs: 5 },
  { file: "03_gradient_descent", task: "exp:03", outputs: 3 },
] as const;

Deno.test("each experiment exits 0, 2 or 1 with a clear message when run from the command line", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "dlfs_exp_cli_test_" });
  try {
    for (const e of EXPERIMENTS) {
      const out = join(dir, e.file);
      const script = `experiments/${e.file}.ts`;
      const perms = [`--allow-read=${out},results`, `--allow-write=${out}`];
      const exp = (...args: string[]) => run(["run", ...perms, script, ...args]);
      const usageLine = `\n\nUsage: deno task ${e.task} [flags]  (see --help)\n`;
      // Bad values and the start of the message that must name what is wrong.
      const badValues: [string[], string][] = e.file === "03_gradient_descent"
        ? [
          [["--seed", "x"], 'error: --seed must be an integer in [0, 4294967295]: got "x"'],
          [["--seed=-1"], 'error: --seed must be an integer in [0, 4294967295]: got "-1"'],
          [["--seed", "-1"], 'error: --seed must be an integer in [0, 4294967295]: got "-1"'],
        ]
        : [
          [["--out="], "error: --out must not be empty"],
          [["--out", ""], "error: --out must not be empty"],
        ];
      // The permission hint comes from runCli, the same for every experiment: checked once.
      const checkDenied = e.file === "00_forward_pass";
      const [help, bogus, normal, denied, ...bad] = await Promise.all([
        exp("--help"),
        exp("--bogus"),
        exp("--out", out, "--quiet"),
        checkDenied ? exp("--out", join(dir, "elsewhere"), "--quiet") : undefined,
        ...badValues.map(([args]) => exp(...args)),
      ]);
      await t.step(`${e.file} --help: usage on stdout, 0`, () => {
        assert.strictEqual(help.code, 0);
        assert.strictEqual(help.stderr, "");
        assert.ok(help.stdout.startsWith(`Usage: deno task ${e.task} [flags]\n`), help.stdout);
        for (const f of ["--out DIR", "--quiet", "--help"]) assert.ok(help.stdout.includes(f), f);
      });
      await t.step(`${e.file} --bogus: 2 and the unknown flag named`, () => {
        assert.deepStrictEqual(bogus, {
          code: 2,
          stdout: "",
          stderr: `error: Unknown option '--bogus'${usageLine}`,
        });
      });
      for (const [i, [args, expected]] of badValues.entries()) {
        await t.step(`${e.file} ${args.join(" ")}: 2 and what is wrong`, () => {
          const r = bad[i];
          assert.strictEqual(r.code, 2);
          assert.strictEqual(r.stdout, "");
          assert.ok(r.stderr.startsWith(expected), r.stderr);
          assert.ok(r.stderr.endsWith(usageLine), r.stderr);
        });
      }
      await t.step(`${e.file} --out DIR --quiet: one line, 0, files written`, async () => {
        assert.strictEqual(normal.code, 0, normal.stderr);
        assert.strictEqual(normal.stderr, "");
        assert.match(normal.stdout, /^exp:\d\d [^\n]+\n$/);
        assert.ok(normal.stdout.trimEnd().endsWith(`-> ${join(out, `${e.file}.json`)}`));
        const names: string[] = [];
        for await (const f of Deno.readDir(out)) names.push(f.name);
        assert.strictEqual(names.length, e.outputs, names.join(", "));
        assert.ok(names.every((n) => n.startsWith(e.file + ".")), names.join(", "));
      });
      if (!denied) continue;
      await t.step(
        `${e.file} --out outside the granted paths: 1, and the command that works`,
        async () => {
          const elsewhere = join(dir, "elsewhere");
          const fix = `deno task ${e.task} --out ${elsewhere} --quiet`;
          assert.strictEqual(denied.code, 1);
          assert.strictEqual(denied.stdout, "");
          assert.strictEqual(
            denied.stderr,
            `error: Requires write access to "${elsewhere}", run again with the --allow-write ` +
              `flag; its task may read and write any path: ${fix}\n`,
          );
          // The named command, run as written in a shell, works.
          const ran = await runShell(fix);
          assert.strictEqual(ran.code, 0, ran.stderr);
          assert.ok((await Deno.stat(join(elsewhere, `${e.file}.json`))).isFile);
        },
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
