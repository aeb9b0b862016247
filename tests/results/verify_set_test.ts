// Oracles: result sets written by resultSet() and then damaged by hand the ways a stopped run
// damages them (a file rewritten, removed, or added without a new JSON), SHA-256 of the bytes on
// disk, a real `deno` process killed with SIGKILL between a set's writes, and the documented
// error messages.

import assert from "node:assert";
import { join } from "node:path";
import { formatResultsJson } from "../../lib/results/json.ts";
import { resultSet } from "../../lib/results/result_set.ts";
import { sha256Hex } from "../../lib/results/sha256.ts";
import {
  checkResultSetFiles,
  readResultSetHashes,
  verifyResultSet,
} from "../../lib/results/verify_set.ts";
import { rejectsExactly, throwsExactly } from "../_assert.ts";
import { ROOT, withTempDir } from "./_helpers.ts";

const NAME = "99_example";
const HEADER = { experiment: NAME, section: "4.5", title: "An example", seed: 0, config: {} };
const HEX = "0123456789abcdef".repeat(4);

/** A whole set: loss.csv and acc.csv, then the JSON. */
async function writeSet(dir: string, loss = 2.3): Promise<string> {
  const set = resultSet(dir, NAME);
  await set.csv("loss.csv", ["iteration", "loss"], [[0, loss]]);
  await set.csv("acc.csv", ["epoch", "acc"], [[0, 0.5]]);
  return await set.json(HEADER, { loss });
}

const digest = async (path: string) => await sha256Hex(await Deno.readFile(path));

Deno.test("verifyResultSet() finds no problem when the set is whole", async () => {
  await withTempDir(async (dir) => {
    const json = await writeSet(dir);
    await Deno.writeTextFile(join(dir, `.${NAME}.loss.csv.123.0.tmp`), "half"); // a write's temp file
    await Deno.writeTextFile(join(dir, "98_other.csv"), "a\n"); // another experiment's
    await Deno.writeTextFile(join(dir, `${NAME}_v2.csv`), "a\n"); // not `${NAME}.…`
    await Deno.mkdir(join(dir, `${NAME}.d`)); // a folder, not a file
    assert.deepStrictEqual(await verifyResultSet(json), {
      json,
      files: [`${NAME}.loss.csv`, `${NAME}.acc.csv`],
      problems: [],
    });
  });
});

Deno.test("verifyResultSet() reports changed, missing and unlisted files when a rewrite was cut short", async () => {
  await withTempDir(async (dir) => {
    const json = await writeSet(dir);
    const lossPath = join(dir, `${NAME}.loss.csv`);
    const listed = await digest(lossPath);
    // A rerun that stopped after its first CSV and a new figure, before its JSON.
    const rerun = resultSet(dir, NAME);
    await rerun.csv("loss.csv", ["iteration", "loss"], [[0, 1.7]]);
    await Deno.writeTextFile(join(dir, `${NAME}.new.svg`), "<svg/>\n");
    await Deno.remove(join(dir, `${NAME}.acc.csv`));
    const check = await verifyResultSet(json);
    assert.deepStrictEqual(check.problems, [
      {
        file: `${NAME}.loss.csv`,
        kind: "changed",
        expected: listed,
        actual: await digest(lossPath),
      },
      {
        file: `${NAME}.acc.csv`,
        kind: "missing",
        expected: JSON.parse(await Deno.readTextFile(json)).sha256[`${NAME}.acc.csv`],
        actual: null,
      },
      {
        file: `${NAME}.new.svg`,
        kind: "unlisted",
        expected: null,
        actual: await sha256Hex(new TextEncoder().encode("<svg/>\n")),
      },
    ]);
    assert.notStrictEqual(listed, await digest(lossPath));
  });
});

