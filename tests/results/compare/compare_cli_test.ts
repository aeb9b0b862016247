// `deno task compare` as a user runs it (the task's permissions, a subprocess without a terminal),
// on result sets written to temporary folders: the "done when" list, and bad input.

import assert from "node:assert";
import { join } from "node:path";
import { parseResultsJson } from "../../../lib/results/mod.ts";
import { runDeno } from "../../_deno.ts";
import {
  SWEEP_2X3,
  SWEEP_2X3_AFTER_TRAINING,
  welchCases,
  withTempDir,
  writeSweep,
  writeTrainingRun,
} from "./_runs.ts";

const compare = (args: string[]) => runDeno(["task", "--quiet", "compare", ...args]);

Deno.test("deno task compare on two seeds names seed, shows both final accuracies and fits one screen", () =>
  withTempDir(async (dir) => {
    await writeTrainingRun(join(dir, "seed0"), { seed: 0 });
    await writeTrainingRun(join(dir, "seed1"), { seed: 1 });
    const r = await compare([join(dir, "seed0"), join(dir, "seed1")]);
    assert.strictEqual(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    assert.ok(lines.length <= 60, `${lines.length} lines`);
    assert.ok(
      r.stdout.includes(
        "config: 1 of 10 keys differs\n  key   seed=0  seed=1\n  seed  0       1\n",
      ),
    );
    assert.ok(
      r.stdout.includes("  test acc     0.7915                      0.7875 (-0.004)\n"),
      r.stdout,
    );
    assert.strictEqual(
      lines.at(-1),
      "summary: seed differs; test acc 0.7915 → 0.7875; 2 of 2 tables differ",
    );
  }));

Deno.test("deno task compare on the same run twice says identical and exits 0", () =>
  withTempDir(async (dir) => {
    const path = await writeTrainingRun(dir);
    const r = await compare([dir, path]);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.ok(
      r.stdout.endsWith("identical: same config, status, final numbers and curves\n"),
      r.stdout,
    );
  }));

Deno.test("deno task compare --plot writes an SVG overlay of the runs", () =>
  withTempDir(async (dir) => {
    await writeTrainingRun(join(dir, "seed0"), { seed: 0 });
    await writeTrainingRun(join(dir, "seed1"), { seed: 1 });
    const svg = join(dir, "out", "overlay.svg");
    const r = await compare([
      join(dir, "seed0"),
      join(dir, "seed1"),
      "--plot",
      svg,
      "--format",
      "md",
    ]);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.ok(r.stderr.includes(`wrote ${svg}`));
    const text = await Deno.readTextFile(svg);
    assert.ok(text.startsWith("<svg ") && text.includes(">seed=1</text>"));
    assert.ok(r.stdout.startsWith("**compare 04_train_two_layer_net"));
  }));

Deno.test("deno task compare --by hidden on 2 sizes × 3 seeds prints mean ± std and SciPy's p-value", () =>
  withTempDir(async (dir) => {
    // The README's example: exp:05 --hidden 50,100 --seeds 0,1,2 --iters 1200, after training.
    const path = await writeSweep(dir, SWEEP_2X3_AFTER_TRAINING, { newFormat: true });
    const text = await compare([path, "--by", "hidden"]);
    assert.strictEqual(text.code, 0, text.stderr);
    assert.ok(
      text.stdout.includes(
        "  hidden  n  train acc        test acc\n" +
          "  50      3  0.8782 ± 0.0012  0.8819 ± 0.0007\n" +
          "  100     3  0.8826 ± 0.0009  0.8872 ± 0.0006\n",
      ),
      text.stdout,
    );
    assert.ok(
      text.stdout.includes(
        "  test      hidden=100 − hidden=50: +0.0053  [+0.0038, +0.0067]  0.0006  larger than seed noise at p < 0.05\n",
      ),
      text.stdout,
    );
    const json = await compare([path, "--by", "hidden", "--format", "json"]);
    const c = parseResultsJson(json.stdout) as {
      groups: { tests: { metric: string; welch: { p: number; ci95: number[] } }[] };
    };
    const cases = await welchCases();
    for (const [metric, name] of [["testAcc", "(test acc)"], ["trainAcc", "(train acc)"]]) {
      const scipy = cases.find((k) => k.name.includes("after training") && k.name.endsWith(name))!;
      const w = c.groups.tests.find((t) => t.metric === metric)!.welch;
      assert.ok(
        Math.abs(w.p - scipy.p) <= 1e-12 * scipy.p,
        `${metric}: p ${w.p} vs SciPy ${scipy.p}`,
      );
      // SciPy's case is 50 − 100, the comparison is best − other = 100 − 50.
      assert.ok(Math.abs(w.ci95[0] + scipy.ci95[1]) <= 1e-12 * Math.abs(scipy.ci95[1]));
    }
  }));

Deno.test("deno task compare exits 2 with a clear message for bad input", async (t) => {
  await withTempDir(async (dir) => {
    const run = await writeTrainingRun(join(dir, "run"));
    const usage = "\n\nUsage: deno task compare RUN RUN … [flags]  (see --help)\n";
    const check = async (args: string[], message: string) => {
      const r = await compare(args);
      assert.strictEqual(r.code, 2, r.stderr);
      assert.strictEqual(r.stderr, `error: ${message}${usage}`);
      assert.strictEqual(r.stdout, "");
    };
    await t.step(
      "a missing folder",
      () =>
        check(
          [run, join(dir, "nope")],
          `Cannot read runs as the path does not exist: ${join(dir, "nope")}`,
        ),
    );
    await t.step("different experiments", async () => {
      const sweep = await writeSweep(join(dir, "sweep"), SWEEP_2X3);
      await check(
        [run, sweep],
        `Cannot compare runs as they must be results of one experiment: 04_train_two_layer_net (${run}), ` +
          `05_hidden_size_sweep (${sweep})`,
      );
    });
    await t.step("a corrupt JSON", async () => {
      const bad = join(dir, "bad", "04_train_two_layer_net.json");
      await Deno.mkdir(join(dir, "bad"));
      await Deno.writeTextFile(bad, '{"experiment": "04_train_two_layer_net", ');
      const r = await compare([run, join(dir, "bad")]);
      assert.strictEqual(r.code, 2);
      assert.ok(
        r.stderr.startsWith(`error: Cannot read runs as the file is not valid JSON: ${bad}: `),
        r.stderr,
      );
    });
    await t.step(
      "one run",
      () => check([run], `Cannot compare runs as there must be at least 2: got 1 (${run})`),
    );
    await t.step("a key the runs do not have", () =>
      check(
        [run, run, "--by", "hiden"],
        "Cannot group runs by a key that is not in every run's config: key=hiden, run #1 has seed, " +
          "inputSize, hidden, outputSize, iters, batch, lr, gradient, dataset, weightInitStd",
      ));
    await t.step(
      "a bad format",
      () =>
        check([run, run, "--format", "yaml"], '--format must be one of text, md, json: got "yaml"'),
    );
    await t.step(
      "a plot that is not SVG",
      () => check([run, run, "--plot", "x.png"], '--plot must name an .svg file: got "x.png"'),
    );
  });
});
