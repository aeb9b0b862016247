// Oracles: stringifyResults() of the object written by hand (header, runtime from Deno.version,
// a result set's sha256 block, body), the expected text itself, and the file system.

import assert from "node:assert";
import { join } from "node:path";
import { parseResultsJson, stringifyResults } from "../../lib/results/format.ts";
import { formatResultsJson, writeResultsJson } from "../../lib/results/json.ts";
import { rejectsExactly, throwsExactly } from "../_assert.ts";
import { listDir, runtimeNow, withTempDir } from "./_helpers.ts";

Deno.test("writeResultsJson() writes the header, runtime and body in order when given results", async () => {
  await withTempDir(async (dir) => {
    const config = { seed: 3, lr: 0.1, sizes: [784, 50, 10] };
    const path = await writeResultsJson(join(dir, "out"), {
      experiment: "99_example",
      section: "4.4",
      title: "An example",
      seed: 3,
      config,
    }, { loss: 0.5975, y: new Float64Array([-0, NaN]), skipped: undefined });
    assert.strictEqual(path, join(dir, "out", "99_example.json"));
    const text = await Deno.readTextFile(path);
    assert.strictEqual(
      text,
      stringifyResults({
        experiment: "99_example",
        section: "4.4",
        title: "An example",
        seed: 3,
        config,
        runtime: {
          deno: Deno.version.deno,
          v8: Deno.version.v8,
          typescript: Deno.version.typescript,
        },
        loss: 0.5975,
        y: [-0, NaN],
      }),
    );
    const parsed = parseResultsJson(text) as Record<string, unknown>;
    assert.deepStrictEqual(Object.keys(parsed), [
      "experiment",
      "section",
      "title",
      "seed",
      "config",
      "runtime",
      "loss",
      "y",
    ]);
    assert.deepStrictEqual(await listDir(join(dir, "out")), ["99_example.json"]);
  });
});

Deno.test("writeResultsJson() records a null seed when the experiment draws nothing", async () => {
  await withTempDir(async (dir) => {
    const path = await writeResultsJson(dir, {
      experiment: "00_x",
      section: "3.5",
      title: "t",
      seed: null,
      config: {},
    }, {});
    const parsed = parseResultsJson(await Deno.readTextFile(path)) as Record<string, unknown>;
    assert.strictEqual(parsed.seed, null);
    assert.deepStrictEqual(parsed.config, {});
  });
});

Deno.test("formatResultsJson() puts a result set's sha256 block after runtime when given one", () => {
  const header = { experiment: "99_x", section: "4.5", title: "t", seed: 1, config: { lr: 0.1 } };
  const sha256 = { "99_x.b.csv": "b".repeat(64), "99_x.a.svg": "a".repeat(64) };
  assert.strictEqual(
    formatResultsJson(header, { loss: 0.5 }, { sha256 }),
    stringifyResults({ ...header, runtime: runtimeNow(), sha256, loss: 0.5 }),
  );
  const text = formatResultsJson(header, { loss: 0.5 }, { sha256 });
  assert.ok(
    text.includes(
      `  "sha256": {\n    "99_x.b.csv": "${"b".repeat(64)}",\n    "99_x.a.svg": "${
        "a".repeat(64)
      }"\n  },\n  "loss": 0.5\n}\n`,
    ),
    text,
  );
  assert.strictEqual(
    formatResultsJson(header, { loss: 0.5 }),
    stringifyResults({ ...header, runtime: runtimeNow(), loss: 0.5 }),
  );
});

Deno.test("formatResultsJson() throws when the body takes a header key or the sha256 key", () => {
  const header = { experiment: "99_x", section: "4.5", title: "t", seed: 1, config: {} };
  throwsExactly(
    () => formatResultsJson(header, { sha256: {}, seed: 2 }),
    TypeError,
    "Cannot write results JSON as the body must not repeat header keys: seed, sha256",
  );
});

Deno.test("writeResultsJson() writes formatResultsJson()'s text when given results", async () => {
  await withTempDir(async (dir) => {
    const header = { experiment: "99_x", section: "4.5", title: "t", seed: null, config: {} };
    const path = await writeResultsJson(dir, header, { acc: [0.5, 0.75] });
    assert.strictEqual(
      await Deno.readTextFile(path),
      formatResultsJson(header, { acc: [0.5, 0.75] }),
    );
    await rejectsExactly(
      writeResultsJson(dir, header, { runtime: {} }),
      TypeError,
      "Cannot write results JSON as the body must not repeat header keys: runtime",
    );
  });
});
