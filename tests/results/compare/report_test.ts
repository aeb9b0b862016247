// Oracles: the committed results (the report must be the committed results/README.md, cover
// experiments 00–07, and link only to files that exist), the book's printed values as the JSON
// files hold them, and hand-made documents in the coming results format.

import assert from "node:assert";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { resultsReport, writeResultsReport } from "../../../lib/results/compare/report.ts";
import { reportSection } from "../../../lib/results/compare/report_sections.ts";
import { parseResultsJson } from "../../../lib/results/mod.ts";
import { rejectsExactly, throwsExactly } from "../../_assert.ts";
import { runDeno } from "../../_deno.ts";
import { withTempDir } from "./_runs.ts";

const RESULTS = fileURLToPath(new URL("../../../results/", import.meta.url));

async function committedInputs() {
  const files: string[] = [];
  for await (const e of Deno.readDir(RESULTS)) if (e.isFile) files.push(e.name);
  files.sort();
  const results = [];
  for (const name of files.filter((f) => /^\d+_[A-Za-z0-9_-]+\.json$/.test(f))) {
    results.push({ name, doc: parseResultsJson(await Deno.readTextFile(join(RESULTS, name))) });
  }
  return { results, files };
}

async function copyResults(to: string): Promise<void> {
  for await (const e of Deno.readDir(RESULTS)) {
    if (e.isFile && e.name !== "README.md") {
      await Deno.copyFile(join(RESULTS, e.name), join(to, e.name));
    }
  }
}

Deno.test("resultsReport() of the committed results is the committed results/README.md (rerun `deno task report`?)", async () => {
  const { results, files } = await committedInputs();
  assert.strictEqual(
    resultsReport(results, files),
    await Deno.readTextFile(join(RESULTS, "README.md")),
  );
});

Deno.test("resultsReport() covers experiments 00–07 and links only to files that exist", async () => {
  const md = await Deno.readTextFile(join(RESULTS, "README.md"));
  const headings = [...md.matchAll(/^## (\d\d) · /gm)].map((m) => m[1]);
  assert.deepStrictEqual(headings, ["00", "01", "02", "03", "04", "05", "06", "07"]);
  const links = [...md.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]);
  assert.ok(links.length >= 30, `${links.length} links`);
  for (const link of links) {
    assert.ok(
      !link.includes("/") && !link.startsWith("http"),
      `relative link in results/: ${link}`,
    );
    await Deno.stat(join(RESULTS, link)); // throws NotFound for a broken link
  }
  const figures = [...md.matchAll(/^!\[[^\]]*\]\(([^)]+\.svg)\)$/gm)].map((m) => m[1]);
  const svgs: string[] = [];
  for await (const e of Deno.readDir(RESULTS)) if (e.name.endsWith(".svg")) svgs.push(e.name);
  assert.deepStrictEqual([...figures].sort(), svgs.sort(), "every figure embedded once");
});

Deno.test("resultsReport() puts the book's printed values beside ours", async () => {
  const md = await Deno.readTextFile(join(RESULTS, "README.md"));
  assert.ok(md.includes("| sum of squared errors, y2 (wrong) | 0.5975 | 0.5975 |\n"));
  assert.ok(
    md.includes(
      "| softmax([0.3, 2.9, 4.0]) | 0.01821127329554753, 0.24519181293507392, 0.7365969137693786 | " +
        "0.01821127, 0.24519181, 0.73659691 |\n",
    ),
  );
  assert.ok(
    md.includes(
      "| 10 | -25898374737328.363, -1295248616896.5398 | -2.58983747e+13, -1.29524862e+12 | yes |\n",
    ),
  );
});

