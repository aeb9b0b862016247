// Oracles: hand-written results documents in today's format (`final`) and the coming one
// (`lastEpoch` + `afterTraining`, `files` as name → SHA-256), and the committed exp:05 sweep.

import assert from "node:assert";
import { fileURLToPath } from "node:url";
import { listedCsvFiles, parseRuns } from "../../../lib/results/compare/parse_runs.ts";
import { parseResultsJson } from "../../../lib/results/mod.ts";
import { throwsExactly } from "../../_assert.ts";

const SWEEP = fileURLToPath(new URL("../../../results/05_hidden_size_sweep.json", import.meta.url));

const single = {
  experiment: "04_train_two_layer_net",
  section: "4.5",
  title: "T",
  config: { seed: 1, hidden: 50 },
  runtime: { deno: "2.9.6", v8: "15", typescript: "6" },
  status: "completed",
  iterationsCompleted: 1200,
  final: { trainAcc: 0.78, testAcc: 0.79, loss: 0.4 },
  epochs: { epoch: [0, 1], iteration: [0, 600], trainAcc: [0.1, 0.78], testAcc: [0.1, 0.79] },
};

Deno.test("parseRuns() reads a single run's final numbers as the last epoch's when the file has no afterTraining", () => {
  const [run] = parseRuns(single, "a/04.json");
  assert.deepStrictEqual(run.metrics, {
    source: "lastEpoch",
    iteration: 600,
    trainAcc: 0.78,
    testAcc: 0.79,
    loss: 0.4,
  });
  assert.deepStrictEqual(
    [run.experiment, run.section, run.status, run.iterationsCompleted, run.sweepIndex],
    ["04_train_two_layer_net", "4.5", "completed", 1200, null],
  );
  assert.deepStrictEqual(run.config, { seed: 1, hidden: 50 });
});

Deno.test("parseRuns() prefers afterTraining over lastEpoch when the file has both (the coming format)", () => {
  const { final: _, ...rest } = single;
  const doc = {
    ...rest,
    lastEpoch: { epoch: 1, iteration: 600, trainAcc: 0.78, testAcc: 0.79 },
    afterTraining: { iterations: 1200, trainAcc: 0.81, testAcc: 0.82, loss: 0.35 },
    files: { "04_train_two_layer_net.loss.csv": "ab".repeat(32) },
  };
  const [run] = parseRuns(doc, "a/04.json");
  assert.deepStrictEqual(run.metrics, {
    source: "afterTraining",
    iteration: 1200,
    trainAcc: 0.81,
    testAcc: 0.82,
    loss: 0.35,
  });
});

Deno.test("parseRuns() reads lastEpoch alone, and an afterTraining loss of null for 0 iterations", () => {
  const { final: _, ...rest } = single;
  const [a] = parseRuns({
    ...rest,
    lastEpoch: { epoch: 1, iteration: 600, trainAcc: 0.7, testAcc: 0.6 },
  }, "x");
  assert.deepStrictEqual(a.metrics, {
    source: "lastEpoch",
    iteration: 600,
    trainAcc: 0.7,
    testAcc: 0.6,
    loss: null,
  });
  const [b] = parseRuns({
    ...rest,
    lastEpoch: null,
    afterTraining: { iterations: 0, trainAcc: 0.1, testAcc: 0.1, loss: null },
  }, "x");
  assert.deepStrictEqual(b.metrics, {
    source: "afterTraining",
    iteration: 0,
    trainAcc: 0.1,
    testAcc: 0.1,
    loss: null,
  });
});

Deno.test("parseRuns() gives no metrics for an experiment that is not a training run", () => {
  const [run] = parseRuns(
    { experiment: "01_loss_functions", config: {}, sumSquaredError: {} },
    "x",
  );
  assert.deepStrictEqual([run.metrics, run.status, run.series], [null, null, []]);
});

Deno.test("parseRuns() splits the committed exp:05 sweep into its 25 runs, each with its own hidden and seed", async () => {
  const doc = parseResultsJson(await Deno.readTextFile(SWEEP));
  const runs = parseRuns(doc, SWEEP);
  assert.strictEqual(runs.length, 25);
  assert.deepStrictEqual(runs[7].config, {
    hidden: 20,
    seed: 2,
    iters: 10000,
    batch: 100,
    lr: 0.1,
    dataset: "mnist",
    inputSize: 784,
    outputSize: 10,
    weightInitStd: 0.01,
    gradient: "backprop",
  });
  // Each run's afterTraining (the final parameters' accuracy) in the committed file.
  assert.deepStrictEqual(runs[7].metrics, {
    source: "afterTraining",
    iteration: 10000,
    trainAcc: 0.9389,
    testAcc: 0.9352,
    loss: runs[7].metrics!.loss,
  });
  assert.strictEqual(runs[7].sweepIndex, 7);
  assert.deepStrictEqual(runs[7].series[0].header, ["epoch", "iteration", "train_acc", "test_acc"]);
  assert.deepStrictEqual(runs[7].series[0].rows[16], [16, 9600, 0.9379833333333333, 0.9336]);
});

Deno.test("parseRuns() throws a TypeError when the document is not a results JSON", async (t) => {
  await t.step("no config", () =>
    throwsExactly(
      () => parseRuns({ experiment: "04" }, "a.json"),
      TypeError,
      "Cannot read runs as a results JSON must be an object with an experiment and a config: a.json",
    ));
  await t.step("an array", () =>
    throwsExactly(
      () => parseRuns([1, 2], "b.json"),
      TypeError,
      "Cannot read runs as a results JSON must be an object with an experiment and a config: b.json",
    ));
  await t.step("a sweep entry that is not an object", () =>
    throwsExactly(
      () => parseRuns({ experiment: "05", config: {}, runs: [1] }, "c.json"),
      TypeError,
      "Cannot read runs as every entry of runs must be an object: c.json",
    ));
});

Deno.test("listedCsvFiles() finds the CSV files a JSON names as values or as keys", () => {
  assert.deepStrictEqual(
    listedCsvFiles({
      files: { loss: "e.loss.csv", accuracy: "e.accuracy.csv", figures: ["e.loss.svg"] },
    }, "e"),
    ["e.loss.csv", "e.accuracy.csv"],
  );
  assert.deepStrictEqual(listedCsvFiles({ files: { "e.loss.csv": "00", "e.csv": "11" } }, "e"), [
    "e.loss.csv",
    "e.csv",
  ]);
  assert.deepStrictEqual(listedCsvFiles({ path: "../e.x.csv", other: "f.loss.csv" }, "e"), []);
});
