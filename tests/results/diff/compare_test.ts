// Oracles: hand-written expected differences and report lines for hand-made inputs, the IEEE 754
// bit pattern for "the next double" (a changed last bit), committed results files (which must
// equal themselves), and a fast-check walk of random results objects that finds the number leaves
// and their paths independently of the library.

import assert from "node:assert";
import { join } from "node:path";
import fc from "fast-check";
import { diffResultTexts } from "../../../lib/results/diff/compare.ts";
import { formatDiffReport } from "../../../lib/results/diff/report.ts";
import type { Difference } from "../../../lib/results/diff/types.ts";
import { stringifyResults } from "../../../lib/results/format.ts";
import { nextUp, RESULTS, resultsText } from "../_helpers.ts";

const json = (a: string, b: string, tolerance = 0) =>
  diffResultTexts(a, b, { file: "r.json", tolerance });

Deno.test("diffResultTexts() finds no differences when given the same committed file twice", async () => {
  for (const name of ["03_gradient_descent.json", "02_numerical_gradient.h_error.csv"]) {
    const text = await Deno.readTextFile(join(RESULTS, name));
    const diff = diffResultTexts(text, text, { file: name });
    assert.deepStrictEqual([diff.differences, diff.notes, diff.files], [[], [], 1]);
    assert.ok(diff.numbers > 20, `${name}: ${diff.numbers} numbers`);
  }
});

Deno.test("diffResultTexts() reports a changed last bit when exact and accepts it with tolerance 1e-12", () => {
  const x = 0.7310585786300049;
  const a = resultsText({ sigmoid: [0.2689414213699951, x] });
  const b = resultsText({ sigmoid: [0.2689414213699951, nextUp(x)] });
  const exact = json(a, b);
  assert.deepStrictEqual(exact.differences, [
    { file: "r.json", path: "$.sigmoid[1]", kind: "number", a: x, b: 0.731058578630005 },
  ]);
  // seed, config.seed, config.lr, config.hidden[0] and the two sigmoid values
  assert.deepStrictEqual([exact.numbers, exact.tolerated], [6, 0]);
  const close = json(a, b, 1e-12);
  assert.deepStrictEqual([close.differences, close.numbers, close.tolerated], [[], 6, 1]);
  assert.strictEqual(
    formatDiffReport(exact),
    "r.json $.sigmoid[1]: 0.7310585786300049 vs 0.731058578630005 (a - b = -1.1102230246251565e-16)\n" +
      "1 file, 6 numbers compared: 1 file differs (1 number)\n",
  );
  assert.strictEqual(
    formatDiffReport(close),
    "1 file, 6 numbers compared: identical within tolerance 1e-12 (1 not bit-identical)\n",
  );
});

Deno.test("diffResultTexts() treats the special numbers by the documented rule when comparing", async (t) => {
  await t.step("-0 vs 0 differ when exact, not within a tolerance", () => {
    const a = resultsText({ z: [0, -0] }), b = resultsText({ z: [0, 0] });
    assert.deepStrictEqual(json(a, b).differences, [
      { file: "r.json", path: "$.z[1]", kind: "number", a: -0, b: 0 },
    ]);
    assert.match(formatDiffReport(json(a, b)), /^r\.json \$\.z\[1\]: -0 vs 0 \(a - b = -0\)\n/);
    assert.deepStrictEqual(json(a, b, 1e-12).differences, []);
  });
  await t.step('NaN vs NaN are equal (written as the string "NaN")', () => {
    const a = resultsText({ naive: [NaN, NaN] });
    assert.ok(a.includes('"naive": ["NaN", "NaN"]'));
    const diff = json(a, resultsText({ naive: [NaN, NaN] }));
    assert.deepStrictEqual([diff.differences, diff.numbers], [[], 4 + 2]);
    assert.deepStrictEqual(json(a, resultsText({ naive: [NaN, 1] }), 1).differences, [
      { file: "r.json", path: "$.naive[1]", kind: "number", a: NaN, b: 1 },
    ]);
  });
  await t.step("Infinity vs -Infinity differ even with a tolerance", () => {
    const a = resultsText({ x: Infinity }), b = resultsText({ x: -Infinity });
    for (const tolerance of [0, 1e-12, 1e300]) {
      assert.deepStrictEqual(json(a, b, tolerance).differences, [
        { file: "r.json", path: "$.x", kind: "number", a: Infinity, b: -Infinity },
      ]);
    }
    assert.match(formatDiffReport(json(a, b)), /: Infinity vs -Infinity \(a - b = Infinity\)\n/);
    assert.deepStrictEqual(json(a, a, 1e-12).differences, []);
  });
});

