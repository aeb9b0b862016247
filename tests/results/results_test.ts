// Oracles: hand-written expected text for the results format, JSON.parse for validity,
// Object.is for round trips (a property test over all doubles, -0, NaN, ±Infinity and
// subnormals included), the file system for atomic writes, and Deno.version for the runtime.

import assert from "node:assert";
import { join } from "node:path";
import fc from "fast-check";
import {
  formatCsv,
  formatNumber,
  matchesPrinted,
  parseResultsJson,
  runtimeInfo,
  stringifyResults,
  writeBytesAtomic,
  writeCsv,
  writeResultsJson,
  writeTextAtomic,
} from "../../lib/results/results.ts";

/** Runs `fn` with a fresh temporary directory, removed afterwards. */
async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "dlfs_results_test_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) names.push(e.name);
  return names.sort();
}

/** Replaces one `Deno` function for the duration of `fn`. */
async function withStub<K extends "writeFile" | "rename">(
  key: K,
  stub: (typeof Deno)[K],
  fn: () => Promise<void>,
): Promise<void> {
  const original = Deno[key];
  (Deno as unknown as Record<string, unknown>)[key] = stub;
  try {
    await fn();
  } finally {
    (Deno as unknown as Record<string, unknown>)[key] = original;
  }
}

Deno.test("formatNumber() writes the shortest round-trip form when given any double", () => {
  const cases: [number, string][] = [
    [0.1 + 0.2, "0.30000000000000004"],
    [0.5974999999999999, "0.5974999999999999"],
    [1e-7, "1e-7"],
    [1e21, "1e+21"],
    [123456789012345680000, "123456789012345680000"],
    [5e-324, "5e-324"],
    [-25898374737328.363, "-25898374737328.363"],
    [0, "0"],
    [-0, "-0"],
    [NaN, "NaN"],
    [Infinity, "Infinity"],
    [-Infinity, "-Infinity"],
  ];
  for (const [x, text] of cases) {
    assert.strictEqual(formatNumber(x), text);
    if (Number.isFinite(x)) assert.ok(Object.is(Number(text), x), text);
  }
});

Deno.test("stringifyResults() writes the documented layout when given a results object", () => {
  const text = stringifyResults({
    experiment: "x",
    seed: null,
    ok: true,
    loss: 0.5975,
    neg: -0,
    bad: [NaN, Infinity, -Infinity],
    y: new Float64Array([0.1, 1e-7]),
    W: [[1, 2], [3, 4]],
    empty: { list: [], obj: {} },
    skipped: undefined,
    quote: 'say "hi"\n',
  });
  assert.strictEqual(
    text,
    `{
  "experiment": "x",
  "seed": null,
  "ok": true,
  "loss": 0.5975,
  "neg": -0,
  "bad": ["NaN", "Infinity", "-Infinity"],
  "y": [0.1, 1e-7],
  "W": [
    [1, 2],
    [3, 4]
  ],
  "empty": {
    "list": [],
    "obj": {}
  },
  "quote": "say \\"hi\\"\\n"
}
`,
  );
  // Valid JSON, whatever reads it.
  JSON.parse(text);
});

Deno.test("stringifyResults() keeps key order when keys are inserted in any order", () => {
  const a = stringifyResults({ zeta: 1, alpha: 2, mid: { b: 1, a: 2 } });
  assert.deepStrictEqual(Object.keys(JSON.parse(a)), ["zeta", "alpha", "mid"]);
  assert.deepStrictEqual(Object.keys(JSON.parse(a).mid), ["b", "a"]);
  assert.notStrictEqual(a, stringifyResults({ alpha: 2, zeta: 1, mid: { b: 1, a: 2 } }));
});

Deno.test("stringifyResults() gives identical text when called twice on equal values", () => {
  const make = () => ({
    x: new Float64Array([Math.PI, -0, NaN]),
    nested: [{ a: [1, 2, 3] }, { b: "c" }],
    long: Array.from({ length: 40 }, (_, i) => i / 7),
  });
  assert.strictEqual(stringifyResults(make()), stringifyResults(make()));
});

Deno.test("stringifyResults() turns typed arrays into JSON arrays when given any typed array", () => {
  const text = stringifyResults({
    f64: new Float64Array([0.1]),
    f32: new Float32Array([0.1]),
    i32: new Int32Array([-5, 7]),
    u8: new Uint8Array([255]),
    u32: new Uint32Array([4294967295]),
  });
  assert.deepStrictEqual(JSON.parse(text), {
    f64: [0.1],
    f32: [0.10000000149011612], // the float32 nearest 0.1, written as the double it is
    i32: [-5, 7],
    u8: [255],
    u32: [4294967295],
  });
});

