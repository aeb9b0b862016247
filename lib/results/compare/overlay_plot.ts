/**
 * Every run's curves in one figure (`deno task compare --plot FILE.svg`):
 * the loss per iteration, lightly smoothed with the raw curve faint behind
 * it, above the per-epoch train (solid) and test (dashed) accuracy and,
 * for runs that record it, the accuracy after training (hollow diamonds at
 * the last iteration); one colour per run, the legend naming runs by what
 * differs. A Vega-Lite spec,
 * rendered by the experiments' own `renderSvg`/`writeSvg`.
 *
 * @module
 */

import type { VegaLiteSpec } from "../mod.ts";
import type { Run, RunSeries } from "./types.ts";

/** Tableau 10, Vega's default categorical colours, fixed here so the bytes never change. */
const PALETTE = [
  "#4c78a8",
  "#f58518",
  "#e45756",
  "#72b7b2",
  "#54a24b",
  "#eeca3b",
  "#b279a2",
  "#ff9da6",
  "#9d755d",
  "#bab0ac",
];
const WIDTH = 640;
const HEIGHT = 240;

/**
 * A centred moving average: each point is the mean of the finite values
 * among the `window` points around it (fewer at the ends, where the window
 * is cut); NaN where there are none.
 *
 * @param values The curve.
 * @param window An odd number of points ≥ 1.
 * @returns The smoothed curve, as long as `values`.
 * @throws {RangeError} When `window` is not an odd integer ≥ 1.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { movingAverage } from "./overlay_plot.ts";
 * assert.deepStrictEqual(movingAverage([3, 0, 3, 6, NaN], 3), [1.5, 2, 3, 4.5, 6]);
 * ```
 */
export function movingAverage(values: readonly number[], window: number): number[] {
  if (!Number.isInteger(window) || window < 1 || window % 2 === 0) {
    throw new RangeError(
      `Cannot smooth a curve as the window must be an odd integer >= 1: window=${window}`,
    );
  }
  const half = (window - 1) / 2;
  return values.map((_, i) => {
    let sum = 0, n = 0;
    for (let j = Math.max(0, i - half); j <= Math.min(values.length - 1, i + half); j++) {
      if (Number.isFinite(values[j])) {
        sum += values[j];
        n++;
      }
    }
    return n > 0 ? sum / n : NaN;
  });
}

/**
 * The smoothing window of a loss curve: about 1% of its points, odd.
 *
 * @param n Points in the curve.
 * @returns An odd window ≥ 1 (101 for the book's 10,000 iterations).
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { smoothingWindow } from "./overlay_plot.ts";
 * assert.deepStrictEqual([10, 1200, 10000].map(smoothingWindow), [1, 13, 101]);
 * ```
 */
export function smoothingWindow(n: number): number {
  return 2 * Math.floor(n / 200) + 1;
}

function column(series: RunSeries, name: string): number[] {
  const c = series.header.indexOf(name);
  return series.rows.map((r) => (typeof r[c] === "number" ? r[c] as number : NaN));
}

/** The largest finite iteration of a table with an iteration column (0 otherwise). */
function lastIteration(series: RunSeries): number {
  if (!series.header.includes("iteration")) return 0;
  return Math.max(0, ...column(series, "iteration").filter(Number.isFinite));
}

function lossSeries(run: Run): RunSeries | undefined {
  return run.series.find((s) => s.header[0] === "iteration" && s.header.includes("loss"));
}

/** The iteration after which a run's `afterTraining` accuracy was measured (its last), or null. */
function afterTrainingIteration(run: Run): number | null {
  const m = run.metrics;
  if (m?.source !== "afterTraining" || m.iteration === null || m.iteration < 1) return null;
  return m.iteration - 1;
}

function accuracySeries(run: Run): RunSeries | undefined {
  return run.series.find((s) =>
    ["iteration", "train_acc", "test_acc"].every((c) => s.header.includes(c))
  );
}

/** Options of {@linkcode overlayPlot}. */
export interface OverlayOptions {
  /** Legend title (default: "run"). */
  readonly legendTitle?: string;
}

/**
 * The overlay figure of runs' curves (see the module doc). Runs without a
 * loss or accuracy table are left out of that panel; a panel no run has is
 * left out.
 *
 * @param runs The runs.
 * @param labels Their names (the legend), one per run, unique.
 * @param options Legend title.
 * @returns A Vega-Lite spec for `writeSvg`.
 * @throws {TypeError} When `labels` does not have one name per run.
 * @throws {RangeError} When no run has a loss or accuracy table.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { overlayPlot } from "./overlay_plot.ts";
 * const run = (k: number) => ({
 *   series: [{ name: "loss.csv", header: ["iteration", "loss"], rows: [[0, 2.3 - k], [1, 2.2 - k]] }],
 * }) as never;
 * const spec = overlayPlot([run(0), run(1)], ["seed=0", "seed=1"]) as unknown as { vconcat: unknown[] };
 * assert.strictEqual(spec.vconcat.length, 1); // a loss panel, no accuracy panel
 * ```
 */
