// Oracles: the bytes the single-file writers give (formatCsv(), renderSvg(),
// stringifyResults() of the JSON written by hand), SHA-256 of the files as read back from disk,
// the order of the renames that put each file in place (a stub records them), and the
// documented error messages.

import assert from "node:assert";
import { join } from "node:path";
import { formatCsv } from "../../lib/results/csv.ts";
import { stringifyResults } from "../../lib/results/format.ts";
import { linePlot, renderSvg } from "../../lib/results/plot.ts";
import { resultSet } from "../../lib/results/result_set.ts";
import { sha256Hex } from "../../lib/results/sha256.ts";
import { rejectsExactly, throwsExactly } from "../_assert.ts";
import { listDir, runtimeNow, withStub, withTempDir } from "./_helpers.ts";

const NAME = "99_example";
const HEADER = {
  experiment: NAME,
  section: "4.5",
  title: "An example",
  seed: 7,
  config: { lr: 1 },
};
const LOSS: [number, number][] = [[0, 2.3], [1, -0], [2, NaN]];
const SPEC = linePlot([{ name: "loss", x: [0, 1], y: [2.3, 1.9] }], {
  x: { title: "iteration" },
  y: { title: "loss" },
});

/** The SHA-256 of a file as it is on disk. */
async function digestOnDisk(path: string): Promise<string> {
  return await sha256Hex(await Deno.readFile(path));
}

/** Writes the example set: two CSV files and a figure, then the JSON. */
async function writeExample(dir: string): Promise<string> {
  const set = resultSet(dir, NAME);
  await set.csv("loss.csv", ["iteration", "loss"], LOSS);
  await set.svg("loss.svg", SPEC);
  await set.csv("csv", ["a"], [[1]]);
  return await set.json(HEADER, { final: 1.9 });
}

Deno.test("resultSet() writes the files, then the JSON that lists them with their SHA-256 in write order", async () => {
  await withTempDir(async (dir) => {
    const renamed: string[] = [];
    const rename = Deno.rename;
    let path = "";
    await withStub("rename", async (from, to) => {
      renamed.push(String(to).slice(dir.length + 1));
      await rename(from, to);
    }, async () => {
      path = await writeExample(dir);
    });
    assert.strictEqual(path, join(dir, `${NAME}.json`));
    const files = [`${NAME}.loss.csv`, `${NAME}.loss.svg`, `${NAME}.csv`];
    assert.deepStrictEqual(renamed, [...files, `${NAME}.json`]);
    assert.deepStrictEqual(await listDir(dir), [...files, `${NAME}.json`].sort());
    assert.strictEqual(
      await Deno.readTextFile(join(dir, files[0])),
      formatCsv(["iteration", "loss"], LOSS),
    );
    assert.strictEqual(await Deno.readTextFile(join(dir, files[1])), await renderSvg(SPEC));
    assert.strictEqual(await Deno.readTextFile(join(dir, files[2])), "a\n1\n");
    const sha256: Record<string, string> = {};
    for (const f of files) sha256[f] = await digestOnDisk(join(dir, f));
    assert.strictEqual(
      await Deno.readTextFile(path),
      stringifyResults({ ...HEADER, runtime: runtimeNow(), sha256, final: 1.9 }),
    );
  });
});

Deno.test("resultSet() writes the same bytes when the same set is written twice", async () => {
  await withTempDir(async (dir) => {
    await writeExample(join(dir, "a"));
    await writeExample(join(dir, "b"));
    const names = await listDir(join(dir, "a"));
    assert.deepStrictEqual(await listDir(join(dir, "b")), names);
    for (const name of names) {
      assert.deepStrictEqual(
        await Deno.readFile(join(dir, "b", name)),
        await Deno.readFile(join(dir, "a", name)),
        name,
      );
    }
  });
});

Deno.test("resultSet() lists the files in the order their writes started when they run at once", async () => {
  await withTempDir(async (dir) => {
    const set = resultSet(dir, NAME);
    // The figure takes longer to render than the CSV to format, but was started first.
    await Promise.all([set.svg("z.svg", SPEC), set.csv("a.csv", ["x"], [[1]])]);
    const json = JSON.parse(await set.json(HEADER, {}).then((p) => Deno.readTextFile(p)));
    assert.deepStrictEqual(Object.keys(json.sha256), [`${NAME}.z.svg`, `${NAME}.a.csv`]);
  });
});