Deno.test("diffResultTexts() reports structure differences when keys, lengths or types differ", () => {
  const a = resultsText({
    train: { acc: [0.5, 0.75], loss: 2.3 },
    book: ["0.1", "0.2"],
    ok: true,
    note: null,
    "odd key": 1,
  });
  const b = resultsText({
    train: { acc: [0.5, 0.75, 0.8], lossy: 2.3 },
    book: ["0.1", 0.2],
    ok: false,
    note: "n",
    "odd key": 1,
    extra: { x: 1 },
  });
  const diff = json(a, b);
  const expected: Difference[] = [
    { file: "r.json", path: "$.train.acc", kind: "length", a: 2, b: 3 },
    { file: "r.json", path: "$.train.loss", kind: "missing", a: 2.3, b: undefined },
    { file: "r.json", path: "$.train.lossy", kind: "extra", a: undefined, b: 2.3 },
    { file: "r.json", path: "$.book[1]", kind: "type", a: "0.2", b: 0.2 },
    { file: "r.json", path: "$.ok", kind: "value", a: true, b: false },
    { file: "r.json", path: "$.note", kind: "type", a: null, b: "n" },
    { file: "r.json", path: "$.extra", kind: "extra", a: undefined, b: { x: 1 } },
  ];
  assert.deepStrictEqual(diff.differences, expected);
  // seed, config.seed, config.lr, config.hidden[0]; acc[0..1]; odd key
  assert.strictEqual(diff.numbers, 4 + 2 + 1);
  assert.strictEqual(
    formatDiffReport(diff),
    [
      "r.json $.train.acc: length 2 vs 3",
      "r.json $.train.loss: only in A (2.3)",
      "r.json $.train.lossy: only in B (2.3)",
      'r.json $.book[1]: "0.2" vs 0.2 (string vs number)',
      "r.json $.ok: true vs false",
      'r.json $.note: null vs "n" (null vs string)',
      'r.json $.extra: only in B ({"x": 1})',
      "1 file, 7 numbers compared: 1 file differs (7 other differences)",
      "",
    ].join("\n"),
  );
});

Deno.test("diffResultTexts() reports each config key with both values when configs differ", async (t) => {
  await t.step("one difference per key, whole values, first", () => {
    const a = resultsText({ acc: 0.9 }, { config: { seed: 0, lrs: [0.1, 10], iters: 100 } });
    const b = resultsText({ acc: 0.8 }, {
      config: { seed: 0, lrs: [0.1, 5], dataset: "fashion" },
    });
    const diff = json(a, b);
    assert.deepStrictEqual(diff.differences, [
      { file: "r.json", path: "$.config.lrs", kind: "config", a: [0.1, 10], b: [0.1, 5] },
      { file: "r.json", path: "$.config.iters", kind: "config", a: 100, b: undefined },
      { file: "r.json", path: "$.config.dataset", kind: "config", a: undefined, b: "fashion" },
      { file: "r.json", path: "$.acc", kind: "number", a: 0.9, b: 0.8 },
    ]);
    assert.strictEqual(
      formatDiffReport(diff).split("\n").slice(0, 3).join("\n"),
      [
        "r.json $.config.lrs: [0.1, 10] vs [0.1, 5] (config differs)",
        "r.json $.config.iters: 100 vs (missing) (config differs)",
        'r.json $.config.dataset: (missing) vs "fashion" (config differs)',
      ].join("\n"),
    );
  });
  await t.step("a config number within the tolerance is no difference", () => {
    const a = resultsText({}, { config: { lr: 0.1 } });
    const b = resultsText({}, { config: { lr: nextUp(0.1) } });
    assert.strictEqual(json(a, b).differences.length, 1);
    assert.deepStrictEqual([json(a, b, 1e-12).differences, json(a, b, 1e-12).tolerated], [[], 1]);
  });
  await t.step("a key named like an Object.prototype member is absent, not inherited", () => {
    const a = resultsText({}, { config: {} });
    const b = resultsText({}, { config: { constructor: 1 } });
    assert.deepStrictEqual(json(a, b).differences, [
      { file: "r.json", path: "$.config.constructor", kind: "config", a: undefined, b: 1 },
    ]);
    assert.deepStrictEqual(json(b, a).differences[0].b, undefined);
  });
  await t.step("different experiments are not compared further", () => {
    const a = resultsText({ acc: 0.9 });
    const b = resultsText({ acc: 0.8 }, { experiment: "10_other", config: {} });
    assert.deepStrictEqual(json(a, b).differences, [
      { file: "r.json", path: "$.experiment", kind: "experiment", a: "09_example", b: "10_other" },
    ]);
  });
});