export function overlayPlot(
  runs: readonly Run[],
  labels: readonly string[],
  options: OverlayOptions = {},
): VegaLiteSpec {
  if (labels.length !== runs.length) {
    throw new TypeError(
      `Cannot plot the runs as there must be one label per run: runs=${runs.length}, labels=${labels.length}`,
    );
  }
  const color = {
    field: "run",
    type: "nominal" as const,
    title: options.legendTitle ?? "run",
    scale: { domain: [...labels], range: labels.map((_, i) => PALETTE[i % PALETTE.length]) },
    legend: {
      orient: "bottom" as const,
      columns: Math.min(labels.length, 4),
      labelLimit: 400,
      symbolType: "stroke",
      symbolOpacity: 1,
      symbolStrokeWidth: 3,
    },
  };
  // Both panels share the iteration axis, so an epoch's accuracy sits under its losses.
  const last = Math.max(
    0,
    ...runs.flatMap((r) => r.series.map((s) => lastIteration(s))),
    ...runs.map((r) => afterTrainingIteration(r) ?? 0),
  );
  const x = {
    field: "iteration",
    type: "quantitative" as const,
    title: "iteration",
    scale: { domain: [0, last], nice: false },
  };
  const panels: unknown[] = [];

  const raw: Record<string, unknown>[] = [], smooth: Record<string, unknown>[] = [];
  let window = 1;
  runs.forEach((run, i) => {
    const s = lossSeries(run);
    if (!s) return;
    const it = column(s, "iteration"), loss = column(s, "loss");
    window = Math.max(window, smoothingWindow(loss.length));
    const avg = movingAverage(loss, smoothingWindow(loss.length));
    const step = Math.max(1, Math.floor(smoothingWindow(loss.length) / 4));
    it.forEach((t, k) => {
      if (!Number.isFinite(t)) return;
      if (Number.isFinite(loss[k])) raw.push({ run: labels[i], iteration: t, loss: loss[k] });
      if ((k % step === 0 || k === it.length - 1) && Number.isFinite(avg[k])) {
        smooth.push({ run: labels[i], iteration: t, loss: avg[k] });
      }
    });
  });
  if (raw.length > 0) {
    const y = { field: "loss", type: "quantitative" as const, title: "loss (mini-batch)" };
    panels.push({
      title: `Loss per iteration (moving average over ${window} iterations; raw curve faint)`,
      width: WIDTH,
      height: HEIGHT,
      layer: [
        {
          data: { values: raw },
          mark: { type: "line", opacity: 0.18, strokeWidth: 1 },
          encoding: { x, y, color },
        },
        {
          data: { values: smooth },
          mark: { type: "line", strokeWidth: 2 },
          encoding: { x, y, color },
        },
      ],
    });
  }

  const acc: Record<string, unknown>[] = [];
  runs.forEach((run, i) => {
    const s = accuracySeries(run);
    if (!s) return;
    const it = column(s, "iteration");
    for (const [curve, name] of [["train acc", "train_acc"], ["test acc", "test_acc"]]) {
      const v = column(s, name);
      it.forEach((t, k) => {
        if (Number.isFinite(t) && Number.isFinite(v[k])) {
          acc.push({ run: labels[i], curve, iteration: t, accuracy: v[k] });
        }
      });
    }
  });
  // After training: the final parameters' accuracy, after the last iteration (not an epoch).
  const after: Record<string, unknown>[] = [];
  runs.forEach((run, i) => {
    const at = afterTrainingIteration(run);
    if (at === null || !accuracySeries(run)) return;
    for (
      const [curve, value] of [["train acc", run.metrics!.trainAcc], [
        "test acc",
        run.metrics!.testAcc,
      ]] as const
    ) {
      if (value !== null && Number.isFinite(value)) {
        after.push({ run: labels[i], curve, iteration: at, accuracy: value });
      }
    }
  });
  if (acc.length > 0) {
    // 0 to 1, as the book draws Figure 4-12.
    const y = {
      field: "accuracy",
      type: "quantitative",
      title: "accuracy",
      scale: { domain: [0, 1] },
    };
    const layer: unknown[] = [{
      data: { values: acc },
      mark: { type: "line", point: { size: 25, filled: true }, strokeWidth: 1.5 },
      encoding: {
        x,
        y,
        color,
        strokeDash: {
          field: "curve",
          type: "nominal",
          title: null,
          scale: { domain: ["train acc", "test acc"], range: [[1, 0], [6, 4]] },
          legend: {
            orient: "bottom",
            symbolType: "stroke",
            symbolSize: 400,
            // The marks' points give the symbol a fill, not a stroke: draw the dash in grey.
            encode: {
              symbols: { update: { stroke: { value: "#444" }, strokeWidth: { value: 2 } } },
            },
          },
        },
      },
    }];
    if (after.length > 0) {
      layer.push({
        data: { values: after },
        mark: { type: "point", shape: "diamond", size: 90, filled: false, strokeWidth: 2 },
        encoding: { x, y, color },
      });
    }
    panels.push({
      title: after.length > 0
        ? "Accuracy per epoch (train solid, test dashed; hollow diamonds: after training)"
        : "Accuracy per epoch (train solid, test dashed)",
      width: WIDTH,
      height: HEIGHT,
      layer,
    });
  }
  if (panels.length === 0) {
    throw new RangeError(
      "Cannot plot the runs as none has a loss or accuracy table " +
        "(columns iteration and loss, or iteration, train_acc and test_acc)",
    );
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    vconcat: panels,
    resolve: { scale: { color: "shared", strokeDash: "shared" } },
  } as unknown as VegaLiteSpec;
}
