// Oracles: hand-written expected differences and report lines for hand-made folders (result sets
// among them, damaged by hand the way a stopped run damages them), and the committed results/
// directory (which must equal itself).

import assert from "node:assert";
import { join } from "node:path";
import {
  checkResultPaths,
  diffResultDirs,
  diffResultFiles,
  diffResultPaths,
} from "../../../lib/results/diff/files.ts";
import { formatDiffReport } from "../../../lib/results/diff/report.ts";
import { resultSet } from "../../../lib/results/result_set.ts";
import { rejectsExactly } from "../../_assert.ts";
import { RESULTS, resultsText, withTempDir } from "../_helpers.ts";

Deno.test("diffResultDirs() reports missing, extra and differing files when comparing directories", async () => {
  await withTempDir(async (dir) => {
    const a = join(dir, "a"), b = join(dir, "b");
    await Deno.mkdir(join(a, "shards"), { recursive: true });
    await Deno.mkdir(join(b, "shards"), { recursive: true });
    const same = resultsText({ acc: 0.5 });
    await Deno.writeTextFile(join(a, "05_sweep.json"), same);
    await Deno.writeTextFile(join(b, "05_sweep.json"), same);
    await Deno.writeTextFile(join(a, "05_sweep.accuracy.csv"), "size,acc\n10,0.5\n");
    await Deno.writeTextFile(join(b, "05_sweep.accuracy.csv"), "size,acc\n10,0.25\n");
    await Deno.writeTextFile(join(a, "05_sweep.mean.svg"), "<svg/>\n");
    await Deno.writeTextFile(join(b, "shards", "1of2.json"), "{}\n");
    await Deno.writeTextFile(join(b, ".05_sweep.json.77.0.tmp"), "{ half");
    const diff = await diffResultDirs(a, b);
    assert.deepStrictEqual(diff.differences, [
      { file: "05_sweep.accuracy.csv", path: "row 1 col acc", kind: "number", a: 0.5, b: 0.25 },
      { file: "05_sweep.mean.svg", path: "", kind: "missing", a: "file", b: undefined },
      { file: "shards/1of2.json", path: "", kind: "extra", a: undefined, b: "file" },
    ]);
    assert.deepStrictEqual([diff.files, diff.numbers], [4, 2 + 5]);
    assert.strictEqual(
      formatDiffReport(diff),
      [
        "05_sweep.accuracy.csv row 1 col acc: 0.5 vs 0.25 (a - b = 0.25)",
        "05_sweep.mean.svg: only in A",
        "shards/1of2.json: only in B",
        "4 files, 7 numbers compared: 1 file only in A, 1 file only in B, 1 file differs (1 number)",
        "",
      ].join("\n"),
    );
  });
});

Deno.test("diffResultDirs() ignores the generated README.md overview on either side", async () => {
  await withTempDir(async (root) => {
    const a = join(root, "a"), b = join(root, "b");
    for (const dir of [a, b]) {
      await Deno.mkdir(dir);
      await Deno.writeTextFile(join(dir, "x.csv"), "h\n1\n");
    }
    await Deno.writeTextFile(join(a, "README.md"), "# Results\n");
    const diff = await diffResultDirs(a, b);
    assert.deepStrictEqual([diff.files, diff.differences], [1, []]);
  });
});

Deno.test("diffResultFiles() names both files when their names differ", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(join(dir, "seed0.json"), resultsText({ acc: 0.5 }));
    await Deno.writeTextFile(join(dir, "seed1.json"), resultsText({ acc: 0.5 }, { seed: 1 }));
    const diff = await diffResultFiles(join(dir, "seed0.json"), join(dir, "seed1.json"));
    assert.deepStrictEqual(diff.differences, [
      { file: "seed0.json vs seed1.json", path: "$.seed", kind: "number", a: 0, b: 1 },
    ]);
  });
});

Deno.test("diffResultPaths() finds the committed results identical when compared with themselves", async () => {
  const diff = await diffResultPaths(RESULTS, RESULTS);
  assert.deepStrictEqual([diff.differences, diff.notes], [[], []]);
  let files = 0; // every file but the hidden ones and the generated README.md overview
  for await (const e of Deno.readDir(RESULTS)) {
    if (!e.name.startsWith(".") && e.name !== "README.md") files++;
  }
  assert.strictEqual(diff.files, files);
  assert.ok(diff.numbers > 300, `${diff.numbers} numbers`);
});