Deno.test("stringifyResults() puts one number per line when an array is too long for a line", async (t) => {
  await t.step("100 characters stay on one line, 101 do not", () => {
    // ["x…x"] with 96 x's is 96 + 2 quotes + 2 brackets = 100 characters.
    assert.strictEqual(stringifyResults(["x".repeat(96)]), `["${"x".repeat(96)}"]\n`);
    assert.strictEqual(stringifyResults(["x".repeat(97)]), `[\n  "${"x".repeat(97)}"\n]\n`);
  });
  await t.step("the indent counts towards the width", () => {
    // Under a key the array is indented by 2: 98 + 2 = 100 fits, 99 + 2 does not.
    assert.strictEqual(
      stringifyResults({ k: ["x".repeat(94)] }),
      `{\n  "k": ["${"x".repeat(94)}"]\n}\n`,
    );
    assert.strictEqual(
      stringifyResults({ k: ["x".repeat(95)] }),
      `{\n  "k": [\n    "${"x".repeat(95)}"\n  ]\n}\n`,
    );
  });
  await t.step("a long series", () => {
    const xs = Array.from({ length: 30 }, (_, i) => i + 0.5);
    const text = stringifyResults({ xs });
    assert.strictEqual(
      text,
      `{\n  "xs": [\n${xs.map((x) => `    ${x}`).join(",\n")}\n  ]\n}\n`,
    );
  });
});

Deno.test("stringifyResults() throws when a value cannot be written", async (t) => {
  const message = (path: string, shown: string) =>
    `Cannot write results JSON as ${path} is not a number, string, boolean, null, array or object: ${path}=${shown}`;
  await t.step("a bigint", () => {
    assert.throws(() => stringifyResults({ n: 1n }), {
      name: "TypeError",
      message: message("$.n", "1"),
    });
  });
  await t.step("a symbol inside an array", () => {
    assert.throws(() => stringifyResults({ a: [1, Symbol("s")] }), {
      name: "TypeError",
      message: message("$.a[1]", "Symbol(s)"),
    });
  });
  await t.step("undefined inside an array", () => {
    assert.throws(() => stringifyResults({ a: [[1], undefined] }), {
      name: "TypeError",
      message: message("$.a[1]", "undefined"),
    });
  });
  await t.step("a function", () => {
    assert.throws(() => stringifyResults({ f: { g: Math.max } }), {
      name: "TypeError",
      message: message("$.f.g", String(Math.max)),
    });
  });
});

Deno.test("parseResultsJson() restores every double when reading stringifyResults() output", () => {
  const special = fc.constantFrom(
    -0,
    0,
    NaN,
    Infinity,
    -Infinity,
    5e-324,
    -5e-324,
    2.2250738585072014e-308, // smallest normal
    2.225073858507201e-308, // largest subnormal
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    Number.EPSILON,
  );
  // fc.double() without constraints already yields -0, NaN, ±Infinity and subnormals.
  const double = fc.oneof(fc.double(), special);
  fc.assert(
    fc.property(double, fc.array(double, { maxLength: 40 }), (x, xs) => {
      const value = { x, xs, typed: Float64Array.from(xs), nested: { deep: [[x], xs] } };
      const text = stringifyResults(value);
      JSON.parse(text); // valid JSON for any reader
      const back = parseResultsJson(text) as {
        x: number;
        xs: number[];
        typed: number[];
        nested: { deep: [number[], number[]] };
      };
      const same = (a: readonly number[], b: ArrayLike<number>) =>
        a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
      return Object.is(back.x, x) && same(back.xs, xs) && same(back.typed, xs) &&
        same(back.nested.deep[0], [x]) && same(back.nested.deep[1], xs);
    }),
    // A fixed seed keeps CI reproducible; change it locally to explore other inputs.
    { numRuns: 500, seed: 20240401 },
  );
});

Deno.test("parseResultsJson() maps the non-finite strings to numbers when reading", async (t) => {
  await t.step("anywhere in the tree", () => {
    const r = parseResultsJson('{"a": ["NaN", "Infinity"], "b": {"c": "-Infinity"}, "z": -0}');
    assert.deepStrictEqual(r, { a: [NaN, Infinity], b: { c: -Infinity }, z: -0 });
    assert.ok(Object.is((r as { z: number }).z, -0));
  });
  await t.step("a string that spells NaN is read as the number: the encoding's one cost", () => {
    assert.ok(Number.isNaN(parseResultsJson('"NaN"') as number));
    assert.strictEqual(parseResultsJson('"nan"'), "nan");
  });
});

