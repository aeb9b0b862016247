// Runs each experiment's main() with its default settings into temporary directories and
// checks: (1) every documented number, with all its digits, in the returned values and the
// results JSON — against the book's printed text and the NumPy fixtures of
// tests/fixtures/core/ (make_core_fixtures.py); (2) a second run writes byte-identical files;
// (3) those files are byte-identical to the committed results/ — the regression check that
// CI's `git diff --exit-code results/` relies on. A change of Deno (its V8 or TypeScript
// version is recorded in every JSON) also shows here: rerun `deno task exp:all` and commit.

import assert from "node:assert";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCli } from "../../lib/cli/mod.ts";
import { parseResultsJson } from "../../lib/results/format.ts";
import { matchesPrinted } from "../../lib/results/printed.ts";
import * as exp00 from "../../experiments/00_forward_pass.ts";
import * as exp01 from "../../experiments/01_loss_functions.ts";
import * as exp02 from "../../experiments/02_numerical_gradient.ts";
import * as exp03 from "../../experiments/03_gradient_descent.ts";

const RESULTS = fileURLToPath(new URL("../../results/", import.meta.url));

// deno-lint-ignore no-explicit-any
type Json = any;

async function fixture(name: string): Promise<Json> {
  return JSON.parse(
    await Deno.readTextFile(new URL(`../fixtures/core/${name}.json`, import.meta.url)),
  );
}