Deno.test("diffResultTexts() reports a runtime difference only as a note when versions differ", () => {
  const a = resultsText({ acc: 0.9 });
  const b = resultsText({ acc: 0.9 }, {
    runtime: { deno: "2.9.7", v8: "15.1.0", typescript: "6.0.3" },
  });
  const diff = json(a, b);
  assert.deepStrictEqual(diff.differences, []);
  assert.deepStrictEqual(diff.notes, [
    { file: "r.json", path: "$.runtime.deno", kind: "runtime", a: "2.9.6", b: "2.9.7" },
    { file: "r.json", path: "$.runtime.v8", kind: "runtime", a: "15.0.245.2-rusty", b: "15.1.0" },
  ]);
  const report = formatDiffReport(diff);
  assert.strictEqual(
    report,
    'note: $.runtime.deno differs in 1 file: "2.9.6" vs "2.9.7"\n' +
      'note: $.runtime.v8 differs in 1 file: "15.0.245.2-rusty" vs "15.1.0"\n' +
      "note: a runtime difference is not a failure by itself: another V8 may round Math.exp or " +
      "Math.log differently in the last bits, and the numbers compared show whether it did\n" +
      "1 file, 5 numbers compared: identical\n",
  );
  assert.strictEqual(
    formatDiffReport(diff, { quiet: true }),
    "1 file, 5 numbers compared: identical\n",
  );
});

Deno.test("diffResultTexts() reports an invalid file when its text does not parse", () => {
  const good = resultsText({ acc: 0.9 });
  const diff = json(good, good.slice(0, 20));
  assert.strictEqual(diff.differences.length, 1);
  const [d] = diff.differences;
  assert.deepStrictEqual([d.path, d.kind, d.a], ["", "invalid", null]);
  assert.match(String(d.b), /JSON/);
  assert.match(formatDiffReport(diff), /^r\.json: cannot be parsed: B: .*JSON/);
  assert.deepStrictEqual(json("{", "{").differences, []); // the same bytes are the same file
});

