/**
 * Experiment 02 — §4.3–4.4: numerical differentiation and gradients.
 *
 * Reproduces: the derivative of f(x) = 0.01x² + 0.1x at 5 and 10
 * (0.1999999999990898, 0.2999999999986347; exact 0.2 and 0.3) and its tangent
 * line (Figure 4-7); why the book uses h = 1e-4 and central differences (error
 * of forward and central differences against the exact derivative for
 * h = 1e-1 … 1e-12, for f and for exp); the partial derivatives of f(x0, x1) = x0² + x1² at (3, 4)
 * (6.00000000000378, 7.999999999999119); its gradient at (3, 4), (0, 2),
 * (3, 0); and the field of −∇f on the −2…2 grid (Figure 4-9).
 *
 *     deno task exp:02            # writes results/02_numerical_gradient.{json,h_error.csv,*.svg}
 */

import { numericalDiff, numericalGradient } from "../lib/core/numerical_gradient.ts";
import { linePlot } from "../lib/results/plot.ts";
import { quiverPlot } from "../lib/results/quiver_plot.ts";
import { resultSet } from "../lib/results/result_set.ts";
import { experimentCli, startExperiment } from "../lib/cli/experiment.ts";
import type { CliSpec, CommonConfig } from "../lib/cli/flags.ts";
import { runCli } from "../lib/cli/run.ts";

/** Settings: `--out DIR` and `--quiet` only (it draws nothing at random, so no seed). */
export type Config = CommonConfig;

/** Command line (`--help` lists the flags). */
export const cli: CliSpec<Config> = experimentCli(
  "02",
  "§4.3–4.4: numerical derivatives, the choice of h, partial derivatives and gradients.",
);

/** The book's printed values (§4.3.2, §4.3.3), all digits. */
const BOOK = {
  diffAt5: "0.1999999999990898",
  diffAt10: "0.2999999999986347",
  partialX0: "6.00000000000378",
  partialX1: "7.999999999999119",
};

const NAME = "02_numerical_gradient";