Deno.test("verifyResultSet() reports the set a killed run left when the process dies between its writes", async () => {
  await withTempDir(async (dir) => {
    await writeSet(dir);
    const script = join(dir, "rerun.ts");
    const lib = (file: string) =>
      JSON.stringify(new URL(`../../lib/results/${file}`, import.meta.url).href);
    await Deno.writeTextFile(
      script,
      `import { resultSet } from ${lib("result_set.ts")};
const set = resultSet(${JSON.stringify(dir)}, ${JSON.stringify(NAME)});
await set.csv("loss.csv", ["iteration", "loss"], [[0, 1.25]]);
console.log("loss.csv written");
setInterval(() => {}, 1000); // the JSON's turn never comes: the test kills this process
`,
    );
    const child = new Deno.Command("deno", {
      args: [
        "run",
        "--config",
        join(ROOT, "deno.json"),
        `--allow-read`,
        `--allow-write=${dir}`,
        script,
      ],
      cwd: ROOT,
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).spawn();
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let out = "";
    while (!out.includes("loss.csv written\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      out += value;
    }
    child.kill("SIGKILL");
    const status = await child.status;
    await reader.cancel();
    assert.strictEqual(out, "loss.csv written\n");
    assert.strictEqual(status.signal, "SIGKILL");
    const check = await verifyResultSet(join(dir, `${NAME}.json`));
    assert.deepStrictEqual(check.problems.map((p) => [p.file, p.kind]), [
      [`${NAME}.loss.csv`, "changed"],
    ]);
  });
});

Deno.test("readResultSetHashes() reads the sha256 block when the JSON has one", async (t) => {
  await t.step("the files in order; null without the block", () => {
    assert.deepStrictEqual(
      readResultSetHashes({ experiment: "x", sha256: { "x.b.csv": HEX, "x.a.csv": HEX } }),
      new Map([["x.b.csv", HEX], ["x.a.csv", HEX]]),
    );
    assert.deepStrictEqual(readResultSetHashes({ sha256: {} }), new Map());
    for (const notASet of [{ files: { loss: "x.loss.csv" } }, [], null, "sha256", 1]) {
      assert.strictEqual(readResultSetHashes(notASet), null);
    }
    assert.strictEqual(readResultSetHashes(Object.create({ sha256: {} })), null, "inherited");
  });
  await t.step("a malformed block is an error", () => {
    throwsExactly(
      () => readResultSetHashes({ sha256: [HEX] }),
      TypeError,
      "Cannot read a result set as its sha256 block must be an object of file names and " +
        "digests: sha256 is an array",
    );
    throwsExactly(
      () => readResultSetHashes({ sha256: null }),
      TypeError,
      "Cannot read a result set as its sha256 block must be an object of file names and " +
        "digests: sha256 is null",
    );
    for (const name of ["../x.csv", "sub/x.csv", "sub\\x.csv", ".x.csv", ""]) {
      throwsExactly(
        () => readResultSetHashes({ sha256: { [name]: HEX } }),
        RangeError,
        `Cannot read a result set as every listed name must be a file name in the JSON's ` +
          `folder: name=${name}`,
      );
    }
    for (const bad of [HEX.toUpperCase(), HEX.slice(1), `${HEX}0`, 7]) {
      throwsExactly(
        () => readResultSetHashes({ sha256: { "x.csv": bad } }),
        RangeError,
        `Cannot read a result set as every listed digest must be 64 lowercase hex digits: ` +
          `x.csv=${bad}`,
      );
    }
  });
});

Deno.test("checkResultSetFiles() checks the listed files, then the unlisted ones by name", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(join(dir, "x.b.csv"), "b\n");
    await Deno.writeTextFile(join(dir, "x.a.csv"), "a\n");
    await Deno.writeTextFile(join(dir, "x.json"), "{}\n"); // the JSON itself
    const b = await digest(join(dir, "x.b.csv"));
    assert.deepStrictEqual(
      await checkResultSetFiles(dir, "x", new Map([["x.c.csv", HEX], ["x.b.csv", b]])),
      [
        { file: "x.c.csv", kind: "missing", expected: HEX, actual: null },
        {
          file: "x.a.csv",
          kind: "unlisted",
          expected: null,
          actual: await digest(join(dir, "x.a.csv")),
        },
      ],
    );
  });
});

Deno.test("verifyResultSet() throws when the JSON is not a result set or its block is malformed", async () => {
  await withTempDir(async (dir) => {
    const json = join(dir, `${NAME}.json`);
    await Deno.writeTextFile(json, formatResultsJson(HEADER, { files: { loss: "x.csv" } }));
    await rejectsExactly(
      verifyResultSet(json),
      TypeError,
      `Cannot verify a result set as its JSON must list the set's files in a top-level sha256 ` +
        `block: json=${json}`,
    );
    await Deno.writeTextFile(json, formatResultsJson(HEADER, {}, { sha256: { "a.csv": "f00" } }));
    await rejectsExactly(
      verifyResultSet(json),
      RangeError,
      "Cannot read a result set as every listed digest must be 64 lowercase hex digits: a.csv=f00",
    );
  });
});
