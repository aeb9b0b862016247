/**
 * The fast paths. Each reproduces a readable reference bit for bit and says
 * so in its header, with the test that shows it:
 *
 * | file                                | idea                                                               | reproduces                                   | test                                                   |
 * | ----------------------------------- | ------------------------------------------------------------------ | -------------------------------------------- | ------------------------------------------------------ |
 * | `training_engine.ts`                | one net's training: gradient, fused SGD step, loss, accuracies     | `TwoLayerNet.gradient`, `loss`, `accuracy`   | `tests/engine/training_engine_test.ts`                 |
 * | `shard.ts`                          | one thread's share of each command, on the kernels                 | the same, split by output rows               | `tests/engine/training_engine_test.ts`                 |
 * | `crew.ts`, `protocol.ts`            | the threads: mailboxes in shared memory, who computes what         | (changes who computes, never what)           | `tests/engine/training_engine_test.ts`                 |
 * | `layout.ts`                         | where everything lives in the shared memory                        |                                              |                                                        |
 * | `data_memory.ts`                    | the data sets' shared memory; engines use the rows in place        |                                              | `tests/engine/data_memory_test.ts`                     |
 * | `wasm/kernels.wat`, `wasm/instance.ts` | the kernels: f64x2 SIMD add/mul, sparse first layer, exact exp  | `lib/core/sparse_rows.ts`, `lib/core/matrix.ts`, `functions.ts` | `tests/engine/kernels_test.ts` |
 * | `numgrad/`                          | the numerical gradient from a cached forward pass                  | `TwoLayerNet.numericalGradient`              | `tests/engine/numgrad/fast_numerical_gradient_test.ts` |
 * | `wasm/numgrad.wat` near exp and log | a perturbed row's exps and logs from its unperturbed row's         | `Math.exp`, `Math.log`                       | `tests/engine/numgrad/near_test.ts`                    |
 * | `train_data.ts`, `types.ts`         | data sets as dense and sparse rows; the engine's interface         |                                              | `tests/engine/training_engine_test.ts`                 |
 * | `worker.ts`                         | the one way a worker starts: a bundled program from a blob URL     |                                              | `tests/engine/worker_test.ts`                          |
 * | `timings.ts`                        | opt-in time per phase of a run (the benchmarks' breakdown)         | (times, never changes what is computed)      | `tests/engine/training_engine_test.ts`                 |
 *
 * Parallel work never changes a result: work is split by output, never
 * inside a sum, so every number is the same for any number of threads.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { fromRows, RandomState } from "../core/mod.ts";
 * import { TwoLayerNet, zeroParamsLike } from "../nets/mod.ts";
 * import { fastNumericalGradient, toSparseData } from "./mod.ts";
 * const net = new TwoLayerNet(3, 2, 2, { rng: new RandomState(0), weightInitStd: 1 });
 * const set = { x: fromRows([[0, 0.5, 1], [1, 0, 0]]), labels: new Uint8Array([1, 0]) };
 * const fast = fastNumericalGradient(net.params, toSparseData(set), [0, 1], 2, zeroParamsLike(net.params));
 * assert.deepStrictEqual(fast, net.numericalGradient(set.x, set.labels)); // the naive method's bits
 * ```
 *
 * @module
 */

export * from "./types.ts";
export * from "./train_data.ts";
export * from "./training_engine.ts";
export * from "./worker.ts";
export * from "./timings.ts";
export {
  type FastNumericalGradient,
  fastNumericalGradient,
  type FastNumericalGradientOptions,
  makeFastNumericalGradient,
  MAX_DEFAULT_WORKERS,
} from "./numgrad/fast_numerical_gradient.ts";
export { NUMGRAD_PHASES, type NumgradPhase } from "./numgrad/entries.ts";
