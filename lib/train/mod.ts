/**
 * Training: the book's mini-batch loop on the fast engine, its checkpoints,
 * and sweeps of many seeded runs.
 *
 * | file                             | idea                                                        | book     | test                              |
 * | -------------------------------- | ----------------------------------------------------------- | -------- | --------------------------------- |
 * | `trainer.ts`                     | `trainTwoLayerNet`: the loop of `ch04/train_neuralnet.py`   | §4.5.2–3 | `tests/train/trainer_test.ts`     |
 * | `types.ts`                       | what the loop and its checkpoints share                     |          |                                   |
 * | `checkpoint.ts`                  | a run's whole state, saved exactly, for `--resume`          |          | `tests/train/checkpoint_test.ts`  |
 * | `load_data.ts`                   | MNIST in both forms the trainer uses                        | §3.6.1   | `tests/data/`                     |
 * | `sweep.ts`, `sweep_run.ts`       | many runs in parallel workers, in list order                | §4.5     | `tests/train/sweep_test.ts`       |
 * | `sweep_shard.ts`                 | `--shard K/N`: a sweep over a scheduler's array jobs        |          | `tests/train/sweep_test.ts`       |
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { matrix, RandomState } from "../core/mod.ts";
 * import { toTrainData } from "../engine/mod.ts";
 * import { TwoLayerNet } from "../nets/mod.ts";
 * import { trainTwoLayerNet } from "./mod.ts";
 * const set = { x: matrix(10, 2, new Float64Array(20).fill(0.5)), labels: new Uint8Array(10) };
 * const rng = new RandomState(0);
 * const config = { iters: 2, batchSize: 5, lr: 0.1, gradient: "backprop" } as const;
 * const run = await trainTwoLayerNet(new TwoLayerNet(2, 3, 2, { rng }), rng, toTrainData(set, set), config);
 * assert.strictEqual(run.losses.length, 2);
 * assert.deepStrictEqual(run.epochs.map((e) => e.iteration), [0]); // one epoch is 10 / 5 iterations
 * ```
 *
 * @module
 */

export * from "./types.ts";
export * from "./trainer.ts";
export * from "./checkpoint.ts";
export * from "./load_data.ts";
export * from "./sweep.ts";
export * from "./sweep_run.ts";
export * from "./sweep_shard.ts";
export * from "./sweep_resume.ts";
export * from "./sweep_merge.ts";
export * from "./sweep_results.ts";
