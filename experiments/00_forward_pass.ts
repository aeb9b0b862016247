/**
 * Experiment 00 — §3.2–3.5: activation functions, softmax and the book's
 * three-layer forward pass.
 *
 * Reproduces: `softmax([0.3, 2.9, 4.0])` = [0.01821127, 0.24519181, 0.73659691];
 * the overflow of a naive softmax on [1010, 1000, 990] and the max-subtraction
 * guard that fixes it; the forward pass of the book's hand-set 2-3-2-2 network
 * on x = [1.0, 0.5], y = [0.31682708, 0.69627909].
 *
 *     deno task exp:00            # writes results/00_forward_pass.json
 *
 * Expect: every value equal to the book's printed digits.
 */

import { identityFunction, relu, sigmoid, softmax, stepFunction } from "../lib/core/functions.ts";
import { addRowVectorInPlace, matMul } from "../lib/core/dot.ts";
import { fromRows, toRows } from "../lib/core/convert.ts";
import { type Matrix, matrix } from "../lib/core/matrix.ts";
import { matchesPrinted } from "../lib/results/printed.ts";
import { resultSet } from "../lib/results/result_set.ts";
import { experimentCli, startExperiment } from "../lib/cli/experiment.ts";
import type { CliSpec, CommonConfig } from "../lib/cli/flags.ts";
import { runCli } from "../lib/cli/run.ts";

/** Settings: `--out DIR` and `--quiet` only (it draws nothing at random, so no seed). */
export type Config = CommonConfig;

/** Command line (`--help` lists the flags). */
export const cli: CliSpec<Config> = experimentCli(
  "00",
  "§3.2–3.5: activation functions, softmax and the book's 3-layer forward pass.",
);

const NAME = "00_forward_pass";

/** The book's printed values (§3.4.3, §3.5.1). */
const BOOK = {
  softmax: ["0.01821127", "0.24519181", "0.73659691"],
  forward: ["0.31682708", "0.69627909"],
};

/** Runs the experiment and writes `00_forward_pass.json`; returns what it wrote. */
export async function main(config: Config) {
  const report = await startExperiment(config); // --out checked before any work
  const vec = (v: number[]) => new Float64Array(v);
  const rowOf = (x: Float64Array) => matrix(1, x.length, x.slice());

  // §3.2: the activations on the book's sample input.
  const xAct = vec([-1.0, 1.0, 2.0]);
  const activations = {
    x: xAct,
    step: stepFunction(xAct),
    sigmoid: sigmoid(xAct),
    relu: relu(xAct),
  };
  report.log(`sigmoid([-1, 1, 2]) = [${Array.from(activations.sigmoid).join(", ")}]`);

  // §3.5.2: softmax, and why the max is subtracted first.
  const a = vec([0.3, 2.9, 4.0]);
  const y = softmax(a);
  const big = vec([1010, 1000, 990]);
  const expBig = big.map(Math.exp); // [Infinity, Infinity, Infinity]
  const naive = expBig.map((e) => e / expBig.reduce((s, v) => s + v, 0)); // Infinity / Infinity
  const guarded = softmax(big);
  report.log(`softmax([0.3, 2.9, 4.0]) = [${Array.from(y).join(", ")}]`);
  report.log(
    `softmax([1010, 1000, 990]): naive [${Array.from(naive).join(", ")}], guarded [${
      Array.from(guarded).join(", ")
    }]`,
  );

  // §3.4.3: the three-layer network with the book's weights.
  const network = {
    W1: fromRows([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]),
    b1: vec([0.1, 0.2, 0.3]),
    W2: fromRows([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]),
    b2: vec([0.1, 0.2]),
    W3: fromRows([[0.1, 0.3], [0.2, 0.4]]),
    b3: vec([0.1, 0.2]),
  };
  const x = vec([1.0, 0.5]);
  const layer = (input: Float64Array, W: Matrix, b: Float64Array) =>
    addRowVectorInPlace(matMul(rowOf(input), W), b).data;
  const a1 = layer(x, network.W1, network.b1);
  const z1 = sigmoid(a1);
  const a2 = layer(z1, network.W2, network.b2);
  const z2 = sigmoid(a2);
  const a3 = layer(z2, network.W3, network.b3);
  const out = identityFunction(a3);
  report.log(`forward(network, [1.0, 0.5]) = [${Array.from(out).join(", ")}]`);

  const softmaxMatches = BOOK.softmax.every((p, i) => matchesPrinted(y[i], p));
  const forwardMatches = BOOK.forward.every((p, i) => matchesPrinted(out[i], p));
  const path = await resultSet(config.out, NAME).json({
    experiment: NAME,
    section: "3.2–3.5",
    title: "Activation functions, softmax and the book's three-layer forward pass",
    seed: null,
    config: {},
  }, {
    activations,
    softmax: {
      a,
      y,
      sum: y.reduce((s, v) => s + v, 0),
      book: BOOK.softmax,
      matchesBook: softmaxMatches,
    },
    softmaxOverflow: { a: big, naive, guarded },
    forward: {
      network: {
        ...network,
        W1: toRows(network.W1),
        W2: toRows(network.W2),
        W3: toRows(network.W3),
      },
      x,
      a1,
      z1,
      a2,
      z2,
      y: out,
      book: BOOK.forward,
      matchesBook: forwardMatches,
    },
  });
  const verdict = softmaxMatches && forwardMatches ? "match" : "DO NOT match";
  report.summary(
    `exp:00 softmax and 3-layer forward pass ${verdict} the book's printed digits -> ${path}`,
  );
  return { y, forward: out, softmaxMatches, forwardMatches, path };
}

if (import.meta.main) await runCli(cli, Deno.args, main);
