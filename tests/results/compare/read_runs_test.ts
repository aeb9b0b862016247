// Oracles: result sets written to temporary folders (tests/results/compare/_runs.ts) and the
// documented error messages.

import assert from "node:assert";
import { join } from "node:path";
import { readRuns, resultsJsonOf } from "../../../lib/results/compare/read_runs.ts";
import { rejectsExactly } from "../../_assert.ts";
import { SWEEP_2X3, withTempDir, writeSweep, writeTrainingRun } from "./_runs.ts";

Deno.test("readRuns() reads a results folder with its CSV files", () =>
  withTempDir(async (dir) => {
    await writeTrainingRun(join(dir, "a"), { seed: 3 });
    const [run] = await readRuns([join(dir, "a")]);
    assert.strictEqual(run.path, join(dir, "a", "04_train_two_layer_net.json"));
    assert.deepStrictEqual(run.series.map((s) => s.name), ["loss.csv", "accuracy.csv"]);
    assert.strictEqual(run.series[0].rows.length, 1200);
    assert.deepStrictEqual(run.series[1].header, ["epoch", "iteration", "train_acc", "test_acc"]);
    assert.strictEqual(run.config.seed, 3);
  }));

Deno.test("readRuns() finds the CSV files of the coming format (names as keys of files)", () =>
  withTempDir(async (dir) => {
    const path = await writeTrainingRun(dir, { newFormat: true });
    const [run] = await readRuns([path]);
    assert.deepStrictEqual(run.series.map((s) => s.name), ["loss.csv", "accuracy.csv"]);
    assert.strictEqual(run.metrics?.source, "afterTraining");
  }));

Deno.test("readRuns() notes a listed CSV file that is missing, and counts a sweep as its runs", () =>
  withTempDir(async (dir) => {
    const a = await writeTrainingRun(join(dir, "a"), { skipAccuracyCsv: true });
    const sweep = await writeSweep(join(dir, "s"), SWEEP_2X3);
    const runs = await readRuns([a, sweep]);
    assert.strictEqual(runs.length, 7);
    assert.deepStrictEqual(runs[0].missingFiles, ["04_train_two_layer_net.accuracy.csv"]);
    assert.deepStrictEqual(runs.slice(1).map((r) => r.sweepIndex), [0, 1, 2, 3, 4, 5]);
  }));

Deno.test("readRuns() throws a RangeError for bad input", async (t) => {
  await withTempDir(async (dir) => {
    await t.step("a path that does not exist", () =>
      rejectsExactly(
        readRuns([join(dir, "nope")]),
        RangeError,
        `Cannot read runs as the path does not exist: ${join(dir, "nope")}`,
      ));
    await t.step("a folder with no results JSON", async () => {
      await Deno.mkdir(join(dir, "empty"));
      await Deno.writeTextFile(join(dir, "empty", "notes.json"), "{}");
      await rejectsExactly(
        readRuns([join(dir, "empty")]),
        RangeError,
        `Cannot read runs as the folder holds no results JSON (NN_name.json): ${
          join(dir, "empty")
        }`,
      );
    });
    await t.step("a folder with several experiments", async () => {
      await writeTrainingRun(join(dir, "two"));
      await writeSweep(join(dir, "two"), SWEEP_2X3);
      await rejectsExactly(
        resultsJsonOf(join(dir, "two")),
        RangeError,
        "Cannot read runs as the folder holds several experiments' results, so name one JSON file: " +
          `${join(dir, "two")} holds 04_train_two_layer_net.json, 05_hidden_size_sweep.json`,
      );
    });
    await t.step("a file that is not JSON by name", async () => {
      await Deno.writeTextFile(join(dir, "x.csv"), "a\n");
      await rejectsExactly(
        readRuns([join(dir, "x.csv")]),
        RangeError,
        `Cannot read runs as a run must be a results folder or a results .json file: ${
          join(dir, "x.csv")
        }`,
      );
    });
    await t.step("a corrupt JSON", async () => {
      await Deno.mkdir(join(dir, "bad"));
      await Deno.writeTextFile(join(dir, "bad", "04_train_two_layer_net.json"), '{"experiment": ');
      await assert.rejects(readRuns([join(dir, "bad")]), (e: Error) => {
        assert.strictEqual(e.constructor, RangeError);
        assert.ok(
          e.message.startsWith(
            `Cannot read runs as the file is not valid JSON: ${
              join(dir, "bad", "04_train_two_layer_net.json")
            }: `,
          ),
          e.message,
        );
        return true;
      });
    });
    await t.step("a corrupt CSV", async () => {
      await writeTrainingRun(join(dir, "badcsv"));
      await Deno.writeTextFile(
        join(dir, "badcsv", "04_train_two_layer_net.loss.csv"),
        'iteration,loss\n"0,1\n',
      );
      await rejectsExactly(
        readRuns([join(dir, "badcsv")]),
        RangeError,
        `Cannot read runs as a CSV file does not parse: ${
          join(dir, "badcsv", "04_train_two_layer_net.loss.csv")
        }: ` +
          "Cannot parse CSV as every quoted cell must be closed: the cell opened on line 2 is not",
      );
    });
  });
});

Deno.test("readRuns() throws a TypeError for a JSON that is not a results file", () =>
  withTempDir(async (dir) => {
    await Deno.writeTextFile(join(dir, "04_x.json"), '{"hello": 1}');
    await rejectsExactly(
      readRuns([dir]),
      TypeError,
      `Cannot read runs as a results JSON must be an object with an experiment and a config: ${
        join(dir, "04_x.json")
      }`,
    );
  }));
