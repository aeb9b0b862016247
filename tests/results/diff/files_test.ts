// Oracles: hand-written expected differences and report lines for hand-made folders, and the
// committed results/ directory (which must equal itself).

import assert from "node:assert";
import { join } from "node:path";
import {
  checkResultPaths,
  diffResultDirs,
  diffResultFiles,
  diffResultPaths,
} from "../../../lib/results/diff/files.ts";
import { formatDiffReport } from "../../../lib/results/diff/report.ts";
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
  let files = 0;
  for await (const e of Deno.readDir(RESULTS)) if (!e.name.startsWith(".")) files++;
  assert.strictEqual(diff.files, files);
  assert.ok(diff.numbers > 300, `${diff.numbers} numbers`);
});

Deno.test("diffResultPaths() throws when given a file and a directory", async () => {
  const file = join(RESULTS, "00_forward_pass.json");
  await rejectsExactly(
    diffResultPaths(RESULTS, file),
    TypeError,
    `Cannot compare results as A and B must both be files or both be directories: ` +
      `A is a directory (${RESULTS}), B is a file (${file})`,
  );
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
    );
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
  await t.step("a file and a directory is a TypeError", async () => {
    const file = join(RESULTS, "00_forward_pass.json");
    await rejectsExactly(
      checkResultPaths(file, RESULTS),
      TypeError,
      `Cannot compare results as A and B must both be files or both be directories: ` +
        `A is a file (${file}), B is a directory (${RESULTS})`,
    );
  });
});