Deno.test("writeTextAtomic() writes the text when the target is new or exists", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "sub", "deeper", "r.json");
    await writeTextAtomic(path, "first\n");
    assert.strictEqual(await Deno.readTextFile(path), "first\n");
    await writeTextAtomic(path, "second\n");
    assert.strictEqual(await Deno.readTextFile(path), "second\n");
    assert.deepStrictEqual(await listDir(join(dir, "sub", "deeper")), ["r.json"]);
  });
});

Deno.test("writeBytesAtomic() writes the bytes exactly when given binary data", async () => {
  await withTempDir(async (dir) => {
    const bytes = new Uint8Array([0, 255, 10, 13, 128]);
    await writeBytesAtomic(join(dir, "b.bin"), bytes);
    assert.deepStrictEqual(await Deno.readFile(join(dir, "b.bin")), bytes);
  });
});

Deno.test("writeTextAtomic() leaves no temporary file and keeps the old content when a write fails", async (t) => {
  await t.step("the rename fails because the target is a directory", async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, "r.json");
      await Deno.mkdir(path);
      await assert.rejects(() => writeTextAtomic(path, "new\n"), Deno.errors.IsADirectory);
      assert.deepStrictEqual(await listDir(dir), ["r.json"]);
      assert.ok((await Deno.stat(path)).isDirectory);
    });
  });
  await t.step("the write stops half-way (a full disk, a kill)", async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, "r.json");
      await Deno.writeTextFile(path, "old content\n");
      const realWriteFile = Deno.writeFile;
      const failure = new Error("No space left on device");
      await withStub("writeFile", async (p, data, options) => {
        await realWriteFile(p, (data as Uint8Array).subarray(0, 3), options);
        throw failure;
      }, async () => {
        await assert.rejects(() => writeTextAtomic(path, "new content\n"), (e) => e === failure);
      });
      assert.strictEqual(await Deno.readTextFile(path), "old content\n");
      assert.deepStrictEqual(await listDir(dir), ["r.json"]);
    });
  });
  await t.step("the rename fails after the temporary file is complete", async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, "r.json");
      await Deno.writeTextFile(path, "old content\n");
      let tmpSeen = "";
      await withStub("rename", async (from) => {
        tmpSeen = await Deno.readTextFile(from);
        throw new Deno.errors.PermissionDenied("rename refused");
      }, async () => {
        await assert.rejects(
          () => writeTextAtomic(path, "new content\n"),
          Deno.errors.PermissionDenied,
        );
      });
      assert.strictEqual(tmpSeen, "new content\n", "the temporary file held the whole text");
      assert.strictEqual(await Deno.readTextFile(path), "old content\n");
      assert.deepStrictEqual(await listDir(dir), ["r.json"]);
    });
  });
});

Deno.test("writeTextAtomic() ends with one complete version when two writes race", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "r.txt");
    const a = "a".repeat(100_000), b = "b".repeat(100_000);
    await Promise.all([writeTextAtomic(path, a), writeTextAtomic(path, b)]);
    const text = await Deno.readTextFile(path);
    assert.ok(text === a || text === b);
    assert.deepStrictEqual(await listDir(dir), ["r.txt"]);
  });
});

Deno.test("formatCsv() quotes and formats cells when they need it", async (t) => {
  await t.step("numbers as in JSON, non-finite as words", () => {
    assert.strictEqual(
      formatCsv(["h", "err", "z"], [[1e-4, NaN, -0], [0.1 + 0.2, Infinity, -Infinity]]),
      "h,err,z\n0.0001,NaN,-0\n0.30000000000000004,Infinity,-Infinity\n",
    );
  });
  await t.step("strings with a comma, quote, LF or CR are quoted, quotes doubled", () => {
    assert.strictEqual(
      formatCsv(["name", "a,b"], [["plain", 'say "hi"'], ["x\ny", "r\rs"]]),
      'name,"a,b"\nplain,"say ""hi"""\n"x\ny","r\rs"\n',
    );
  });
  await t.step("no rows: only the header", () => {
    assert.strictEqual(formatCsv(["a", "b"], []), "a,b\n");
  });
  await t.step("a row of the wrong length throws", () => {
    assert.throws(() => formatCsv(["a", "b"], [[1, 2], [3]]), {
      name: "TypeError",
      message:
        "Cannot format CSV as every row must have one cell per column: columns=2, row 1 has 1",
    });
  });
});

Deno.test("writeCsv() writes formatCsv()'s text and returns the path when given rows", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "s.csv");
    const rows = [[0, -3, 4], [1, -2.4, 3.2]];
    assert.strictEqual(await writeCsv(path, ["step", "x0", "x1"], rows), path);
    assert.strictEqual(await Deno.readTextFile(path), formatCsv(["step", "x0", "x1"], rows));
  });
});