Deno.test("diffResultTexts() compares CSV cell by cell when headers match", async (t) => {
  const csv = (a: string, b: string, tolerance = 0) =>
    diffResultTexts(a, b, { file: "p.csv", tolerance });
  await t.step("a header difference stops the comparison", () => {
    const diff = csv("step,x0\n0,1\n", "step,x1\n0,2\n");
    assert.deepStrictEqual(diff.differences, [
      { file: "p.csv", path: "header", kind: "header", a: ["step", "x0"], b: ["step", "x1"] },
    ]);
    assert.strictEqual(
      formatDiffReport(diff),
      'p.csv header: ["step", "x0"] vs ["step", "x1"]\n' +
        "1 file, 0 numbers compared: 1 file differs (1 other difference)\n",
    );
  });
  await t.step("cells, special numbers, row counts and ragged rows", () => {
    const a = "f,h,err\nsq,0.1,NaN\nsq,0.01,Infinity\nsq,0.001,1e-7\ncube,1,2\n";
    const b = "f,h,err\nsq,0.1,NaN\nsq,0.01,-Infinity\ncu,0.001,1.0000000000000001e-7\ncube,1\n" +
      "cube,2,3\n";
    const diff = csv(a, b);
    assert.deepStrictEqual(diff.differences, [
      { file: "p.csv", path: "rows", kind: "rows", a: 4, b: 5 },
      { file: "p.csv", path: "row 2 col err", kind: "number", a: Infinity, b: -Infinity },
      { file: "p.csv", path: "row 3 col f", kind: "value", a: "sq", b: "cu" },
      { file: "p.csv", path: "row 3 col err", kind: "number", a: 1e-7, b: 1.0000000000000001e-7 },
      { file: "p.csv", path: "row 4", kind: "length", a: 3, b: 2 },
    ]);
    assert.strictEqual(diff.numbers, 2 + 2 + 2 + 1); // rows 1-3, then row 4's one common number
    assert.strictEqual(
      formatDiffReport(diff),
      [
        "p.csv: 4 rows vs 5 rows",
        "p.csv row 2 col err: Infinity vs -Infinity (a - b = Infinity)",
        'p.csv row 3 col f: "sq" vs "cu"',
        // One ulp of 1e-7 (in [2^-24, 2^-23)) is 2^-76.
        `p.csv row 3 col err: 1e-7 vs 1.0000000000000001e-7 (a - b = ${-(2 ** -76)})`,
        "p.csv row 4: length 3 vs 2",
        "1 file, 7 numbers compared: 1 file differs (2 numbers, 3 other differences)",
        "",
      ].join("\n"),
    );
    assert.deepStrictEqual(
      csv(a, b, 1e-12).differences.map((d) => d.path),
      ["rows", "row 2 col err", "row 3 col f", "row 4"],
    );
  });
});

Deno.test("diffResultTexts() reports the first differing place when comparing SVG text", () => {
  const a = '<svg width="582">\n<path d="M0.5,0.5h400v400h-400Z"/>\n</svg>\n';
  const b = '<svg width="582">\n<path d="M0.5,0.5h401v400h-400Z"/>\n</svg>\n';
  const diff = diffResultTexts(a, b, { file: "f.svg", tolerance: 1 }); // no tolerance for text
  assert.deepStrictEqual(diff.differences, [
    {
      file: "f.svg",
      path: "line 2 col 21",
      kind: "text",
      a: '…2">\n<path d="M0.5,0.5h400v400h-400Z"/>\n</svg>\n',
      b: '…2">\n<path d="M0.5,0.5h401v400h-400Z"/>\n</svg>\n',
    },
  ]);
  assert.strictEqual(diff.numbers, 0);
  assert.strictEqual(
    formatDiffReport(diff).split("\n")[0],
    'f.svg line 2 col 21: "…2\\">\\n<path d=\\"M0.5,0.5h400v400h-400Z\\"/>\\n</svg>\\n" vs ' +
      '"…2\\">\\n<path d=\\"M0.5,0.5h401v400h-400Z\\"/>\\n</svg>\\n"',
  );
  assert.deepStrictEqual(diffResultTexts(a, a, { file: "f.svg" }).differences, []);
  assert.deepStrictEqual(
    diffResultTexts("abc", "abcd", { file: "f.svg" }).differences[0],
    { file: "f.svg", path: "line 1 col 4", kind: "text", a: "abc", b: "abcd" },
  );
});

Deno.test("diffResultTexts() rejects bad arguments when called with the wrong types", () => {
  assert.throws(() => diffResultTexts("a", 1 as unknown as string), {
    name: "TypeError",
    message: "Cannot compare results texts as both must be strings: a is string, b is number",
  });
  assert.throws(() => diffResultTexts("a", "b", { format: "xml" as "json" }), {
    name: "TypeError",
    message: "Cannot compare results texts as the format must be json, csv or text: format=xml",
  });
  assert.throws(() => diffResultTexts("a", "b", { tolerance: -1e-12 }), {
    name: "RangeError",
    message:
      "Cannot compare results as the tolerance must be a finite number >= 0: tolerance=-1e-12",
  });
});

// ---------------------------------------------------------------------------------------------
// Property: a random results object equals itself, and changing one number is one difference.