Deno.test("resultSet() writes a JSON with an empty sha256 block when the set has no other file", async () => {
  await withTempDir(async (dir) => {
    const path = await resultSet(dir, NAME).json(HEADER, { x: 1 });
    assert.strictEqual(
      await Deno.readTextFile(path),
      stringifyResults({ ...HEADER, runtime: runtimeNow(), sha256: {}, x: 1 }),
    );
  });
});

Deno.test("resultSet() throws when given a bad experiment, name, header or order of writes", async (t) => {
  await t.step("the experiment must be a plain file stem", () => {
    for (const experiment of ["", "a/b", "04.x", "../04"]) {
      throwsExactly(
        () => resultSet("results", experiment),
        RangeError,
        `Cannot start a result set as the experiment must be a plain file stem ` +
          `(letters, digits, _ and -): experiment=${experiment}`,
      );
    }
  });
  await t.step("a name must be csv/svg or end in .csv/.svg, without folders", async () => {
    await withTempDir(async (dir) => {
      const set = resultSet(dir, NAME);
      for (const name of ["../loss.csv", "sub/loss.csv", ".csv", "loss.svg", "json", "loss..csv"]) {
        throwsExactly(
          () => set.csv(name, ["a"], []),
          RangeError,
          `Cannot write to a result set as a CSV file's name must be "csv" or end in ".csv", ` +
            `in letters, digits, _, - and dots: name=${name}`,
        );
      }
      throwsExactly(
        () => set.svg("loss.csv", SPEC),
        RangeError,
        `Cannot write to a result set as an SVG file's name must be "svg" or end in ".svg", ` +
          `in letters, digits, _, - and dots: name=loss.csv`,
      );
      assert.deepStrictEqual(await listDir(dir), []);
    });
  });
  await t.step("each file is written once; a row of the wrong length takes no name", async () => {
    await withTempDir(async (dir) => {
      const set = resultSet(dir, NAME);
      throwsExactly(
        () => set.csv("loss.csv", ["a", "b"], [[1]]),
        TypeError,
        "Cannot format CSV as every row must have one cell per column: columns=2, row 0 has 1",
      );
      await set.csv("loss.csv", ["a", "b"], [[1, 2]]);
      throwsExactly(
        () => set.csv("loss.csv", ["a", "b"], [[1, 2]]),
        RangeError,
        `Cannot write to a result set as each file is written once: file=${NAME}.loss.csv`,
      );
    });
  });
  await t.step("the header must name the set's experiment", async () => {
    await withTempDir(async (dir) => {
      await rejectsExactly(
        resultSet(dir, NAME).json({ ...HEADER, experiment: "98_other" }, {}),
        RangeError,
        `Cannot write a result set's JSON as its header must name the set's experiment: ` +
          `set=${NAME}, header=98_other`,
      );
      assert.deepStrictEqual(await listDir(dir), []);
    });
  });
  await t.step("the body must not take the sha256 key", async () => {
    await withTempDir(async (dir) => {
      await rejectsExactly(
        resultSet(dir, NAME).json(HEADER, { sha256: "mine" }),
        TypeError,
        "Cannot write results JSON as the body must not repeat header keys: sha256",
      );
    });
  });
  await t.step("the JSON is the last file", async () => {
    await withTempDir(async (dir) => {
      const set = resultSet(dir, NAME);
      await set.json(HEADER, {});
      const closed = `Cannot write to a result set as its JSON, the last file, is written: ` +
        `experiment=${NAME}`;
      throwsExactly(() => set.csv("late.csv", ["a"], []), TypeError, closed);
      throwsExactly(() => set.svg("late.svg", SPEC), TypeError, closed);
      await rejectsExactly(set.json(HEADER, {}), TypeError, closed);
      assert.deepStrictEqual(await listDir(dir), [`${NAME}.json`]);
    });
  });
});

Deno.test("resultSet() writes no JSON when one of the set's files fails", async () => {
  await withTempDir(async (dir) => {
    const set = resultSet(dir, NAME);
    const failure = new Error("No space left on device");
    const writeFile = Deno.writeFile;
    await withStub("writeFile", async (path, data, options) => {
      if (String(path).includes(".loss.csv.")) throw failure;
      await writeFile(path, data, options);
    }, async () => {
      const csv = set.csv("loss.csv", ["a"], [[1]]);
      const svg = set.svg("loss.svg", SPEC);
      await assert.rejects(csv, (e) => e === failure);
      await svg;
      await assert.rejects(set.json(HEADER, {}), (e) => e === failure);
    });
    assert.deepStrictEqual(await listDir(dir), [`${NAME}.loss.svg`]);
  });
});
