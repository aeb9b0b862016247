/**
 * dlfs-deno: chapter 4 of "Deep Learning from Scratch" (loss functions,
 * numerical differentiation, gradient descent, a two-layer net on MNIST) on
 * `Float64Array`s, reproducible to the bit.
 *
 * A short tour:
 * - {@linkcode softmax}, {@linkcode sigmoid} … — activations (§3), in `lib/core/functions.ts`;
 * - {@linkcode sumSquaredError}, {@linkcode crossEntropyError} … — losses (§4.2);
 * - {@linkcode numericalDiff}, {@linkcode numericalGradient}, {@linkcode gradientDescent} (§4.3–4.4);
 * - {@linkcode SimpleNet} (§4.4.2);
 * - {@linkcode RandomState} — NumPy's legacy `np.random` streams, seeded;
 * - {@linkcode matMul}, {@linkcode pairwiseSum} … — row-major matrices and NumPy's summation order;
 * - results files ({@linkcode writeResultsJson}), figures ({@linkcode writeSvg}) and the
 *   command-line helpers the experiments share.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { sumSquaredError } from "./mod.ts";
 * const t = new Float64Array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
 * const y = new Float64Array([0.1, 0.05, 0.1, 0, 0.05, 0.1, 0, 0.6, 0, 0]);
 * assert.strictEqual(sumSquaredError(y, t), 0.5975);
 * ```
 *
 * @module
 */

export * from "./lib/core/mod.ts";
export * from "./lib/nets/mod.ts";
export * from "./lib/engine/mod.ts";
export * from "./lib/train/mod.ts";
export * from "./lib/data/mod.ts";
export * from "./lib/results/mod.ts";
export * from "./lib/results/diff/mod.ts";
export * from "./lib/cli/mod.ts";