Deno.test("runtimeInfo() reports Deno.version when called", () => {
  assert.deepStrictEqual(runtimeInfo(), {
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
  });
});

Deno.test("writeResultsJson() writes the header, runtime and body in order when given results", async () => {
  await withTempDir(async (dir) => {
    const config = { seed: 3, lr: 0.1, sizes: [784, 50, 10] };
    const path = await writeResultsJson(join(dir, "out"), {
      experiment: "99_example",
      section: "4.4",
      title: "An example",
      seed: 3,
      config,
    }, { loss: 0.5975, y: new Float64Array([-0, NaN]), skipped: undefined });
    assert.strictEqual(path, join(dir, "out", "99_example.json"));
    const text = await Deno.readTextFile(path);
    assert.strictEqual(
      text,
      stringifyResults({
        experiment: "99_example",
        section: "4.4",
        title: "An example",
        seed: 3,
        config,
        runtime: {
          deno: Deno.version.deno,
          v8: Deno.version.v8,
          typescript: Deno.version.typescript,
        },
        loss: 0.5975,
        y: [-0, NaN],
      }),
    );
    const parsed = parseResultsJson(text) as Record<string, unknown>;
    assert.deepStrictEqual(Object.keys(parsed), [
      "experiment",
      "section",
      "title",
      "seed",
      "config",
      "runtime",
      "loss",
      "y",
    ]);
    assert.deepStrictEqual(await listDir(join(dir, "out")), ["99_example.json"]);
  });
});

Deno.test("writeResultsJson() records a null seed when the experiment draws nothing", async () => {
  await withTempDir(async (dir) => {
    const path = await writeResultsJson(dir, {
      experiment: "00_x",
      section: "3.5",
      title: "t",
      seed: null,
      config: {},
    }, {});
    const parsed = parseResultsJson(await Deno.readTextFile(path)) as Record<string, unknown>;
    assert.strictEqual(parsed.seed, null);
    assert.deepStrictEqual(parsed.config, {});
  });
});

Deno.test("matchesPrinted() accepts exactly the values that round to the printed text", async (t) => {
  await t.step("the book's numbers", () => {
    assert.ok(matchesPrinted(0.01821127329554753, "0.01821127"));
    assert.ok(matchesPrinted(-25898374737328.363, "-2.58983747e+13"));
    assert.ok(matchesPrinted(2.0610600462090622e-9, "2.06106005e-09"));
    assert.ok(matchesPrinted(0.5975, "0.5975"));
    assert.ok(matchesPrinted(0.9280685366341133, "0.92806853663411326"));
    assert.ok(!matchesPrinted(0.9280682857864075, "0.92806853663411326"));
  });
  await t.step("half a unit in the last printed place is the boundary", () => {
    assert.ok(matchesPrinted(2.5, "2"));
    assert.ok(matchesPrinted(1.5, "2"));
    assert.ok(!matchesPrinted(2.5000001, "2"));
    assert.ok(matchesPrinted(0.59755, "0.5975"));
    assert.ok(!matchesPrinted(0.59756, "0.5975"));
    // The 9th significant digit of -2.58983747e+13 is worth 1e5; half of it is 5e4.
    assert.ok(matchesPrinted(-25898374700000 - 49_000, "-2.58983747e+13"));
    assert.ok(!matchesPrinted(-25898374700000 - 51_000, "-2.58983747e+13"));
  });
  await t.step("signs and zeros", () => {
    assert.ok(!matchesPrinted(0.5, "-0.5"));
    assert.ok(matchesPrinted(-0, "0"));
    assert.ok(matchesPrinted(0, "-0.0"));
  });
  await t.step("other ways to write a decimal", () => {
    assert.ok(matchesPrinted(0.001, "1E-3"));
    assert.ok(matchesPrinted(0.5, "+.5"));
    assert.ok(matchesPrinted(5, "5."));
    assert.ok(matchesPrinted(0.5, " 0.5 "));
  });
  await t.step("NaN and infinities never match", () => {
    assert.ok(!matchesPrinted(NaN, "0.5"));
    assert.ok(!matchesPrinted(Infinity, "0.01821127"));
    assert.ok(!matchesPrinted(-Infinity, "-2.58983747e+13"));
    assert.ok(!matchesPrinted(Infinity, "1e308"));
  });
  for (const printed of ["", "abc", ".", "1e", "e5", "NaN", "Infinity", "0x10", "1,5", "--1"]) {
    await t.step(`printed ${JSON.stringify(printed)} throws`, () => {
      assert.throws(() => matchesPrinted(1, printed), {
        name: "RangeError",
        message:
          `Cannot compare with a printed number as it is not a decimal number: printed=${printed}`,
      });
    });
  }
});
