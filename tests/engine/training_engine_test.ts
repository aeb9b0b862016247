// Oracle: the dense reference TwoLayerNet (gradient, loss, accuracy on gathered dense batches).
// The engine computes the same sums in the same order, so every gradient entry, loss and
// accuracy must be bit-identical, for any number of step and evaluation workers.

import assert from "node:assert";
import { assertSameBits } from "../_assert.ts";
import { gather, label, RUNS, trainData } from "../_train_data.ts";
import { RandomState } from "../../lib/core/random.ts";
import { Crew, SHARD_WORKER } from "../../lib/engine/crew.ts";
import { newEngineMemory, planEngine } from "../../lib/engine/layout.ts";
import { makeTrainingEngine } from "../../lib/engine/training_engine.ts";
import { PARAM_KEYS, paramData, zeroParamsLike } from "../../lib/nets/params.ts";
import { TwoLayerNet } from "../../lib/nets/two_layer_net.ts";
import type { TrainConfig } from "../../lib/train/types.ts";
import { trainTwoLayerNet } from "../../lib/train/trainer.ts";

Deno.test("the engine's gradient(), loss() and evaluate() equal TwoLayerNet's bit for bit", async (t) => {
  const data = trainData(11, 40, 90, 37);
  for (const hidden of [1, 7, 25, 50]) {
    const rng = new RandomState(hidden);
    const net = new TwoLayerNet(40, hidden, 10, { rng, weightInitStd: 0.3 });
    for (let i = 0; i < net.params.b1.length; i++) net.params.b1[i] = rng.standardNormal();
    for (const batch of [[4], [0, 17, 17, 89, 3, 50, 22, 8, 61]]) {
      const [x, tb] = gather(data.train, batch);
      const ref = net.gradient(x, tb);
      for (const options of RUNS) {
        await t.step(`hidden ${hidden}, batch of ${batch.length}, ${label(options)}`, async () => {
          const engine = await makeTrainingEngine(net.params, data, 12, options);
          try {
            const grads = zeroParamsLike(net.params);
            assert.strictEqual(engine.gradient(batch, batch.length, grads), true);
            for (const key of PARAM_KEYS) {
              assertSameBits(paramData(grads, key), paramData(ref, key), key);
            }
            assert.ok(Object.is(engine.loss(batch, batch.length), net.loss(x, tb)), "loss");
            assert.deepStrictEqual(await engine.evaluate().wait(), [
              net.accuracy(data.train.x, data.train.labels),
              net.accuracy(data.test.x, data.test.labels),
            ]);
          } finally {
            engine.dispose();
          }
        });
      }
    }
  }
});

Deno.test("makeTrainingEngine() and trainTwoLayerNet() reject bad engine settings with precise errors", async (t) => {
  const data = trainData(51, 8, 20, 5);
  const net = () => new TwoLayerNet(8, 3, 10, { rng: new RandomState(0) });
  const config: TrainConfig = { iters: 1, batchSize: 5, lr: 0.1, gradient: "backprop" };
  await t.step("workers", async () => {
    await assert.rejects(
      trainTwoLayerNet(net(), new RandomState(0), data, config, {}, { evalWorkers: -1 }),
      {
        name: "RangeError",
        message: "Cannot train as evalWorkers must be an integer in [0, 256]: evalWorkers=-1",
      },
    );
    await assert.rejects(
      trainTwoLayerNet(net(), new RandomState(0), data, config, {}, { stepWorkers: 1.5 }),
      {
        name: "RangeError",
        message: "Cannot train as stepWorkers must be an integer in [0, 256]: stepWorkers=1.5",
      },
    );
  });
  await t.step("batch ids", async () => {
    const engine = await makeTrainingEngine(net().params, data, 5, {
      stepWorkers: 0,
      evalWorkers: 0,
    });
    try {
      assert.throws(() => engine.loss([0, 20], 2), {
        name: "RangeError",
        message: "Cannot use the batch as row ids must be integers in [0, 20): rowIds[1]=20",
      });
      assert.throws(() => engine.loss([0], 6), {
        name: "RangeError",
        message: "Cannot use the batch as count must be an integer in [1, 1]: count=6",
      });
    } finally {
      engine.dispose();
    }
  });
});

Deno.test("a failing worker surfaces as an error naming the worker and its message", async (t) => {
  const data = trainData(61, 8, 20, 5);
  const sets = [data.trainSparse, data.testSparse].map((s) => ({ x: s.x, labels: s.labels }));
  const plan = {
    inputSize: 8,
    hidden: 3,
    output: 10,
    maxBatch: 4,
    evalChunk: 8,
    stepShards: 1,
    evalShards: 1,
  };
  await t.step("a worker that cannot start", async () => {
    const layout = planEngine(plan, sets);
    await assert.rejects(
      Crew.start(
        newEngineMemory(layout, sets),
        layout,
        // A program that answers as the engine's workers do when their set-up throws.
        {
          ...SHARD_WORKER,
          source: `self.onmessage = () => self.postMessage(${
            JSON.stringify({ ready: false, message: "RangeError: no worker here" })
          });`,
        },
      ),
      (e: Error) => {
        assert.strictEqual(e.message, "Cannot start training worker 1: RangeError: no worker here");
        return true;
      },
    );
  });
  await t.step("a worker whose command throws", async () => {
    // A layout whose test set lies beyond the memory: the worker's kernel traps.
    const good = planEngine(plan, sets);
    const bad = { ...good, sets: [good.sets[0], { ...good.sets[1], rowStart: 0x7fff0000 }] };
    const crew = await Crew.start(newEngineMemory(good, sets), bad);
    try {
      await assert.rejects(crew.finish(crew.startEvaluation()), (e: Error) => {
        assert.match(e.message, /^Cannot train as training worker 1 failed: RuntimeError: /);
        return true;
      });
    } finally {
      crew.dispose();
    }
  });
});
