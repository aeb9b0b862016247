// Oracle: hand-made configs; names must say what differs and be unique.

import assert from "node:assert";
import {
  differingConfigKeys,
  formatConfigValue,
  runLabels,
} from "../../../lib/results/compare/labels.ts";
import type { Run } from "../../../lib/results/compare/types.ts";

function run(path: string, config: Record<string, unknown>): Run {
  return { path, config } as unknown as Run;
}

Deno.test("differingConfigKeys() lists keys whose values differ, absent keys included, in first-seen order", () => {
  const runs = [
    run("a", { seed: 0, lr: 0.1, hidden: 50, x: NaN }),
    run("b", { seed: 1, lr: 0.1, hidden: 100, x: NaN }),
    run("c", { seed: 1, lr: 0.1, hidden: 100, x: NaN, extra: true }),
  ];
  assert.deepStrictEqual(differingConfigKeys(runs), ["seed", "hidden", "extra"]);
  assert.deepStrictEqual(differingConfigKeys([run("a", { z: -0 }), run("b", { z: 0 })]), ["z"]);
  assert.deepStrictEqual(
    differingConfigKeys([run("a", { h: [1, 2] }), run("b", { h: [1, 2] })]),
    [],
  );
});

Deno.test("runLabels() names runs by what differs, by folder when nothing does, and keeps names unique", async (t) => {
  await t.step("by the differing keys", () =>
    assert.deepStrictEqual(
      runLabels([run("x/r.json", { seed: 0, lr: 0.1 }), run("y/r.json", { seed: 1, lr: 0.01 })], [
        "seed",
        "lr",
      ]),
      ["seed=0, lr=0.1", "seed=1, lr=0.01"],
    ));
  await t.step("by folder", () =>
    assert.deepStrictEqual(
      runLabels([run("/tmp/seed0/r.json", {}), run("/tmp/rerun/r.json", {})], []),
      ["seed0", "rerun"],
    ));
  await t.step(
    "the same run twice",
    () =>
      assert.deepStrictEqual(runLabels([run("a/r.json", {}), run("a/r.json", {})], []), [
        "a #1",
        "a #2",
      ]),
  );
  await t.step("equal values from two folders", () =>
    assert.deepStrictEqual(
      runLabels([run("a/r.json", { s: 0 }), run("b/r.json", { s: 0 }), run("c/r.json", { s: 1 })], [
        "s",
      ]),
      ["s=0 (a)", "s=0 (b)", "s=1"],
    ));
});

Deno.test("formatConfigValue() shows numbers in shortest round-trip form and lists in brackets", () => {
  assert.deepStrictEqual(
    [0.1, -0, NaN, "mnist", [10, 20], undefined, null, true].map(formatConfigValue),
    ["0.1", "-0", "NaN", "mnist", "[10, 20]", "–", "null", "true"],
  );
});