Deno.test("checkResultPaths() says what both paths are when they can be compared", async () => {
  const file = join(RESULTS, "00_forward_pass.json");
  assert.strictEqual(await checkResultPaths(RESULTS, RESULTS), "directory");
  assert.strictEqual(await checkResultPaths(file, file), "file");
});

Deno.test("checkResultPaths() throws when a path is missing or neither a file nor a directory", async (t) => {
  const nope = join(RESULTS, "nope.json");
  await t.step("a missing path is a RangeError naming the side", async () => {
    await rejectsExactly(
      checkResultPaths(nope, RESULTS),
      RangeError,
      `Cannot compare results as A must exist: A=${nope}`,
    );
    await rejectsExactly(
      diffResultPaths(RESULTS, nope),
      RangeError,
      `Cannot compare results as B must exist: B=${nope}`,
    ); // Both missing: always A, however the two look-ups race.
    for (let i = 0; i < 20; i++) {
      await rejectsExactly(
        checkResultPaths(nope, join(RESULTS, "nope.csv")),
        RangeError,
        `Cannot compare results as A must exist: A=${nope}`,
      );
    }
  });
  await t.step({
    name: "a device is a TypeError",
    ignore: Deno.build.os === "windows",
    fn: async () => {
      await rejectsExactly(
        checkResultPaths("/dev/null", "/dev/null"),
        TypeError,
        "Cannot compare results as A must be a file or a directory: A=/dev/null",
      );
    },
  });
  await t.step("a file and a directory is a TypeError, either way round", async () => {
    const file = join(RESULTS, "00_forward_pass.json");
    const mixed = (a: string, b: string) =>
      `Cannot compare results as A and B must both be files or both be directories: ${a}, ${b}`;
    await rejectsExactly(
      diffResultPaths(RESULTS, file),
      TypeError,
      mixed(`A is a directory (${RESULTS})`, `B is a file (${file})`),
    );
    await rejectsExactly(
      checkResultPaths(file, RESULTS),
      TypeError,
      mixed(`A is a file (${file})`, `B is a directory (${RESULTS})`),
    );
  });
});

/** Writes a result set as an experiment does: two CSV files, then the JSON that lists them. */
async function writeSet(dir: string, loss: number): Promise<void> {
  const set = resultSet(dir, "99_x");
  await set.csv("loss.csv", ["iteration", "loss"], [[0, loss]]);
  await set.csv("acc.csv", ["epoch", "acc"], [[0, 0.5]]);
  await set.json({ experiment: "99_x", section: "4.5", title: "t", seed: 0, config: {} }, {
    final: loss,
  });
}

const LOSS_ROW = '$.sha256["99_x.loss.csv"]';

Deno.test("diffResultDirs() reports a result set whose files do not match its JSON as its own difference", async (t) => {
  await withTempDir(async (dir) => {
    const a = join(dir, "a"), b = join(dir, "b");
    await writeSet(a, 2.5);
    await writeSet(b, 2.5);
    await t.step("whole sets on both sides: identical", async () => {
      const diff = await diffResultDirs(a, b);
      assert.deepStrictEqual(diff.differences, []);
      assert.strictEqual(
        formatDiffReport(diff),
        "3 files, 6 numbers compared: identical\n", // seed, final; 2 cells in each CSV
      );
    });
    await t.step("B's rerun stopped after one CSV and a figure: set differences of B", async () => {
      // The rerun wrote a new loss.csv and a new figure, then died before its JSON.
      await Deno.writeTextFile(join(b, "99_x.loss.csv"), "iteration,loss\n0,0.25\n");
      await Deno.writeTextFile(join(b, "99_x.loss.svg"), "<svg/>\n");
      const diff = await diffResultDirs(a, b);
      assert.deepStrictEqual(diff.differences, [
        { file: "99_x.json", path: LOSS_ROW, kind: "set", a: null, b: "changed" },
        {
          file: "99_x.json",
          path: '$.sha256["99_x.loss.svg"]',
          kind: "set",
          a: null,
          b: "unlisted",
        },
        { file: "99_x.loss.csv", path: "row 1 col loss", kind: "number", a: 2.5, b: 0.25 },
        { file: "99_x.loss.svg", path: "", kind: "extra", a: undefined, b: "file" },
      ]);
      assert.strictEqual(
        formatDiffReport(diff),
        [
          `99_x.json ${LOSS_ROW}: result set does not match its files: ` +
          "B: listed, but the file's bytes have another SHA-256",
          `99_x.json $.sha256["99_x.loss.svg"]: result set does not match its files: ` +
          "B: named like the set, but not listed",
          "99_x.loss.csv row 1 col loss: 2.5 vs 0.25 (a - b = 2.25)",
          "99_x.loss.svg: only in B",
          "4 files, 6 numbers compared: 1 file only in B, 1 file differs (1 number), " +
          "1 result set does not match its files",
          "",
        ].join("\n"),
      );
    });
    await t.step("a file missing on both sides: one difference naming both", async () => {
      await Deno.remove(join(a, "99_x.acc.csv"));
      await Deno.remove(join(b, "99_x.acc.csv"));
      await Deno.remove(join(b, "99_x.loss.svg"));
      const diff = await diffResultDirs(a, b);
      assert.deepStrictEqual(diff.differences.filter((d) => d.kind === "set"), [
        {
          file: "99_x.json",
          path: '$.sha256["99_x.acc.csv"]',
          kind: "set",
          a: "missing",
          b: "missing",
        },
        { file: "99_x.json", path: LOSS_ROW, kind: "set", a: null, b: "changed" },
      ]);
      assert.strictEqual(
        formatDiffReport(diff).split("\n")[0],
        `99_x.json $.sha256["99_x.acc.csv"]: result set does not match its files: ` +
          "A: listed, but the file is missing; B: listed, but the file is missing",
      );
    });
  });
});

