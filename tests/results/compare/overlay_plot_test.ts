// Oracles: the spec's data (which points, which colours, by construction), the moving average in
// closed form, and the SVG text (names in the legend, same bytes on a second render).

import assert from "node:assert";
import { join } from "node:path";
import {
  movingAverage,
  overlayPlot,
  smoothingWindow,
} from "../../../lib/results/compare/overlay_plot.ts";
import { readRuns } from "../../../lib/results/compare/read_runs.ts";
import type { Run } from "../../../lib/results/compare/types.ts";
import { renderSvg } from "../../../lib/results/mod.ts";
import { throwsExactly } from "../../_assert.ts";
import { SWEEP_2X3, withTempDir, writeSweep, writeTrainingRun } from "./_runs.ts";

interface Layer {
  data: { values: Record<string, unknown>[] };
  mark: { opacity?: number; shape?: string };
  encoding?: { color: { scale: { domain: string[]; range: string[] } } };
}
interface Panel {
  title: string;
  layer?: Layer[];
  data?: { values: Record<string, unknown>[] };
}

Deno.test("movingAverage() averages the finite values of a centred window, cut at the ends", () => {
  assert.deepStrictEqual(movingAverage([1, 2, 3, 4, 5], 1), [1, 2, 3, 4, 5]);
  assert.deepStrictEqual(movingAverage([1, 2, 3, 4, 5], 5), [2, 2.5, 3, 3.5, 4]);
  assert.deepStrictEqual(movingAverage([NaN, NaN, 1], 1).map(String), ["NaN", "NaN", "1"]);
  throwsExactly(
    () => movingAverage([1], 4),
    RangeError,
    "Cannot smooth a curve as the window must be an odd integer >= 1: window=4",
  );
});

Deno.test("overlayPlot() draws each run's raw loss faint, its smoothed loss, and its accuracy curves in one colour", () =>
  withTempDir(async (dir) => {
    await writeTrainingRun(join(dir, "a"), {
      seed: 0,
      newFormat: true,
      afterTraining: [0.88, 0.89],
    });
    await writeTrainingRun(join(dir, "b"), {
      seed: 1,
      newFormat: true,
      afterTraining: [0.87, 0.9],
    });
    const runs = await readRuns([join(dir, "a"), join(dir, "b")]);
    const spec = overlayPlot(runs, ["seed=0", "seed=1"], { legendTitle: "seed" }) as unknown as {
      vconcat: Panel[];
    };
    const [loss, acc] = spec.vconcat;
    assert.strictEqual(
      loss.title,
      `Loss per iteration (moving average over ${
        smoothingWindow(1200)
      } iterations; raw curve faint)`,
    );
    const [raw, smooth] = loss.layer!;
    assert.strictEqual(raw.mark.opacity, 0.18);
    assert.strictEqual(raw.data.values.length, 2400);
    assert.deepStrictEqual(raw.data.values[1200], {
      run: "seed=1",
      iteration: 0,
      loss: runs[1].series[0].rows[0][1],
    });
    const avg = movingAverage(runs[0].series[0].rows.map((r) => r[1] as number), 13);
    assert.deepStrictEqual(smooth.data.values[1], { run: "seed=0", iteration: 3, loss: avg[3] });
    const [curves, after] = acc.layer!;
    assert.deepStrictEqual(curves.data.values.length, 8); // 2 runs × 2 curves × 2 epochs
    assert.deepStrictEqual(curves.encoding!.color.scale, {
      domain: ["seed=0", "seed=1"],
      range: ["#4c78a8", "#f58518"],
    });
    // After training: each run's final accuracies, after its last iteration (1199), as diamonds.
    assert.strictEqual(after.mark.shape, "diamond");
    assert.deepStrictEqual(after.data.values, [
      { run: "seed=0", curve: "train acc", iteration: 1199, accuracy: 0.88 },
      { run: "seed=0", curve: "test acc", iteration: 1199, accuracy: 0.89 },
      { run: "seed=1", curve: "train acc", iteration: 1199, accuracy: 0.87 },
      { run: "seed=1", curve: "test acc", iteration: 1199, accuracy: 0.9 },
    ]);
    assert.strictEqual(
      acc.title,
      "Accuracy per epoch (train solid, test dashed; hollow diamonds: after training)",
    );
  }));

Deno.test("overlayPlot() renders to an SVG naming every run, the same bytes twice", () =>
  withTempDir(async (dir) => {
    await writeTrainingRun(join(dir, "a"), { seed: 0 });
    await writeTrainingRun(join(dir, "b"), { seed: 1 });
    const runs = await readRuns([join(dir, "a"), join(dir, "b")]);
    const svg = await renderSvg(overlayPlot(runs, ["seed=0", "seed=1"]));
    assert.ok(svg.startsWith("<svg "));
    for (
      const text of ["seed=0", "seed=1", "train acc", "test acc", "iteration", "loss (mini-batch)"]
    ) {
      assert.ok(svg.includes(`>${text}</text>`), text);
    }
    assert.strictEqual(await renderSvg(overlayPlot(runs, ["seed=0", "seed=1"])), svg);
  }));

Deno.test("overlayPlot() leaves out the loss panel when no run has a loss table (a sweep's runs)", () =>
  withTempDir(async (dir) => {
    const runs = await readRuns([await writeSweep(dir, SWEEP_2X3)]);
    const spec = overlayPlot(runs, runs.map((_, i) => `r${i}`)) as unknown as { vconcat: Panel[] };
    assert.deepStrictEqual(spec.vconcat.map((p) => p.title), [
      "Accuracy per epoch (train solid, test dashed)",
    ]);
  }));

Deno.test("overlayPlot() throws for runs without curves and for a wrong number of labels", () => {
  const run = { series: [] } as unknown as Run;
  throwsExactly(
    () => overlayPlot([run, run], ["a", "b"]),
    RangeError,
    "Cannot plot the runs as none has a loss or accuracy table (columns iteration and loss, or iteration, train_acc and test_acc)",
  );
  throwsExactly(
    () => overlayPlot([run, run], ["a"]),
    TypeError,
    "Cannot plot the runs as there must be one label per run: runs=2, labels=1",
  );
});
