// The data sets' shared memory: engines use the sparse rows in place, reuse a disposed
// engine's region once its workers have quit, and never while one may still write into it.
// Oracle for the numbers: the dense reference TwoLayerNet (accuracy).

import assert from "node:assert";
import { imageSet, trainData } from "../_train_data.ts";
import { RandomState } from "../../lib/core/random.ts";
import { toSparseRows } from "../../lib/core/sparse_rows.ts";
import { DataMemory, placementOf } from "../../lib/engine/data_memory.ts";
import { toSparseData, toTrainData } from "../../lib/engine/train_data.ts";
import { makeTrainingEngine } from "../../lib/engine/training_engine.ts";
import { TwoLayerNet } from "../../lib/nets/two_layer_net.ts";

Deno.test("DataMemory.sparseRows() builds toSparseRows()'s arrays in the shared memory", () => {
  const m = imageSet(new RandomState(1), 30, 20).x;
  const memory = new DataMemory();
  const x = memory.sparseRows(m), ref = toSparseRows(m);
  assert.deepStrictEqual(
    [Array.from(x.rowStart), Array.from(x.index), Array.from(x.value)],
    [Array.from(ref.rowStart), Array.from(ref.index), Array.from(ref.value)],
  );
  assert.strictEqual(x.value.buffer, memory.memory.buffer);
  const at = placementOf(x)!;
  assert.strictEqual(at.data, memory);
  assert.deepStrictEqual(at.rows, {
    rowStart: x.rowStart.byteOffset,
    index: x.index.byteOffset,
    value: x.value.byteOffset,
  });
  assert.strictEqual(placementOf(ref), undefined);
});

Deno.test("toTrainData() puts both sets in one memory; toSparseData() gives each its own", () => {
  const data = trainData(2, 16, 40, 10);
  assert.strictEqual(placementOf(data.trainSparse.x)?.data, placementOf(data.testSparse.x)?.data);
  const set = imageSet(new RandomState(3), 10, 16);
  assert.notStrictEqual(
    placementOf(toSparseData(set).x)?.data,
    placementOf(data.trainSparse.x)?.data,
  );
});

Deno.test("engines one after the other reuse one region of the data's memory", async () => {
  const data = trainData(4, 32, 200, 50);
  const memory = placementOf(data.trainSparse.x)!.data;
  const net = new TwoLayerNet(32, 20, 10, { rng: new RandomState(4) });
  const sizes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const engine = await makeTrainingEngine(net.params, data, 10, {
      stepWorkers: 1,
      evalWorkers: 1,
    });
    assert.deepStrictEqual(await engine.evaluate().wait(), [
      net.accuracy(data.train.x, data.train.labels),
      net.accuracy(data.test.x, data.test.labels),
    ]);
    engine.dispose();
    sizes.push(memory.size);
  }
  assert.strictEqual(sizes[1], sizes[0]);
  assert.strictEqual(sizes[2], sizes[0]);
});

Deno.test("a region is not reused while a disposed engine's evaluation may still write into it", async () => {
  // A set large enough that an evaluation with 300 hidden units takes about 100 ms.
  const rng = new RandomState(5);
  const train = imageSet(rng, 20000, 100), test = imageSet(rng, 2000, 100);
  const data = toTrainData(train, test);
  const memory = placementOf(data.trainSparse.x)!.data;
  const net = new TwoLayerNet(100, 300, 10, { rng });
  const options = { stepWorkers: 0, evalWorkers: 1 };
  const dataEnd = memory.size;
  // The region is busy only once the worker has taken the evaluation: a Quit posted before that
  // replaces the command in its mailbox, the worker quits at once, and reusing the region is then
  // right. So give the worker a moment, and try again (up to 10 times) when it did not take it.
  let busySeen = false;
  for (let attempt = 0; attempt < 10 && !busySeen; attempt++) {
    const a = await makeTrainingEngine(net.params, data, 10, options);
    a.evaluate(); // counting in the background…
    await new Promise((resolve) => setTimeout(resolve, 20));
    a.dispose(); // …when the engine goes
    const before = memory.size;
    const b = await makeTrainingEngine(net.params, data, 10, options);
    busySeen = memory.size > before; // a region still written into is never handed out again
    b.dispose();
  }
  assert.ok(busySeen, "in 10 tries, a disposed engine's region was always handed out again");
  // Once the workers have finished and quit, their regions are reused. How long that takes
  // depends on how busy the machine is, so wait for it (up to a minute), not for a fixed time.
  const given = () => memory.size - dataEnd; // every region made so far has been given back
  for (const until = Date.now() + 60_000; memory.reusable < given() && Date.now() < until;) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.strictEqual(memory.reusable, given(), "every engine's region is given back");
  const after = memory.size;
  const c = await makeTrainingEngine(net.params, data, 10, options);
  assert.strictEqual(memory.size, after);
  assert.deepStrictEqual(await c.evaluate().wait(), [
    net.accuracy(train.x, train.labels),
    net.accuracy(test.x, test.labels),
  ]);
  c.dispose();
});

Deno.test("an engine copies in the sets that are not in its training set's memory", async () => {
  const rng = new RandomState(6);
  const train = imageSet(rng, 60, 12), test = imageSet(rng, 25, 12);
  const elsewhere = { x: toSparseRows(test.x), labels: test.labels }; // plain arrays
  for (const testSparse of [toSparseData(test), elsewhere]) {
    const data = { train, test, trainSparse: toSparseData(train), testSparse };
    const net = new TwoLayerNet(12, 5, 10, { rng, weightInitStd: 0.5 });
    const engine = await makeTrainingEngine(net.params, data, 8, {
      stepWorkers: 1,
      evalWorkers: 0,
    });
    try {
      assert.deepStrictEqual(await engine.evaluate().wait(), [
        net.accuracy(train.x, train.labels),
        net.accuracy(test.x, test.labels),
      ]);
    } finally {
      engine.dispose();
    }
  }
});
