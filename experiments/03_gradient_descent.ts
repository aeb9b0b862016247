/**
 * Experiment 03 — §4.4.1–4.4.2: gradient descent and the gradient of a net.
 *
 * Reproduces: 100 steps of gradient descent on f(x0, x1) = x0² + x1² from
 * (−3, 4) with lr 0.1 (→ −6.11110793e-10, 8.14814391e-10), lr 10 (diverges to
 * −2.58983747e+13, −1.29524862e+12) and lr 1e-10 (barely moves: −2.99999994,
 * 3.99999992), all to the book's last printed digit; the 20-step path for
 * lr 0.1 (Figure 4-10); and `simpleNet`: with the book's printed W at
 * x = [0.6, 0.9], t = [0, 0, 1] its predict matches every printed digit, while
 * its loss and dW match only to 5–6 digits because the book printed its random
 * W rounded to 8 digits; and the same net with W from the seeded RNG.
 *
 *     deno task exp:03 [--seed N]   # writes results/03_gradient_descent.{json,path.csv,path.svg}
 */

import { gradientDescent } from "../lib/core/gradient_descent.ts";
import { argmax } from "../lib/core/argmax.ts";
import { fromRows, toRows } from "../lib/core/convert.ts";
import { RandomState } from "../lib/core/random.ts";
import { SimpleNet } from "../lib/nets/simple_net.ts";
import { linePlot } from "../lib/results/plot.ts";
import { matchesPrinted } from "../lib/results/printed.ts";
import { resultSet } from "../lib/results/result_set.ts";
import { experimentCli, startExperiment } from "../lib/cli/experiment.ts";
import { type CliSpec, type CommonConfig, intFlag } from "../lib/cli/flags.ts";
import { runCli } from "../lib/cli/run.ts";

/** Settings of this experiment. */
export interface Config extends CommonConfig {
  /** Seed of the RandomState that draws the second SimpleNet's W. */
  readonly seed: number;
}

/** Command line: `--seed N`, `--out DIR`, `--quiet`, `--help`. */
export const cli: CliSpec<Config> = experimentCli<Config>(
  "03",
  "§4.4.1–4.4.2: gradient descent with three learning rates, and simpleNet's gradient.",
  {
    seed: intFlag(0, "seed of the RandomState drawing simpleNet's W", { min: 0, max: 2 ** 32 - 1 }),
  },
);

/** The book's printed values (§4.4.1, §4.4.2), as printed. */
const BOOK = {
  descent: {
    "0.1": ["-6.11110793e-10", "8.14814391e-10"],
    "10": ["-2.58983747e+13", "-1.29524862e+12"],
    "1e-10": ["-2.99999994", "3.99999992"],
  } as Record<string, string[]>,
  W: [[0.47355232, 0.9977393, 0.84668094], [0.85557411, 0.03563661, 0.69422093]],
  predict: ["1.05414809", "0.63071653", "1.1328074"],
  argmax: 2,
  loss: "0.92806853663411326",
  dW: [["0.21924763", "0.14356247", "-0.36281009"], ["0.32887144", "0.2153437", "-0.54421514"]],
};

const NAME = "03_gradient_descent";

/** How many leading significant digits of `value` agree with the printed number. */
function agreeingDigits(value: number, printed: string): number {
  const p = Number(printed);
  if (value === p) return 17;
  return Math.max(0, Math.floor(-Math.log10(Math.abs(value - p) / Math.abs(p))));
}

