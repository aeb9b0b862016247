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
import { type Axis, axisScale } from "./_axis.ts";
import { writeTextAtomic } from "./atomic.ts";

export type { Axis };

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
  const names = series.map((t) => t.name);
  const lines = series.some((s) => !s.pointsOnly);
  const legend = series.length > 1
    ? { orient: "bottom" as const, columns: 2, labelLimit: 400 }
    : null;
  const layers = series.flatMap((s): Record<string, unknown>[] => {
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
    const position = {
      x: {
        field: "x",
        type: "quantitative" as const,
        title: options.x.title,
        scale: axisScale(options.x),
        ...(options.x.integer ? { axis: { tickMinStep: 1, format: "d" } } : {}),
      },
      y: {
        field: "y",
        type: "quantitative" as const,
        title: options.y.title,
        scale: axisScale(options.y),
        ...(options.y.integer ? { axis: { tickMinStep: 1, format: "d" } } : {}),
      },
    };
    // Every layer states the same legend, so that Vega-Lite merges them into one.
    const color = {
      field: "series",
      type: "nominal" as const,
      title: null,
      scale: { domain: names },
      legend: legend ? { ...legend, symbolType: lines ? "stroke" : "circle" } : null,
    };
    if (s.pointsOnly) {
      return [{
        data: { values },
        mark: { type: "point" as const, filled: true, size: 30 },
        encoding: { ...position, color },
      }];
    }
    // A dashed series is drawn wider, with hollow squares, so that it stays visible where it lies
    // on a solid one (the book's train and test accuracy, Figure 4-12). Color and dashes share
    // the field and the title, so Vega-Lite draws one legend of dashed and solid strokes.
    const line = {
      data: { values },
      mark: { type: "line" as const, strokeWidth: s.dashed ? 2.5 : 1.5 },
      encoding: {
        ...position,
        color,
        strokeDash: {
          field: "series",
          type: "nominal" as const,
          title: null,
          scale: { domain: names, range: series.map((t) => t.dashed ? [7, 5] : [1, 0]) },
          legend: legend ? { ...legend, symbolType: "stroke" } : null,
        },
      },
    };
    const points = {
      data: { values },
      mark: {
        type: "point" as const,
        shape: s.dashed ? "square" : "circle",
        filled: !s.dashed,
        size: s.dashed ? 42 : 30,
        strokeWidth: 1.5,
        opacity: 1,
      },
      encoding: { ...position, color },
    };
    return s.points ? [line, points] : [line];
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    ...(options.title ? { title: options.title } : {}),
    width: options.width ?? 480,
    height: options.height ?? 320,
    layer: layers,
  } as unknown as VegaLiteSpec;
}

/**
 * Figures one above the other in one SVG (matplotlib's subplots in a column),
 * each keeping its own axes and legend.
 *
 * @param panels The figures, top first.
 * @param title The whole figure's title.
 * @returns The spec.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { linePlot, stackPlots } from "./plot.ts";
 * const line = (name: string) => linePlot([{ name, x: [0, 1], y: [0, 1] }], { x: { title: "x" }, y: { title: "y" } });
 * const spec = stackPlots([line("a"), line("b")], "Two panels") as unknown as { vconcat: unknown[] };
 * assert.strictEqual(spec.vconcat.length, 2);
 * ```
 */
export function stackPlots(panels: readonly VegaLiteSpec[], title?: string): VegaLiteSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    ...(title ? { title } : {}),
    vconcat: panels.map((p) => {
      const { $schema: _, ...panel } = p as unknown as Record<string, unknown>;
      return panel;
    }),
    resolve: {
      scale: { color: "independent", strokeDash: "independent" },
      legend: { color: "independent", strokeDash: "independent" },
    },
  } as unknown as VegaLiteSpec;
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
