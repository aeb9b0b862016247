/**
 * dlfs-deno: chapter 4 of "Deep Learning from Scratch" (loss functions,
 * numerical differentiation, gradient descent, a two-layer net on MNIST) on
 * `Float64Array`s, reproducible to the bit.
 *
 * The library, folder by folder (each is also its own subpath, e.g.
 * `@dlfs/deno/nets`, so that a program loads only what it uses):
 * - `core`: the book's math — {@linkcode matMul}, {@linkcode pairwiseSum}
 *   (`np.sum`'s order), {@linkcode softmax}, {@linkcode sigmoid},
 *   {@linkcode crossEntropyError}, {@linkcode numericalGradient},
 *   {@linkcode gradientDescent}, and {@linkcode RandomState}, NumPy's seeded
 *   legacy streams (§3–4);
 * - `nets`: {@linkcode SimpleNet} (§4.4.2) and {@linkcode TwoLayerNet}
 *   (§4.5.1), the readable references;
 * - `engine`: the fast paths, each reproducing a reference bit for bit —
 *   the training engine and {@linkcode fastNumericalGradient};
 * - `train`: {@linkcode trainTwoLayerNet}, the book's loop (§4.5.2–4.5.3),
 *   checkpoints and sweeps;
 * - `data`: {@linkcode loadMnist} (`load_mnist`), IDX and CSV
 *   (`@dlfs/deno/data/download` fetches and verifies MNIST);
 * - `results`: results files, result sets and figures; the diff library
 *   ({@linkcode diffResultPaths}); run comparisons are
 *   `@dlfs/deno/results/compare`.
 *
 * The command-line helpers the experiments and tools share are
 * `@dlfs/deno/cli`, not part of this module.
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