/** Runs the experiment and writes its JSON, CSV and SVG; returns what it computed. */
export async function main(config: Config) {
  const report = await startExperiment(config); // --out checked before any work

  // §4.4.1: f(x0, x1) = x0² + x1², from (−3, 4), 100 steps.
  const function2 = (x: Float64Array) => x[0] * x[0] + x[1] * x[1];
  const initX = new Float64Array([-3.0, 4.0]);
  const descent = [0.1, 10, 1e-10].map((lr) => {
    const { x } = gradientDescent(function2, initX, { lr, stepNum: 100 });
    const book = BOOK.descent[String(lr)];
    const matches = book.every((p, i) => matchesPrinted(x[i], p));
    report.log(`lr=${lr}: x = [${Array.from(x).join(", ")}] (book ${book.join(", ")})`);
    return { lr, x, book, matchesBook: matches };
  });

  // Figure 4-10: the first 20 steps with lr 0.1.
  const { history } = gradientDescent(function2, initX, { lr: 0.1, stepNum: 20 });
  const path = toRows(history);

  // §4.4.2: simpleNet with the W the book printed.
  const x = new Float64Array([0.6, 0.9]);
  const t = new Float64Array([0, 0, 1]);
  const bookNet = new SimpleNet({ W: fromRows(BOOK.W) });
  const p = bookNet.predict(x);
  const loss = bookNet.loss(x, t);
  const dW = bookNet.numericalGradient(x, t);
  const dWRows = toRows(dW);
  const agreement = {
    predict: BOOK.predict.map((b, i) => matchesPrinted(p[i], b)),
    argmax: argmax(p) === BOOK.argmax,
    lossDigits: agreeingDigits(loss, BOOK.loss),
    dWDigits: BOOK.dW.map((row, i) => row.map((b, j) => agreeingDigits(dWRows[i][j], b))),
  };
  report.log(`book W: predict [${Array.from(p).join(", ")}], argmax ${argmax(p)}, loss ${loss}`);
  report.log(
    `book W: loss agrees with the book to ${agreement.lossDigits} digits, dW to ` +
      `${Math.min(...agreement.dWDigits.flat())}–${Math.max(...agreement.dWDigits.flat())} digits`,
  );

  // The same net with W = randn(2, 3) from the seeded RandomState (reproducible).
  const rng = new RandomState(config.seed);
  const seededNet = new SimpleNet({ rng });
  const seeded = {
    W: toRows(seededNet.W),
    predict: seededNet.predict(x),
    argmax: argmax(seededNet.predict(x)),
    loss: seededNet.loss(x, t),
    dW: toRows(seededNet.numericalGradient(x, t)),
  };
  report.log(`seed ${config.seed}: loss ${seeded.loss}`);

  const out = config.out;
  const set = resultSet(out, NAME);
  await set.csv(
    "path.csv",
    ["step", "x0", "x1"],
    path.map((r, i) => [i, ...r]),
  );
  await set.svg(
    "path.svg",
    linePlot([
      { name: "x0 = 0", x: [0, 0], y: [-4.5, 4.5], dashed: true },
      { name: "x1 = 0", x: [-3.5, 3.5], y: [0, 0], dashed: true },
      {
        name: "gradient descent, lr = 0.1",
        x: path.map((r) => r[0]),
        y: path.map((r) => r[1]),
        pointsOnly: true,
      },
    ], {
      title: "Figure 4-10: gradient descent on x0² + x1² from (−3, 4)",
      x: { title: "X0", domain: [-3.5, 3.5] },
      y: { title: "X1", domain: [-4.5, 4.5] },
      width: 400,
      height: 400,
    }),
  );

  const descentOk = descent.every((d) => d.matchesBook);
  const predictOk = agreement.predict.every(Boolean) && agreement.argmax;
  const results = await set.json({
    experiment: NAME,
    section: "4.4.1–4.4.2",
    title: "Gradient descent with three learning rates, and simpleNet's numerical gradient",
    seed: config.seed,
    config: {
      seed: config.seed,
      initX,
      stepNum: 100,
      learningRates: [0.1, 10, 1e-10],
      pathSteps: 20,
    },
  }, {
    gradientDescent: descent,
    path: { lr: 0.1, steps: 20, file: `${NAME}.path.csv`, figure: `${NAME}.path.svg` },
    simpleNetBookW: {
      W: BOOK.W,
      x,
      t,
      predict: p,
      argmax: argmax(p),
      loss,
      dW: dWRows,
      book: { predict: BOOK.predict, argmax: BOOK.argmax, loss: BOOK.loss, dW: BOOK.dW },
      agreement,
      note: "The book printed its random W rounded to 8 digits, so predict agrees with every " +
        "printed digit, while the loss and dW (which the book computed from the unrounded W) " +
        "agree only to the digits listed in agreement.",
    },
    simpleNetSeeded: seeded,
  });
  report.summary(
    `exp:03 gradient descent ${
      descentOk ? "matches" : "DOES NOT match"
    } the book for lr 0.1, 10, 1e-10; ` +
      `simpleNet predict ${
        predictOk ? "matches" : "DOES NOT match"
      }, loss to ${agreement.lossDigits} digits -> ${results}`,
  );
  return { descent, p, loss, dW, agreement, seeded, descentOk, predictOk, path: results };
}

if (import.meta.main) await runCli(cli, Deno.args, main);
