// The axes of the figures (private): what a caller asks of an axis, and the Vega-Lite scale
// that gives it, shared by plot.ts and error_bar_plot.ts.

/** An axis of a figure (`linePlot`, `errorBarPlot`). */
export interface Axis {
  /** Axis title. */
  readonly title: string;
  /** Logarithmic scale. */
  readonly log?: boolean;
  /** Fixed domain `[min, max]`. */
  readonly domain?: readonly [number, number];
  /** Ticks at whole numbers only (epochs, counts). */
  readonly integer?: boolean;
}

/** The Vega-Lite scale of an axis (shared by the figure files). */
export function axisScale(axis: Axis): Record<string, unknown> {
  return {
    ...(axis.log ? { type: "log" as const } : {}),
    ...(axis.domain
      ? { domain: [...axis.domain], clamp: true, nice: false }
      : axis.log
      ? {}
      : { zero: false }),
  };
}