const HEADER = new Set(["experiment", "section", "title", "seed", "config", "runtime", "sha256"]);
const key = fc.stringMatching(/^[A-Za-z_][\w .-]{0,5}$/);
const text = fc.string({ maxLength: 4 }).filter((s) =>
  !["NaN", "Infinity", "-Infinity"].includes(s)
);
const { node } = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    tie("scalar"),
    tie("array"),
    tie("object"),
  ),
  scalar: fc.oneof(fc.double(), fc.double(), text, fc.boolean(), fc.constant(null)),
  array: fc.array(tie("node"), { maxLength: 4 }),
  object: fc.dictionary(key, tie("node"), { maxKeys: 4 }),
}));
const resultsObject = fc.record({
  experiment: fc.constant("09_example"),
  section: fc.constant("4.5"),
  title: text,
  seed: fc.oneof(fc.constant(null), fc.nat()),
  config: fc.dictionary(key, node, { maxKeys: 4 }),
  runtime: fc.constant({ deno: "2.9.6", v8: "15.0.245.2-rusty", typescript: "6.0.3" }),
  body: fc.dictionary(key.filter((k) => !HEADER.has(k)), node, { maxKeys: 5 }),
}).map(({ body, ...header }) => ({ ...header, ...body }));

/** A number leaf: where it is (container and key) and its path as the report spells it. */
interface Leaf {
  readonly holder: Record<string, unknown> | unknown[];
  readonly key: string | number;
  readonly path: string;
  /** The path of the difference: the leaf's own, or `$.config.<key>` for a leaf under it. */
  readonly reported: string;
  /** Whether the leaf is under `config` (reported as a "config" difference). */
  readonly config: boolean;
}

/** Every number leaf of a results object, with the path of the difference a change makes. */
function numberLeaves(root: Record<string, unknown>): Leaf[] {
  const leaves: Leaf[] = [];
  const step = (path: string, k: string | number) =>
    typeof k === "number"
      ? `${path}[${k}]`
      : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k)
      ? `${path}.${k}`
      : `${path}[${JSON.stringify(k)}]`;
  const walk = (holder: Record<string, unknown> | unknown[], path: string, reported?: string) => {
    const entries: [string | number, unknown][] = Array.isArray(holder)
      ? holder.map((v, i) => [i, v])
      : Object.entries(holder);
    for (const [k, v] of entries) {
      const p = step(path, k);
      // A change anywhere under config.<key> is reported as that config key.
      const r = reported ?? (path === "$.config" ? p : undefined);
      if (typeof v === "number") {
        leaves.push({ holder, key: k, path: p, reported: r ?? p, config: r !== undefined });
      } else if (v !== null && typeof v === "object") {
        walk(v as Record<string, unknown> | unknown[], p, r);
      }
    }
  };
  walk(root, "$");
  return leaves;
}

Deno.test("diffResultTexts() finds exactly the changed number when one number of a random results object changes", () => {
  fc.assert(
    fc.property(resultsObject, fc.nat(), fc.double(), (value, pick, replacement) => {
      const a = stringifyResults(value);
      const same = json(a, a);
      const leaves = numberLeaves(value);
      assert.deepStrictEqual([same.differences, same.notes], [[], []]);
      assert.strictEqual(same.numbers, leaves.length);
      fc.pre(leaves.length > 0);
      const leaf = leaves[pick % leaves.length];
      const old = (leaf.holder as Record<string | number, number>)[leaf.key];
      fc.pre(!Object.is(old, replacement));
      const changed = structuredClone(value);
      const target = numberLeaves(changed)[pick % leaves.length];
      (target.holder as Record<string | number, number>)[target.key] = replacement;
      const diff = json(a, stringifyResults(changed));
      assert.strictEqual(diff.differences.length, 1, JSON.stringify(diff.differences));
      const [d] = diff.differences;
      assert.strictEqual(d.path, leaf.reported);
      if (!leaf.config) {
        assert.strictEqual(d.kind, "number");
        assert.ok(Object.is(d.a, old) && Object.is(d.b, replacement));
      } else {
        assert.strictEqual(d.kind, "config");
      }
    }),
    // A fixed seed keeps CI reproducible; change it locally to explore other inputs.
    { numRuns: 300, seed: 20240405 },
  );
});
