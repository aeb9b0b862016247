/**
 * The book's matplotlib figures as SVG files: Vega-Lite specs compiled and
 * rendered by Vega, offline and headless (no canvas, no browser). The output
 * depends only on the data and the library versions pinned in `deno.json`, so
 * a rerun writes the same bytes.
 *
 * @module
 */

import * as vega from "vega";
import * as vegaLite from "vega-lite";
import { writeTextAtomic } from "./atomic.ts";

/** A Vega-Lite specification (see https://vega.github.io/vega-lite/). */
export type VegaLiteSpec = vegaLite.TopLevelSpec;

/** One named line of a {@linkcode linePlot}. */
export interface Series {
  /** Legend name. */
  readonly name: string;
  /** x values. */
  readonly x: ArrayLike<number>;
  /** y values, same length as `x`. */
  readonly y: ArrayLike<number>;
  /** Dashed line (e.g. a tangent or a reference). */
  readonly dashed?: boolean;
  /** Draw a marker at each point. */
  readonly points?: boolean;
  /** Only markers, no line (a scatter). */
  readonly pointsOnly?: boolean;
}

/** An axis of a {@linkcode linePlot}. */
export interface Axis {
  /** Axis title. */
  readonly title: string;
  /** Logarithmic scale. */
  readonly log?: boolean;
  /** Fixed domain `[min, max]`. */
  readonly domain?: readonly [number, number];
}

/** Options of {@linkcode linePlot}. */
export interface LinePlotOptions {
  /** Figure title. */
  readonly title?: string;
  /** x axis. */
  readonly x: Axis;
  /** y axis. */
  readonly y: Axis;
  /** Width in px (default 480). */
  readonly width?: number;
  /** Height in px (default 320). */
  readonly height?: number;
}

function scale(axis: Axis) {
  return {
    ...(axis.log ? { type: "log" as const } : {}),
    ...(axis.domain ? { domain: [...axis.domain], clamp: true } : axis.log ? {} : { zero: false }),
  };
}

/**
 * A Vega-Lite spec of one or more lines (matplotlib's `plt.plot` calls of a
 * figure). Non-finite points are left out, so a diverged run still plots.
 *
 * @param series The lines.
 * @param options Axes, title and size.
 * @returns The spec, for {@linkcode renderSvg}.
 * @throws {TypeError} When a series' x and y lengths differ.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { linePlot } from "./plot.ts";
 * const spec = linePlot([{ name: "loss", x: [0, 1, 2], y: [2.3, NaN, 0.5] }], {
 *   x: { title: "iteration" },
 *   y: { title: "loss" },
 * }) as unknown as { layer: { data: { values: unknown[] } }[] };
 * assert.deepStrictEqual(spec.layer[0].data.values, [
 *   { x: 0, y: 2.3, series: "loss" },
 *   { x: 2, y: 0.5, series: "loss" },
 * ]);
 * ```
 */
export function linePlot(series: readonly Series[], options: LinePlotOptions): VegaLiteSpec {
  const layers = series.map((s) => {
    if (s.x.length !== s.y.length) {
      throw new TypeError(
        `Cannot plot a series as x and y must have the same length: ` +
          `series=${s.name}, x.length=${s.x.length}, y.length=${s.y.length}`,
      );
    }
    const values = [];
    for (let i = 0; i < s.x.length; i++) {
      if (Number.isFinite(s.x[i]) && Number.isFinite(s.y[i]) && (!options.y.log || s.y[i] > 0)) {
        values.push({ x: s.x[i], y: s.y[i], series: s.name });
      }
    }
    return {
      data: { values },
      mark: s.pointsOnly ? { type: "point" as const, filled: true, size: 30 } : {
        type: "line" as const,
        point: s.points ?? false,
        ...(s.dashed ? { strokeDash: [6, 4] } : {}),
      },
      encoding: {
        x: {
          field: "x",
          type: "quantitative" as const,
          title: options.x.title,
          scale: scale(options.x),
        },
        y: {
          field: "y",
          type: "quantitative" as const,
          title: options.y.title,
          scale: scale(options.y),
        },
        color: {
          field: "series",
          type: "nominal" as const,
          title: null,
          scale: { domain: series.map((t) => t.name) },
          legend: series.length > 1
            ? { orient: "bottom" as const, columns: 2, labelLimit: 400 }
            : null,
        },
      },
    };
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    ...(options.title ? { title: options.title } : {}),
    width: options.width ?? 480,
    height: options.height ?? 320,
    layer: layers,
  } as VegaLiteSpec;
}

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
 * import { quiverPlot } from "./plot.ts";
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
  const enc = {
    x: { field: "x", type: "quantitative" as const, title: options.xTitle ?? "x0" },
    y: { field: "y", type: "quantitative" as const, title: options.yTitle ?? "x1" },
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
          x: { field: "x2", type: "quantitative" as const },
          y: { field: "y2", type: "quantitative" as const },
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

/**
 * Compiles a Vega-Lite spec and renders it to SVG text, headless.
 *
 * @param spec The spec.
 * @returns SVG text ending in a newline.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { linePlot, renderSvg } from "./plot.ts";
 * const spec = linePlot([{ name: "f", x: [0, 1], y: [0, 1] }], {
 *   title: "A line",
 *   x: { title: "x" },
 *   y: { title: "y" },
 * });
 * const svg = await renderSvg(spec);
 * assert.ok(svg.startsWith("<svg ") && svg.endsWith("</svg>\n") && svg.includes("A line"));
 * assert.strictEqual(await renderSvg(spec), svg);
 * ```
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    const svg = await view.toSVG();
    return svg.endsWith("\n") ? svg : svg + "\n";
  } finally {
    view.finalize();
  }
}

/**
 * Renders a spec and writes it atomically to `path`.
 *
 * @param path Target `.svg` file.
 * @param spec The spec.
 * @returns The path written.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { linePlot, renderSvg, writeSvg } from "./plot.ts";
 * const spec = linePlot([{ name: "f", x: [0, 1], y: [0, 1] }], {
 *   x: { title: "x" },
 *   y: { title: "y" },
 * });
 * const dir = await Deno.makeTempDir();
 * const path = await writeSvg(`${dir}/f.svg`, spec);
 * assert.strictEqual(await Deno.readTextFile(path), await renderSvg(spec));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeSvg(path: string, spec: VegaLiteSpec): Promise<string> {
  await writeTextAtomic(path, await renderSvg(spec));
  return path;
}

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
 * import { errorBarPlot } from "./plot.ts";
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
    scale: scale(options.x),
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
            scale: scale(options.y),
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
