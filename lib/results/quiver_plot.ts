/**
 * The book's Figure 4-9 kind of figure: arrows of a vector field
 * (matplotlib's `plt.quiver`), as a Vega-Lite spec for `renderSvg`.
 *
 * @module
 */

import type { VegaLiteSpec } from "./plot.ts";

/** Options of {@linkcode quiverPlot}. */
export interface QuiverOptions {
  /** Figure title. */
  readonly title?: string;
  /** x axis title (default "x0"). */
  readonly xTitle?: string;
  /** y axis title (default "x1"). */
  readonly yTitle?: string;
  /** Arrow length per unit of vector length, in data units (default 1). */
  readonly scale?: number;
}

/**
 * A Vega-Lite spec of arrows (matplotlib's `plt.quiver`, the book's Figure 4-9):
 * one arrow from `(x[i], y[i])` along `(u[i], v[i])`.
 *
 * @param x Arrow tails, x.
 * @param y Arrow tails, y.
 * @param u Arrow directions, x component.
 * @param v Arrow directions, y component.
 * @param options Titles and arrow scale.
 * @returns The spec.
 * @throws {TypeError} When the four arrays differ in length.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { quiverPlot } from "./quiver_plot.ts";
 * const spec = quiverPlot([0], [0], [1], [0], { scale: 0.5 }) as unknown as {
 *   data: { values: Record<string, number>[] };
 * };
 * assert.deepStrictEqual(spec.data.values, [{ x: 0, y: 0, x2: 0.5, y2: 0, angle: 90, length: 1 }]);
 * ```
 */
export function quiverPlot(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  u: ArrayLike<number>,
  v: ArrayLike<number>,
  options: QuiverOptions = {},
): VegaLiteSpec {
  if (y.length !== x.length || u.length !== x.length || v.length !== x.length) {
    throw new TypeError(
      `Cannot draw arrows as x, y, u and v must have the same length: ` +
        `${x.length}, ${y.length}, ${u.length}, ${v.length}`,
    );
  }
  const k = options.scale ?? 1;
  const values = [];
  for (let i = 0; i < x.length; i++) {
    const x2 = x[i] + k * u[i], y2 = y[i] + k * v[i];
    // Vega's angle: degrees clockwise from "up"; the triangle points along the arrow.
    const angle = (90 - (Math.atan2(v[i], u[i]) * 180) / Math.PI + 360) % 360;
    values.push({ x: x[i], y: y[i], x2, y2, angle, length: Math.hypot(u[i], v[i]) });
  }
  // Axes that hold every arrow, tails and heads (a nice domain could end inside the last column).
  const extent = (a: number[]) => {
    const lo = Math.min(...a), hi = Math.max(...a), pad = (hi - lo) * 0.03 || 1;
    return [lo - pad, hi + pad];
  };
  const xs = extent(values.flatMap((p) => [p.x, p.x2]));
  const ys = extent(values.flatMap((p) => [p.y, p.y2]));
  const enc = {
    x: {
      field: "x",
      type: "quantitative" as const,
      title: options.xTitle ?? "x0",
      scale: { domain: xs, nice: false },
    },
    y: {
      field: "y",
      type: "quantitative" as const,
      title: options.yTitle ?? "x1",
      scale: { domain: ys, nice: false },
    },
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    ...(options.title ? { title: options.title } : {}),
    width: 400,
    height: 400,
    data: { values },
    layer: [
      {
        mark: { type: "rule", color: "#4c78a8" },
        encoding: { ...enc, x2: { field: "x2" }, y2: { field: "y2" } },
      },
      {
        mark: {
          type: "point",
          shape: "triangle",
          filled: true,
          size: 50,
          opacity: 1,
          color: "#4c78a8",
        },
        encoding: {
          x: { field: "x2", type: "quantitative" as const, scale: { domain: xs, nice: false } },
          y: { field: "y2", type: "quantitative" as const, scale: { domain: ys, nice: false } },
          angle: {
            field: "angle",
            type: "quantitative" as const,
            scale: { domain: [0, 360], range: [0, 360] },
          },
        },
      },
    ],
  } as VegaLiteSpec;
}