Deno.test("resultsReport() gives exp:05 the hidden-size table and each size against the best", async () => {
  const md = await Deno.readTextFile(join(RESULTS, "README.md"));
  // The committed sweep's accuracies after training (5 seeds per size).
  assert.ok(md.includes("| 50 | 5 | 0.9480 ± 0.0012 | 0.9463 ± 0.0011 |\n"));
  assert.ok(
    md.includes(
      "| hidden=50 − hidden=100 | +0.0010 | [-0.0005, +0.0025] | 0.18 | within seed noise |\n",
    ),
  );
  assert.ok(
    md.includes(
      "| hidden=50 − hidden=200 | +0.0043 | [+0.0027, +0.0059] | 0.00027 | larger than seed noise at p < 0.05 |\n",
    ),
  );
});

Deno.test("writeResultsReport() writes the same bytes on rerun", () =>
  withTempDir(async (dir) => {
    await copyResults(dir);
    const { path, experiments } = await writeResultsReport(dir);
    const first = await Deno.readFile(path);
    await writeResultsReport(dir);
    assert.deepStrictEqual(await Deno.readFile(path), first);
    assert.strictEqual(experiments.length, 8);
    assert.deepStrictEqual(first, await Deno.readFile(join(RESULTS, "README.md")));
  }));

Deno.test("reportSection() reads the coming format's afterTraining for a training run", () => {
  const doc = {
    experiment: "04_train_two_layer_net",
    config: { seed: 0 },
    status: "completed",
    iterationsCompleted: 300,
    lastEpoch: { epoch: 0, iteration: 0, trainAcc: 0.1, testAcc: 0.1 },
    afterTraining: { iterations: 300, trainAcc: 0.61, testAcc: 0.62, loss: 1.1 },
    files: { "04_train_two_layer_net.loss.csv": "ab" },
  };
  const rows = reportSection(doc, "04.json").tables[0].table.rows;
  assert.deepStrictEqual(rows.slice(2), [
    ["accuracies measured at", "after training (iteration 300)"],
    ["train accuracy", "0.61"],
    ["test accuracy", "0.62"],
    ["last mini-batch loss", "1.1"],
  ]);
});

Deno.test("reportSection() shows an unknown experiment's status if it trains, else nothing", () => {
  const train = reportSection({ experiment: "09_new", config: {}, status: "completed" }, "09.json");
  assert.strictEqual(train.tables[0].table.rows[0][1], "completed");
  assert.deepStrictEqual(reportSection({ experiment: "09_new", config: {} }, "09.json"), {
    tables: [],
    notes: [],
  });
  throwsExactly(
    () => reportSection([], "x.json"),
    TypeError,
    "Cannot report a result as it is not a results JSON: x.json",
  );
});

Deno.test("writeResultsReport() throws a RangeError for a corrupt results JSON", () =>
  withTempDir(async (dir) => {
    await Deno.writeTextFile(join(dir, "04_x.json"), "{");
    await assert.rejects(writeResultsReport(dir), (e: Error) => {
      assert.strictEqual(e.constructor, RangeError);
      assert.ok(
        e.message.startsWith(
          `Cannot write the report as a results file is not valid JSON: ${
            join(dir, "04_x.json")
          }: `,
        ),
      );
      return true;
    });
    await Deno.remove(join(dir, "04_x.json"));
    await Deno.writeTextFile(join(dir, "04_x.json"), "[]");
    await rejectsExactly(
      writeResultsReport(dir),
      TypeError,
      "Cannot report a result as it is not a results JSON: 04_x.json",
    );
  }));

Deno.test("tools/report.ts writes the report of a results folder and exits 0", () =>
  withTempDir(async (dir) => {
    await copyResults(dir);
    const r = await runDeno([
      "run",
      `--allow-read=${dir}`,
      `--allow-write=${dir}`,
      "--ignore-env",
      "tools/report.ts",
      "--out",
      dir,
      "--quiet",
    ]);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.strictEqual(r.stdout, `report -> ${join(dir, "README.md")}\n`);
    assert.deepStrictEqual(
      await Deno.readFile(join(dir, "README.md")),
      await Deno.readFile(join(RESULTS, "README.md")),
    );
  }));
