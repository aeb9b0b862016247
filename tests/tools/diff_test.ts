// Oracles: real `deno run` subprocesses of `deno task diff` (exit codes, stdout, stderr) on the
// committed results and on copies of them with one number moved by a last bit and one file
// removed, and on result sets with a file rewritten behind their JSON's back.

import assert from "node:assert";
import { join } from "node:path";
import { resultSet } from "../../lib/results/result_set.ts";
import { runDeno } from "../_deno.ts";
import { copyDir, nextUp, RESULTS, withTempDir } from "../results/_helpers.ts";

// ---------------------------------------------------------------------------------------------
// The command line, as a subprocess.

/** Runs `deno task diff`'s command. */
const runDiff = (...args: string[]) => runDeno(["run", "--allow-read", "tools/diff.ts", ...args]);

Deno.test("deno task diff exits 0 when the committed results are compared with themselves", async () => {
  const r = await runDiff("results", "results");
  assert.strictEqual(r.stderr, "");
  assert.match(r.stdout, /^\d+ files, \d+ numbers compared: identical\n$/);
  assert.strictEqual(r.code, 0);
});

Deno.test("deno task diff exits 0, 1 or 2 as documented when run on files and directories", async (t) => {
  await withTempDir(async (dir) => {
    const a = join(dir, "a"), b = join(dir, "b");
    await copyDir(RESULTS, a);
    await copyDir(RESULTS, b);
    const name = "03_gradient_descent.json";
    const original = await Deno.readTextFile(join(a, name));
    const loss = 0.9280682857864075;
    assert.ok(original.includes(`"loss": ${loss},`));
    await Deno.writeTextFile(
      join(b, name),
      original.replace(`"loss": ${loss},`, `"loss": ${nextUp(loss)},`)
        .replace('"v8": "', '"v8": "0.0-other-'),
    );
    await Deno.remove(join(b, "03_gradient_descent.path.svg"));

    await t.step("1 with one line per difference", async () => {
      const r = await runDiff(a, b);
      const [, v8] = /"v8": "([^"]*)"/.exec(original)!;
      const lines = r.stdout.split("\n");
      assert.deepStrictEqual(lines.slice(0, -2), [
        `note: $.runtime.v8 differs in 1 file: "${v8}" vs "0.0-other-${v8}"`,
        "note: a runtime difference is not a failure by itself: another V8 may round Math.exp " +
        "or Math.log differently in the last bits, and the numbers compared show whether it did",
        "03_gradient_descent.json $.simpleNetBookW.loss: 0.9280682857864075 vs 0.9280682857864077 " +
        "(a - b = -1.1102230246251565e-16)",
        // B's result set lists the figure it lacks.
        '03_gradient_descent.json $.sha256["03_gradient_descent.path.svg"]: result set does not ' +
        "match its files: B: listed, but the file is missing",
        "03_gradient_descent.path.svg: only in A",
      ]);
      assert.match(
        r.stdout,
        new RegExp(
          "\\n\\d+ files, \\d+ numbers compared: 1 file only in A, 1 file differs \\(1 number\\), " +
            "1 result set does not match its files\\n$",
        ),
      );
      assert.strictEqual(r.stderr, "");
      assert.strictEqual(r.code, 1);
    });
    await t.step("0 for the changed file within --tolerance 1e-12, 1 exactly", async () => {
      // The set whole again: only the moved number differs.
      await Deno.copyFile(
        join(a, "03_gradient_descent.path.svg"),
        join(b, "03_gradient_descent.path.svg"),
      );
      const tolerant = await runDiff(join(a, name), join(b, name), "--tolerance", "1e-12");
      assert.match(
        tolerant.stdout,
        /\n1 file, \d+ numbers compared: identical within tolerance 1e-12 \(1 not bit-identical\)\n$/,
      );
      assert.strictEqual(tolerant.code, 0);
      const exact = await runDiff(join(a, name), join(b, name), "--quiet");
      assert.match(exact.stdout, /^1 file, \d+ numbers compared: 1 file differs \(1 number\)\n$/);
      assert.strictEqual(exact.code, 1);
    });
    await t.step("2 for usage errors, naming the problem", async () => {
      const cases: [string[], string][] = [
        [[a], "error: expected 2 argument(s) (A B): got 1"],
        [
          [a, join(dir, "nope")],
          `error: Cannot compare results as B must exist: B=${join(dir, "nope")}`,
        ],
        [
          [a, join(b, name)],
          `error: Cannot compare results as A and B must both be files or both be directories: ` +
          `A is a directory (${a}), ` +
          `B is a file (${join(b, name)})`,
        ],
        [[a, b, "--tolerance", "-1"], "--tolerance"],
        [[a, b, "--tolerance=x"], 'error: --tolerance must be a finite number >= 0: got "x"'],
      ];
      for (const [args, message] of cases) {
        const r = await runDiff(...args);
        assert.strictEqual(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
        assert.ok(r.stderr.startsWith(message) || r.stderr.includes(message), r.stderr);
        assert.strictEqual(r.stdout, "");
      }
    });
    await t.step("--help prints the rule and the exit codes", async () => {
      const r = await runDiff("--help");
      assert.strictEqual(r.code, 0);
      assert.match(r.stdout, /^Usage: deno task diff A B \[flags\]/);
      assert.ok(r.stdout.includes("|a - b| <= T * max(1, |a|, |b|)"));
      assert.ok(r.stdout.includes("Exit code 0 when identical"));
    });
  });
});

Deno.test("deno task diff exits 1 and names the file when a result set does not match its JSON", async () => {
  await withTempDir(async (dir) => {
    const a = join(dir, "a"), b = join(dir, "b");
    for (const side of [a, b]) {
      const set = resultSet(side, "99_x");
      await set.csv("loss.csv", ["iteration", "loss"], [[0, 2.5]]);
      await set.json({ experiment: "99_x", section: "4.5", title: "t", seed: 0, config: {} }, {});
    }
    // B's loss.csv rewritten by a run that stopped before its JSON, with the same numbers
    // written another way: only the set check can tell.
    await Deno.writeTextFile(join(b, "99_x.loss.csv"), "iteration,loss\n0,2.50\n");
    const line = `99_x.json $.sha256["99_x.loss.csv"]: result set does not match its files: ` +
      "B: listed, but the file's bytes have another SHA-256";
    const dirs = await runDiff(a, b);
    assert.strictEqual(
      dirs.stdout,
      `${line}\n2 files, 3 numbers compared: 1 result set does not match its files\n`,
    );
    assert.deepStrictEqual([dirs.code, dirs.stderr], [1, ""]);
    const files = await runDiff(join(a, "99_x.json"), join(b, "99_x.json"));
    assert.strictEqual(
      files.stdout,
      `${line}\n1 file, 1 number compared: 1 result set does not match its files\n`,
    );
    assert.deepStrictEqual([files.code, files.stderr], [1, ""]);
  });
});
