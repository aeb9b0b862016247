/**
 * Means with error bars (matplotlib's `plt.errorbar`), as a Vega-Lite spec
 * for `renderSvg`: a sweep's accuracy per hidden size over its seeds.
 *
 * @module
 */

import { axisScale } from "./_axis.ts";
import type { LinePlotOptions, VegaLiteSpec } from "./plot.ts";

/** One point of an {@linkcode errorBarPlot}: a mean with a ± spread. */
export interface ErrorBarPoint {
  /** Position on the x axis. */
  readonly x: number;
  /** Mean. */
  readonly mean: number;
  /** Half the bar's length (e.g. a standard deviation); NaN draws no bar. */
  readonly spread: number;
}

/**
 * A Vega-Lite spec of means with error bars `mean ± spread`, joined by a line
 * (matplotlib's `plt.errorbar`).
 *
 * @param points The means, in x order.
 * @param options Axes, title and size.
 * @returns The spec.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { errorBarPlot } from "./error_bar_plot.ts";
 * const spec = errorBarPlot([{ x: 50, mean: 0.9, spread: 0.25 }, { x: 100, mean: 0.75, spread: NaN }], {
 *   x: { title: "hidden units" },
 *   y: { title: "test accuracy" },
 * }) as unknown as { data: { values: unknown[] } };
 * assert.deepStrictEqual(spec.data.values, [
 *   { x: 50, mean: 0.9, low: 0.65, high: 1.15 },
 *   { x: 100, mean: 0.75 },
 * ]);
 * ```
 */
export function errorBarPlot(
  points: readonly ErrorBarPoint[],
  options: LinePlotOptions,
): VegaLiteSpec {
  const values = points.filter((p) => Number.isFinite(p.mean)).map((p) => ({
    x: p.x,
    mean: p.mean,
    ...(Number.isFinite(p.spread) ? { low: p.mean - p.spread, high: p.mean + p.spread } : {}),
  }));
  const x = {
    field: "x",
    type: "quantitative" as const,
    title: options.x.title,
    scale: axisScale(options.x),
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    ...(options.title ? { title: options.title } : {}),
    width: options.width ?? 480,
    height: options.height ?? 320,
    data: { values },
    layer: [
      {
        mark: { type: "line", point: true },
        encoding: {
          x,
          y: {
            field: "mean",
            type: "quantitative" as const,
            title: options.y.title,
            scale: axisScale(options.y),
          },
        },
      },
      {
        transform: [{ filter: "isValid(datum.low)" }],
        mark: { type: "rule" },
        encoding: { x, y: { field: "low", type: "quantitative" as const }, y2: { field: "high" } },
      },
    ],
  } as VegaLiteSpec;
}