/** Runs the experiment and writes its JSON, CSV and SVG files; returns what it computed. */
export async function main(config: Config) {
  const report = await startExperiment(config); // --out checked before any work

  // §4.3.2: f(x) = 0.01x² + 0.1x, derivative 0.02x + 0.1.
  const function1 = (x: number) => 0.01 * (x * x) + 0.1 * x;
  const exact1 = (x: number) => 0.02 * x + 0.1;
  const diffAt5 = numericalDiff(function1, 5);
  const diffAt10 = numericalDiff(function1, 10);
  report.log(`numericalDiff(f, 5) = ${diffAt5}, numericalDiff(f, 10) = ${diffAt10}`);

  // The tangent at x = 5 (the book's tangent_line), over 0 ≤ x < 20 in steps of 0.1.
  const xs = Array.from({ length: 200 }, (_, i) => i / 10);
  const slope = diffAt5, intercept = function1(5) - diffAt5 * 5;
  const tangent = (x: number) => slope * x + intercept;

  // §4.3.1: forward vs central differences against the exact derivative, for the book's
  // f at x = 5 and for exp at x = 1. Central differences are exact for a quadratic up to
  // rounding, so only exp shows both errors: truncation shrinking with h, rounding growing.
  const hs = Array.from({ length: 12 }, (_, k) => Number(`1e-${k + 1}`));
  const cases = [
    { name: "0.01x^2+0.1x at 5", f: function1, x: 5, exact: exact1(5) },
    { name: "exp(x) at 1", f: Math.exp, x: 1, exact: Math.E },
  ];
  const hRows = cases.flatMap((c) =>
    hs.map((h) => {
      const forward = numericalDiff(c.f, c.x, { h, method: "forward" });
      const central = numericalDiff(c.f, c.x, { h, method: "central" });
      return [
        c.name,
        h,
        forward,
        Math.abs(forward - c.exact),
        central,
        Math.abs(central - c.exact),
      ] as const;
    })
  );
  const best = (name: string, col: 3 | 5) =>
    hRows.filter((r) => r[0] === name).reduce((a, b) => (b[col] < a[col] ? b : a))[1];
  const bestH = cases.map((c) => ({
    function: c.name,
    forward: best(c.name, 3),
    central: best(c.name, 5),
  }));
  for (const b of bestH) {
    report.log(
      `${b.function}: smallest error at h = ${b.forward} (forward), ${b.central} (central)`,
    );
  }

  // §4.3.3: partial derivatives of f(x0, x1) = x0² + x1² at (3, 4).
  const functionTmp1 = (x0: number) => x0 * x0 + 4.0 ** 2.0;
  const functionTmp2 = (x1: number) => 3.0 ** 2.0 + x1 * x1;
  const partialX0 = numericalDiff(functionTmp1, 3.0);
  const partialX1 = numericalDiff(functionTmp2, 4.0);
  report.log(`∂f/∂x0 at (3, 4) = ${partialX0}, ∂f/∂x1 = ${partialX1}`);

  // §4.4: the gradient at the book's three points.
  const function2 = (x: Float64Array) => x[0] * x[0] + x[1] * x[1];
  const points = [[3, 4], [0, 2], [3, 0]];
  const gradients = points.map((p) => ({
    at: p,
    gradient: numericalGradient(function2, new Float64Array(p)),
  }));
  for (const g of gradients) report.log(`∇f(${g.at}) = [${Array.from(g.gradient).join(", ")}]`);

  // Figure 4-9: −∇f on the grid −2, −1.75, …, 2.25 (the book's np.arange(-2, 2.5, 0.25)).
  const grid = Array.from({ length: 18 }, (_, i) => -2 + 0.25 * i);
  const fx: number[] = [], fy: number[] = [], fu: number[] = [], fv: number[] = [];
  for (const x1 of grid) {
    for (const x0 of grid) {
      const g = numericalGradient(function2, new Float64Array([x0, x1]));
      fx.push(x0), fy.push(x1), fu.push(-g[0]), fv.push(-g[1]);
    }
  }

  const out = config.out;
  const set = resultSet(out, NAME);
  await set.csv(
    "h_error.csv",
    ["function", "h", "forward", "forward_error", "central", "central_error"],
    hRows,
  );
  await set.svg(
    "tangent.svg",
    linePlot([
      { name: "f(x) = 0.01x² + 0.1x", x: xs, y: xs.map(function1) },
      { name: "tangent at x = 5", x: xs, y: xs.map(tangent), dashed: true },
    ], { title: "Figure 4-7: the tangent at x = 5", x: { title: "x" }, y: { title: "f(x)" } }),
  );
  await set.svg(
    "h_error.svg",
    linePlot(
      cases.flatMap((c) => {
        const rows = hRows.filter((r) => r[0] === c.name);
        return [
          { name: `forward, ${c.name}`, x: hs, y: rows.map((r) => r[3]), points: true },
          { name: `central, ${c.name}`, x: hs, y: rows.map((r) => r[5]), points: true },
        ];
      }),
      {
        title: "Error of numerical derivatives against h",
        x: { title: "h", log: true },
        y: { title: "|numerical − exact|", log: true },
      },
    ),
  );
  await set.svg(
    "gradient_field.svg",
    quiverPlot(fx, fy, fu, fv, { title: "Figure 4-9: −∇f of f(x0, x1) = x0² + x1²", scale: 0.04 }),
  );

  const matches = diffAt5 === Number(BOOK.diffAt5) && diffAt10 === Number(BOOK.diffAt10) &&
    partialX0 === Number(BOOK.partialX0) && partialX1 === Number(BOOK.partialX1);
  const path = await set.json({
    experiment: NAME,
    section: "4.3–4.4",
    title: "Numerical derivatives, the choice of h, partial derivatives and gradients",
    seed: null,
    config: { h: 1e-4 },
  }, {
    numericalDiff: {
      function: "0.01*x**2 + 0.1*x",
      at5: diffAt5,
      at10: diffAt10,
      exactAt5: exact1(5),
      exactAt10: exact1(10),
      book: [BOOK.diffAt5, BOOK.diffAt10],
    },
    tangentAt5: { slope, intercept },
    // §4.3.1: 1e-50 is lost in float32 (the book's np.float32(1e-50)).
    roundingExample: { h: 1e-50, asFloat32: Math.fround(1e-50) },
    stepSize: { bestH, table: `${NAME}.h_error.csv` },
    partialDerivatives: {
      at: [3, 4],
      x0: partialX0,
      x1: partialX1,
      book: [BOOK.partialX0, BOOK.partialX1],
    },
    gradients,
    figures: [`${NAME}.tangent.svg`, `${NAME}.h_error.svg`, `${NAME}.gradient_field.svg`],
    matchesBookExactly: matches,
  });
  report.summary(
    `exp:02 derivatives ${diffAt5}, ${diffAt10}; partials ${partialX0}, ${partialX1} ` +
      `${matches ? "equal" : "DO NOT equal"} the book's values; for exp, best h ${
        bestH[1].central
      } central, ${bestH[1].forward} forward -> ${path}`,
  );
  return { diffAt5, diffAt10, partialX0, partialX1, gradients, hRows, bestH, matches, path };
}

if (import.meta.main) await runCli(cli, Deno.args, main);
