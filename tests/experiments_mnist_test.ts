// Runs the MNIST experiments' main() (04, 06, 07) with small settings on the real data
// ($MNIST_DIR, else data/mnist) and checks their numbers against independent oracles: NumPy runs of
// the same jobs (tests/fixtures/gradient_check/, made by make_gradient_check_fixture.py) and the
// reference implementation. Ignored when the data is absent, unless DLFS_REQUIRE_DATA=1 (CI).

import assert from "node:assert";
import { join } from "node:path";
import { resolveMnistDir } from "../lib/mnist.ts";
import { parseResultsJson } from "../lib/results.ts";
import * as exp06 from "../experiments/06_gradient_check.ts";

const REQUIRE_DATA = Deno.env.get("DLFS_REQUIRE_DATA") === "1";
const MNIST_DIR = await resolveMnistDir({ format: "idx", env: (n) => Deno.env.get(n) })
  .then((s) => s.dir, () => undefined);
const IGNORE = MNIST_DIR === undefined && !REQUIRE_DATA;
const DATA = MNIST_DIR ?? "data/mnist";
const RESULTS = new URL("../results/", import.meta.url).pathname;

// deno-lint-ignore no-explicit-any
type Json = any;

async function withTemp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "dlfs_mnist_exp_" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function sameBytes(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([Deno.readFile(a), Deno.readFile(b)]);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

Deno.test({
  name: "06_gradient_check main() matches NumPy's gradient check when run with its defaults",
  ignore: IGNORE,
  async fn(t) {
    const numpy: Json = JSON.parse(
      await Deno.readTextFile(
        new URL("./fixtures/gradient_check/numpy_seed0.json", import.meta.url),
      ),
    );
    await withTemp(async (out) => {
      const config = { ...defaults(exp06.cli), data: DATA, out, quiet: true, naiveSample: 0 };
      const result = await exp06.main(config as exp06.Config);
      const json: Json = parseResultsJson(
        await Deno.readTextFile(join(out, "06_gradient_check.json")),
      );
      await t.step("random t: the gradients differ by design, as much as in NumPy", () => {
        // Dominated by the argmax(t) vs t mismatch, not by rounding: the same to 1e-12.
        for (const key of ["W1", "b1", "W2", "b2"]) {
          const ours = result.randomTargets[key as "W1"].maxAbsDiff;
          const theirs = numpy.cases.randomTargets[key].maxAbsDiff;
          assert.ok(Math.abs(ours - theirs) <= 1e-12 * theirs, `${key}: ${ours} vs ${theirs}`);
        }
        assert.ok(Math.abs(json.randomTargets.W2.maxAbsDiff - 0.2596) < 1e-4);
      });
      await t.step("one-hot targets: within the threshold, and like NumPy's differences", () => {
        assert.strictEqual(result.passed, true);
        for (const name of ["randomOneHot", "mnistBatch"] as const) {
          for (const key of ["W1", "b1", "W2", "b2"]) {
            const ours = result[name][key as "W1"].maxRelDiff;
            const theirs = numpy.cases[name][key].maxRelDiff;
            // These differences are the 1e-7/y bias of the log plus rounding noise of ~1e-10
            // absolute; NumPy's BLAS rounds differently, so they agree to a few percent.
            assert.ok(ours < json.threshold, `${name}.${key}: ${ours}`);
            assert.ok(
              Math.abs(ours - theirs) <= 0.05 * theirs,
              `${name}.${key}: ${ours} vs ${theirs}`,
            );
          }
        }
        assert.deepStrictEqual(json.mnistBatch.firstIndices, numpy.mnistBatchFirstIndices);
      });
      await t.step("the files equal the committed results", async () => {
        for (const f of ["06_gradient_check.json", "06_gradient_check.csv"]) {
          assert.ok(await sameBytes(join(out, f), join(RESULTS, f)), `${f} differs from results/`);
        }
      });
    });
  },
});

/** The default config of an experiment's CLI spec. */
function defaults(spec: { flags: Record<string, { default: unknown }> }): Record<string, unknown> {
  return Object.fromEntries(Object.entries(spec.flags).map(([k, f]) => [k, f.default]));
}