/** The files an experiment wrote, by name, as bytes. */
async function readOutputs(dir: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for await (const e of Deno.readDir(dir)) {
    files.set(e.name, await Deno.readFile(join(dir, e.name)));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The committed results/ files of one experiment. */
async function committed(name: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for await (const e of Deno.readDir(RESULTS)) {
    if (e.name.startsWith(name + ".")) {
      files.set(e.name, await Deno.readFile(join(RESULTS, e.name)));
    }
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function assertSameFiles(
  actual: Map<string, Uint8Array>,
  expected: Map<string, Uint8Array>,
  what: string,
): void {
  assert.deepStrictEqual([...actual.keys()], [...expected.keys()], `${what}: file names`);
  for (const [name, bytes] of actual) {
    const other = expected.get(name)!;
    if (bytes.length !== other.length || !bytes.every((b, i) => b === other[i])) {
      assert.fail(`${what}: ${name} differs`);
    }
  }
}

interface Experiment<R> {
  readonly cli: Parameters<typeof parseCli>[0];
  readonly main: (config: never) => Promise<R>;
}

/**
 * Runs `main` twice with the default config (out → temp dirs, quiet) and checks the files of
 * both runs and the committed ones are the same bytes. Returns the first run's result, its
 * files and its parsed JSON.
 */
async function runExperiment<R>(
  t: Deno.TestContext,
  name: string,
  experiment: Experiment<R>,
  overrides: Record<string, unknown> = {},
): Promise<{ result: R; files: Map<string, Uint8Array>; json: Json }> {
  const dirs = [await Deno.makeTempDir({ prefix: `dlfs_${name}_a_` })];
  dirs.push(await Deno.makeTempDir({ prefix: `dlfs_${name}_b_` }));
  try {
    const defaults = parseCli(experiment.cli, []) as Record<string, unknown>;
    const run = (out: string) =>
      experiment.main({ ...defaults, ...overrides, out, quiet: true } as never);
    const result = await run(dirs[0]);
    await run(dirs[1]);
    const [first, second] = [await readOutputs(dirs[0]), await readOutputs(dirs[1])];
    await t.step("a second run writes byte-identical files", () => {
      assertSameFiles(second, first, "second run");
    });
    if (Object.keys(overrides).length === 0) {
      await t.step("the files equal the committed results/ byte for byte", async () => {
        assertSameFiles(first, await committed(name), `results/ (rerun \`deno task exp:all\`?)`);
      });
    }
    const json = parseResultsJson(new TextDecoder().decode(first.get(`${name}.json`)!));
    return { result, files: first, json };
  } finally {
    for (const dir of dirs) await Deno.remove(dir, { recursive: true });
  }
}

function assertHeader(json: Json, name: string, section: string, seed: number | null): void {
  assert.deepStrictEqual(Object.keys(json).slice(0, 6), [
    "experiment",
    "section",
    "title",
    "seed",
    "config",
    "runtime",
  ]);
  assert.strictEqual(json.experiment, name);
  assert.strictEqual(json.section, section);
  assert.strictEqual(typeof json.title, "string");
  assert.strictEqual(json.seed, seed);
  assert.deepStrictEqual(json.runtime, {
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
  });
}

function assertPrinted(values: ArrayLike<number>, printed: readonly string[], what: string): void {
  assert.strictEqual(values.length, printed.length, what);
  printed.forEach((p, i) =>
    assert.ok(matchesPrinted(values[i], p), `${what}[${i}]: ${values[i]} vs ${p}`)
  );
}

function text(files: Map<string, Uint8Array>, name: string): string {
  return new TextDecoder().decode(files.get(name)!);
}

/** Parses a results CSV of numbers (first column may be text). */
function parseCsv(csv: string): { header: string[]; rows: (string | number)[][] } {
  const [header, ...lines] = csv.trimEnd().split("\n");
  return {
    header: header.split(","),
    rows: lines.map((l) =>
      l.split(",").map((c) => (/^[-\d.]/.test(c) || c === "NaN" ? Number(c) : c))
    ),
  };
}

Deno.test("00_forward_pass main() reproduces §3.2–3.5 when run with its defaults", async (t) => {
  const { result, files, json } = await runExperiment(t, "00_forward_pass", exp00);
  const forwardNumPy = (await fixture("simple_net")).forward;
  await t.step("header: no seed, empty config, the runtime", () => {
    assertHeader(json, "00_forward_pass", "3.2–3.5", null);
    assert.deepStrictEqual(json.config, {});
    assert.deepStrictEqual([...files.keys()], ["00_forward_pass.json"]);
  });
  await t.step("softmax([0.3, 2.9, 4.0]) = 0.01821127, 0.24519181, 0.73659691", () => {
    const book = ["0.01821127", "0.24519181", "0.73659691"];
    assertPrinted(result.y, book, "returned softmax");
    assertPrinted(json.softmax.y, book, "JSON softmax");
    json.softmax.y.forEach((v: number, i: number) =>
      assert.ok(Math.abs(v - Number(book[i])) <= 5e-9)
    );
    assert.deepStrictEqual(json.softmax.y, Array.from(result.y));
    assert.deepStrictEqual(json.softmax.book, book);
    assert.strictEqual(json.softmax.matchesBook, true);
    assert.strictEqual(result.softmaxMatches, true);
  });
  await t.step("the naive softmax of [1010, 1000, 990] is NaN, the guarded one finite", () => {
    assert.ok(json.softmaxOverflow.naive.every(Number.isNaN));
    assert.ok(json.softmaxOverflow.guarded.every(Number.isFinite));
    assertPrinted(json.softmaxOverflow.guarded, [
      "9.99954600e-01",
      "4.53978686e-05",
      "2.06106005e-09",
    ], "guarded");
  });
  await t.step("the activations on [-1, 1, 2]", () => {
    assert.deepStrictEqual(json.activations.step, [0, 1, 1]);
    assert.deepStrictEqual(json.activations.relu, [0, 1, 2]);
    assertPrinted(json.activations.sigmoid, ["0.26894142", "0.73105858", "0.88079708"], "sigmoid");
  });
  await t.step("the 3-layer forward pass = 0.31682708, 0.69627909", () => {
    const book = ["0.31682708", "0.69627909"];
    assertPrinted(result.forward, book, "returned forward");
    assertPrinted(json.forward.y, book, "JSON forward");
    assert.strictEqual(json.forward.matchesBook, true);
    // The book's intermediate prints (§3.4.2): A1 = [0.3, 0.7, 1.1], Z1 = [0.57444252, …].
    assertPrinted(json.forward.a1, ["0.3", "0.7", "1.1"], "a1");
    assertPrinted(json.forward.z1, ["0.57444252", "0.66818777", "0.75026011"], "z1");
    // The book's NumPy forward(): through np.exp, so a relative tolerance (measured: equal).
    json.forward.y.forEach((v: number, i: number) => {
      const e = forwardNumPy.y[i];
      assert.ok(Math.abs(v - e) <= 1e-14 * Math.abs(e), `${v} vs NumPy ${e}`);
    });
  });
});

Deno.test("01_loss_functions main() reproduces §4.2 exactly when run with its defaults", async (t) => {
  const { result, files, json } = await runExperiment(t, "01_loss_functions", exp01);
  const raw = text(files, "01_loss_functions.json");
  await t.step("header", () => {
    assertHeader(json, "01_loss_functions", "4.2", null);
    assert.deepStrictEqual(json.config, {});
  });
  await t.step("SSE 0.09750000000000003 and 0.5975, every digit", () => {
    assert.deepStrictEqual(result.sse, [0.09750000000000003, 0.5975]);
    assert.strictEqual(json.sumSquaredError.y1, 0.09750000000000003);
    assert.strictEqual(json.sumSquaredError.y2, 0.5975);
    assert.ok(raw.includes('"y1": 0.09750000000000003,') && raw.includes('"y2": 0.5975,'));
  });
  await t.step("the left-to-right sum recorded as 0.5974999999999999", () => {
    assert.strictEqual(json.sumSquaredError.y2LeftToRightSum, 0.5974999999999999);
  });
  await t.step("CEE 0.510825457099338 and 2.302584092994546, every digit", () => {
    assert.deepStrictEqual(result.cee, [0.510825457099338, 2.302584092994546]);
    assert.strictEqual(json.crossEntropyError.y1, 0.510825457099338);
    assert.strictEqual(json.crossEntropyError.y2, 2.302584092994546);
    assert.ok(raw.includes("0.510825457099338") && raw.includes("2.302584092994546"));
    assert.strictEqual(json.crossEntropyError.y1AgainstZeroOutput, -Math.log(1e-7));
  });
  await t.step("batch: one-hot and label targets agree, the mean of the two", () => {
    assert.strictEqual(json.batch.oneHot, json.batch.labelTargets);
    assert.strictEqual(json.batch.agree, true);
    assert.strictEqual(json.batch.oneHot, (0.510825457099338 + 2.302584092994546) / 2);
    assert.strictEqual(result.batchOneHot, result.batchLabels);
  });
  await t.step("declared equal to the book", () => {
    assert.strictEqual(json.matchesBookExactly, true);
    assert.strictEqual(result.matches, true);
  });
});

Deno.test("02_numerical_gradient main() reproduces §4.3–4.4 exactly when run with its defaults", async (t) => {
  const { result, files, json } = await runExperiment(t, "02_numerical_gradient", exp02);
  const numpy = await fixture("numerical_gradient");
  await t.step("header and the five files", () => {
    assertHeader(json, "02_numerical_gradient", "4.3–4.4", null);
    assert.deepStrictEqual(json.config, { h: 1e-4 });
    assert.deepStrictEqual([...files.keys()], [
      "02_numerical_gradient.gradient_field.svg",
      "02_numerical_gradient.h_error.csv",
      "02_numerical_gradient.h_error.svg",
      "02_numerical_gradient.json",
      "02_numerical_gradient.tangent.svg",
    ]);
    for (const f of json.figures) assert.ok(text(files, f).startsWith("<svg "), f);
  });
  await t.step("numericalDiff at 5 and 10: 0.1999999999990898, 0.2999999999986347", () => {
    assert.strictEqual(json.numericalDiff.at5, 0.1999999999990898);
    assert.strictEqual(json.numericalDiff.at10, 0.2999999999986347);
    assert.strictEqual(result.diffAt5, numpy.numericalDiff.at5);
    assert.strictEqual(result.diffAt10, numpy.numericalDiff.at10);
  });
  await t.step("partial derivatives at (3, 4): 6.00000000000378, 7.999999999999119", () => {
    assert.strictEqual(json.partialDerivatives.x0, 6.00000000000378);
    assert.strictEqual(json.partialDerivatives.x1, 7.999999999999119);
    assert.strictEqual(result.partialX0, numpy.partialDerivatives.x0);
    assert.strictEqual(result.partialX1, numpy.partialDerivatives.x1);
  });
  await t.step("gradients at (3, 4), (0, 2), (3, 0) equal the book's NumPy code", () => {
    assert.deepStrictEqual(json.gradients, numpy.gradients);
  });
  await t.step("the h table: 12 steps for each function, the best h where theory puts it", () => {
    const { header, rows } = parseCsv(text(files, "02_numerical_gradient.h_error.csv"));
    assert.deepStrictEqual(header, [
      "function",
      "h",
      "forward",
      "forward_error",
      "central",
      "central_error",
    ]);
    assert.strictEqual(rows.length, 24);
    assert.deepStrictEqual(
      rows.slice(0, 12).map((r) => r[1]),
      Array.from({ length: 12 }, (_, k) => Number(`1e-${k + 1}`)),
    );
    // Rounding error ε/h against truncation h (forward) or h² (central): the best h is near
    // √ε ≈ 1e-8 for forward and ∛ε ≈ 6e-6 for central differences of exp.
    assert.deepStrictEqual(json.stepSize.bestH[1], {
      function: "exp(x) at 1",
      forward: 1e-8,
      central: 1e-5,
    });
  });
  await t.step("declared equal to the book", () => {
    assert.strictEqual(json.matchesBookExactly, true);
  });
});

Deno.test("03_gradient_descent main() reproduces §4.4.1–4.4.2 when run with its defaults", async (t) => {
  const { result, files, json } = await runExperiment(t, "03_gradient_descent", exp03);
  const numpy = await fixture("gradient_descent");
  const net = await fixture("simple_net");
  await t.step("header: seed 0 and the full config", () => {
    assertHeader(json, "03_gradient_descent", "4.4.1–4.4.2", 0);
    assert.deepStrictEqual(json.config, {
      seed: 0,
      initX: [-3, 4],
      stepNum: 100,
      learningRates: [0.1, 10, 1e-10],
      pathSteps: 20,
    });
    assert.deepStrictEqual([...files.keys()], [
      "03_gradient_descent.json",
      "03_gradient_descent.path.csv",
      "03_gradient_descent.path.svg",
    ]);
  });
  const book: Record<string, string[]> = {
    "0.1": ["-6.11110793e-10", "8.14814391e-10"],
    "10": ["-2.58983747e+13", "-1.29524862e+12"],
    "1e-10": ["-2.99999994", "3.99999992"],
  };
  for (const d of [0, 1, 2]) {
    const lr = [0.1, 10, 1e-10][d];
    await t.step(`lr ${lr}: the book's printed digits, and NumPy's doubles exactly`, () => {
      const entry = json.gradientDescent[d];
      assert.strictEqual(entry.lr, lr);
      assertPrinted(entry.x, book[String(lr)], `lr ${lr}`);
      assert.deepStrictEqual(entry.x, numpy.runs.find((r: Json) => r.lr === lr).x);
      assert.deepStrictEqual(Array.from(result.descent[d].x), entry.x);
      assert.strictEqual(entry.matchesBook, true);
    });
  }
  await t.step("the 20-step path equals the first 20 points of NumPy's history", () => {
    const { header, rows } = parseCsv(text(files, "03_gradient_descent.path.csv"));
    assert.deepStrictEqual(header, ["step", "x0", "x1"]);
    const history = numpy.runs.find((r: Json) => r.lr === 0.1).history;
    assert.deepStrictEqual(
      rows,
      Array.from({ length: 20 }, (_, i) => [i, history[2 * i], history[2 * i + 1]]),
    );
    assert.ok(text(files, "03_gradient_descent.path.svg").startsWith("<svg "));
  });
  await t.step("simpleNet with the book's W: predict to every printed digit, argmax 2", () => {
    const s = json.simpleNetBookW;
    assertPrinted(s.predict, ["1.05414809", "0.63071653", "1.1328074"], "predict");
    assert.deepStrictEqual(s.predict, net.bookW.predict);
    assert.strictEqual(s.argmax, 2);
    assert.deepStrictEqual(s.agreement.predict, [true, true, true]);
    assert.strictEqual(s.agreement.argmax, true);
    assert.strictEqual(result.predictOk, true);
  });
  await t.step("simpleNet with the book's W: loss and dW agree to 5–6 digits, as stated", () => {
    const s = json.simpleNetBookW;
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    assert.strictEqual(s.book.loss, "0.92806853663411326");
    assert.ok(rel(s.loss, 0.92806853663411326) < 1e-5 && rel(s.loss, 0.92806853663411326) > 1e-8);
    assert.strictEqual(s.agreement.lossDigits, 6);
    assert.deepStrictEqual(s.agreement.dWDigits, [[6, 6, 6], [6, 6, 6]]);
    s.dW.flat().forEach((v: number, i: number) => {
      const b = Number(s.book.dW.flat()[i]);
      assert.ok(rel(v, b) < 1e-5 && rel(v, b) > 1e-8, `dW[${i}] ${v} vs ${b}`);
      // The book's NumPy code on the same W: a difference of losses over 2h (see simple_net_test).
      assert.ok(
        Math.abs(v - net.bookW.dW[i]) <= 1e-11,
        `dW[${i}] ${v} vs NumPy ${net.bookW.dW[i]}`,
      );
    });
    assert.ok(/rounded to 8 digits/.test(s.note));
  });
  await t.step("simpleNet with the seeded W: NumPy's np.random.seed(0); randn(2, 3)", () => {
    assert.deepStrictEqual(json.simpleNetSeeded.W.flat(), net.seed0.W);
    assert.deepStrictEqual(json.simpleNetSeeded.predict, net.seed0.predict);
    assert.strictEqual(json.simpleNetSeeded.argmax, net.seed0.argmax);
  });
});

Deno.test("03_gradient_descent main() records and uses the seed when given --seed 42", async (t) => {
  const { json } = await runExperiment(t, "03_gradient_descent", exp03, { seed: 42 });
  const net = await fixture("simple_net");
  assert.strictEqual(json.seed, 42);
  assert.strictEqual(json.config.seed, 42);
  assert.deepStrictEqual(json.simpleNetSeeded.W.flat(), net.seed42.W);
  assert.deepStrictEqual(json.simpleNetSeeded.predict, net.seed42.predict);
});