Deno.test("diffResultFiles() checks both sides' result sets when comparing two JSON files", async () => {
  await withTempDir(async (dir) => {
    const a = join(dir, "a"), b = join(dir, "b");
    await writeSet(a, 2.5);
    await writeSet(b, 2.5);
    await Deno.writeTextFile(join(a, "99_x.acc.csv"), "epoch,acc\n0,0.75\n");
    const diff = await diffResultFiles(join(a, "99_x.json"), join(b, "99_x.json"));
    assert.deepStrictEqual(diff.differences, [
      { file: "99_x.json", path: '$.sha256["99_x.acc.csv"]', kind: "set", a: "changed", b: null },
    ]);
    assert.match(
      formatDiffReport(diff),
      /\n1 file, 2 numbers compared: 1 result set does not match its files\n$/,
    );
    const csv = await diffResultFiles(join(a, "99_x.acc.csv"), join(b, "99_x.acc.csv"));
    assert.deepStrictEqual(csv.differences.map((d) => d.kind), ["number"], "CSV: no set check");
  });
});

Deno.test("diffResultDirs() reports a sha256 block that cannot be read when one side's is malformed", async () => {
  await withTempDir(async (dir) => {
    const a = join(dir, "a"), b = join(dir, "b");
    await writeSet(a, 2.5);
    await writeSet(b, 2.5);
    const json = join(b, "99_x.json");
    const text = await Deno.readTextFile(json);
    await Deno.writeTextFile(
      json,
      text.replace(/"99_x\.loss\.csv": "[0-9a-f]{64}"/, '"99_x.loss.csv": "nope"'),
    );
    await Deno.writeTextFile(join(a, "99_x.only.csv"), "a\n1\n");
    const diff = await diffResultDirs(a, b);
    const message = "Cannot read a result set as every listed digest must be 64 lowercase hex " +
      "digits: 99_x.loss.csv=nope";
    assert.deepStrictEqual(diff.differences, [
      { file: "99_x.json", path: "$.sha256", kind: "set", a: null, b: message },
      { file: "99_x.json", path: '$.sha256["99_x.only.csv"]', kind: "set", a: "unlisted", b: null },
      { file: "99_x.only.csv", path: "", kind: "missing", a: "file", b: undefined },
    ]);
    assert.strictEqual(
      formatDiffReport(diff).split("\n")[0],
      `99_x.json $.sha256: result set does not match its files: B: ${message}`,
    );
  });
});

Deno.test("diffResultDirs() checks a result set found on one side only", async () => {
  await withTempDir(async (dir) => {
    const a = join(dir, "a"), b = join(dir, "b");
    await writeSet(a, 2.5);
    await Deno.mkdir(b);
    await Deno.remove(join(a, "99_x.acc.csv"));
    const diff = await diffResultDirs(a, b);
    assert.deepStrictEqual(diff.differences, [
      { file: "99_x.json", path: "", kind: "missing", a: "file", b: undefined },
      { file: "99_x.json", path: '$.sha256["99_x.acc.csv"]', kind: "set", a: "missing", b: null },
      { file: "99_x.loss.csv", path: "", kind: "missing", a: "file", b: undefined },
    ]);
    assert.match(
      formatDiffReport(diff),
      /\n2 files, 0 numbers compared: 2 files only in A, 1 result set does not match its files\n$/,
    );
  });
});
