// Oracle: the documented flag rules and messages (hand-written expected values).

import assert from "node:assert";
import { commonFlags, EXIT, parseCli } from "../../lib/cli/mod.ts";
import { SPEC, usageError } from "./_spec.ts";

Deno.test("parseCli() checks integer flags when given text", async (t) => {
  await t.step("the bounds are inclusive", () => {
    assert.strictEqual(parseCli(SPEC, ["--seed", "0"]).seed, 0);
    assert.strictEqual(parseCli(SPEC, ["--seed", "4294967295"]).seed, 4294967295);
    assert.strictEqual(parseCli(SPEC, ["--seed", "+12"]).seed, 12);
  });
  await t.step("-0 is the integer 0", () => {
    assert.ok(Object.is(parseCli(SPEC, ["--seed=-0"]).seed, 0));
  });
  const bad: [string, string][] = [
    ["-1", "in [0, 4294967295]"],
    ["4294967296", "in [0, 4294967295]"],
    ["1.5", "in [0, 4294967295]"],
    ["1e3", "in [0, 4294967295]"],
    ["x", "in [0, 4294967295]"],
    ["", "in [0, 4294967295]"],
  ];
  for (const [text, rule] of bad) {
    await t.step(`--seed=${text}`, () => {
      usageError(
        [`--seed=${text}`],
        `--seed must be an integer ${rule}: got ${JSON.stringify(text)}`,
      );
    });
  }
  await t.step("only a minimum", () => {
    usageError(["--batch-size", "0"], '--batch-size must be an integer >= 1: got "0"');
  });
  await t.step("beyond 2^53 is not a safe integer", () => {
    usageError(
      ["--batch-size", "9007199254740993"],
      '--batch-size must be an integer >= 1: got "9007199254740993"',
    );
  });
  await t.step("a negative value after a space gets the flag's own check, as with =", () => {
    usageError(["--seed", "-1"], '--seed must be an integer in [0, 4294967295]: got "-1"');
    usageError(["--decay", "-0.5"], '--decay must be a finite number >= 0: got "-0.5"');
    usageError(["--lr", "-.5", "--quiet"], '--lr must be a finite number > 0: got "-.5"');
  });
  await t.step("a flag after a value flag is still a flag, not its value", () => {
    usageError(["--seed", "--quiet"], "--seed needs a value (--seed N): --quiet follows it");
  });
  await t.step("a missing value", () => {
    usageError(["--seed"], "--seed needs a value (--seed N): nothing follows it");
    usageError(["--out"], "--out needs a value (--out DIR): nothing follows it");
  });
});

Deno.test("parseCli() checks number flags when given text", async (t) => {
  await t.step("finite numbers in any JavaScript notation", () => {
    assert.strictEqual(parseCli(SPEC, ["--lr", "1e-3"]).lr, 0.001);
    assert.strictEqual(parseCli(SPEC, ["--lr", ".25"]).lr, 0.25);
    assert.strictEqual(parseCli(SPEC, ["--decay", "0"]).decay, 0);
  });
  for (const text of ["0", "-0.5", "abc", "Infinity", "NaN", "", " "]) {
    await t.step(`positive: --lr=${JSON.stringify(text)}`, () => {
      usageError([`--lr=${text}`], `--lr must be a finite number > 0: got ${JSON.stringify(text)}`);
    });
  }
  await t.step("a minimum", () => {
    usageError(["--decay=-0.5"], '--decay must be a finite number >= 0: got "-0.5"');
  });
});

Deno.test("parseCli() checks string flags when given text", async (t) => {
  await t.step("any non-empty text, kept as is", () => {
    assert.strictEqual(parseCli(SPEC, ["--out", " a b "]).out, " a b ");
  });
  await t.step("empty text", () => {
    usageError(["--out="], "--out must not be empty");
    usageError(["--out", ""], "--out must not be empty");
  });
});

Deno.test("parseCli() checks choice flags when given text", () => {
  assert.strictEqual(parseCli(SPEC, ["--gradient", "numerical"]).gradient, "numerical");
  usageError(["--gradient", "adam"], '--gradient must be one of backprop, numerical: got "adam"');
  usageError(
    ["--gradient", "Backprop"],
    '--gradient must be one of backprop, numerical: got "Backprop"',
  );
});

Deno.test("parseCli() checks integer list flags when given text", async (t) => {
  await t.step("a list, spaces allowed", () => {
    assert.deepStrictEqual(parseCli(SPEC, ["--hidden", "100, 50,10"]).hidden, [100, 50, 10]);
    assert.deepStrictEqual(parseCli(SPEC, ["--hidden=7"]).hidden, [7]);
  });
  await t.step("an empty item", () => {
    usageError(
      ["--hidden", "1,,2"],
      '--hidden must be a comma-separated list of integers: got "1,,2"',
    );
    usageError(["--hidden="], '--hidden must be a comma-separated list of integers: got ""');
  });
  await t.step("an item out of range or not an integer", () => {
    usageError(
      ["--hidden", "5,0"],
      '--hidden must be a comma-separated list of integers in [1, 1000]: got "5,0"',
    );
    usageError(
      ["--hidden", "5,x"],
      '--hidden must be a comma-separated list of integers in [1, 1000]: got "5,x"',
    );
  });
  await t.step("a repeated value", () => {
    usageError(["--hidden", "5,5"], '--hidden must not repeat a value: got "5,5"');
  });
});

Deno.test("parseCli() reads switches when given them", async (t) => {
  await t.step("present means true", () => {
    assert.strictEqual(parseCli(SPEC, ["--quiet"]).quiet, true);
  });
  await t.step("a switch takes no value", () => {
    usageError(["--quiet=yes"], "Option '--quiet' does not take an argument");
  });
});

Deno.test("commonFlags gives --out results and --quiet off when absent", () => {
  const spec = { usage: "x", description: "", flags: commonFlags };
  assert.deepStrictEqual(parseCli(spec, []), { out: "results", quiet: false, positionals: [] });
  assert.deepStrictEqual(EXIT, { ok: 0, failure: 1, usage: 2 });
});
