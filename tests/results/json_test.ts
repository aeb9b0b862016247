// Oracles: stringifyResults() of the object written by hand (header, runtime from Deno.version,
// body), and the file system.

import assert from "node:assert";
import { join } from "node:path";
import { parseResultsJson, stringifyResults } from "../../lib/results/format.ts";
import { writeResultsJson } from "../../lib/results/json.ts";
import { listDir, withTempDir } from "./_helpers.ts";

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
