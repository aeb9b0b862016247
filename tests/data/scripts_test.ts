// Tests of the data scripts data/download.ts (`deno task data:mnist`) and data/to_csv.ts
// (`deno task data:csv`): in-process, and as subprocesses when `--allow-run=deno` is granted, as
// in `deno task test`.

import assert from "node:assert";
import { join } from "node:path";
import { parseCli, UsageError } from "../../lib/cli/mod.ts";
import { loadMnist } from "../../lib/data/mod.ts";
import { main as downloadMain, spec as downloadSpec } from "../../data/download.ts";
import { main as toCsvMain, spec as toCsvSpec } from "../../data/to_csv.ts";
import {
  CAN_RUN,
  capture,
  listDir,
  runDataScript,
  runDeno,
  TINY_DIR,
  TINY_SUMS,
  withTempDir,
} from "./_fixtures.ts";

const SUMS = TINY_SUMS;

Deno.test("data/download.ts main() copies with --from and prints one summary line", async () => {
  await withTempDir(async (out) => {
    const { reporter, lines } = capture();
    const result = await downloadMain(
      { dataset: "mnist", out, from: TINY_DIR, mirrors: "standard", quiet: false },
      { checksums: SUMS, reporter },
    );
    assert.strictEqual(result.fetched, 4);
    assert.match(
      lines.at(-1)!,
      new RegExp(
        `^mnist ready in ${out}: 4 files verified \\(4 copied, 0 already there\\) in [0-9.]+ s$`,
      ),
    );
  });
});

Deno.test("data/download.ts and data/to_csv.ts reject bad flags with usage errors", () => {
  assert.deepStrictEqual(parseCli(downloadSpec, ["--from", "../shared/data/mnist"]), {
    dataset: "mnist",
    out: "auto",
    from: "../shared/data/mnist",
    mirrors: "standard",
    quiet: false,
    positionals: [],
  });
  assert.throws(() => parseCli(downloadSpec, ["--dataset", "emnist"]), {
    name: "UsageError",
    message: '--dataset must be one of mnist, fashion-mnist: got "emnist"',
  });
  assert.throws(() => parseCli(downloadSpec, ["--form", "x"]), UsageError);
  assert.throws(() => parseCli(toCsvSpec, ["--format", "csv"]), UsageError);
  assert.deepStrictEqual(parseCli(toCsvSpec, ["--header", "--data", "x"]), {
    dataset: "mnist",
    data: "x",
    out: "auto",
    header: true,
    quiet: false,
    positionals: [],
  });
});

Deno.test("data/to_csv.ts main() writes CSVs that load as the IDX arrays, with and without header", async () => {
  await withTempDir(async (out) => {
    const { reporter, lines } = capture();
    const env = () => undefined;
    const idx = await loadMnist({ dir: TINY_DIR, format: "idx", env });
    for (const header of [false, true]) {
      const written = await toCsvMain({
        dataset: "mnist",
        data: TINY_DIR,
        out,
        header,
        quiet: false,
      }, { reporter });
      assert.deepStrictEqual(written, [join(out, "mnist_train.csv"), join(out, "mnist_test.csv")]);
      const text = await Deno.readTextFile(written[0]);
      assert.strictEqual(text.startsWith("label,pixel1,"), header);
      const csv = await loadMnist({ dir: out, format: "csv", env });
      assert.deepStrictEqual(csv.train, idx.train);
      assert.deepStrictEqual(csv.test, idx.test);
    }
    assert.deepStrictEqual(lines.slice(0, 2), [
      `${out}/mnist_train.csv: 5 rows, 0.0 MB`,
      `${out}/mnist_test.csv: 3 rows, 0.0 MB`,
    ]);
    assert.match(
      lines[2],
      new RegExp(`^mnist CSV written from ${TINY_DIR} to ${out} in [0-9.]+ s$`),
    );
    assert.deepStrictEqual(await listDir(out), ["mnist_test.csv", "mnist_train.csv"]);
  });
});

Deno.test({
  name: "deno task data:mnist exits 2 on a usage error, 1 on a checksum mismatch, 0 for --help",
  ignore: !CAN_RUN,
  async fn() {
    const run = ["run", "--allow-read", "data/download.ts"];
    const usage = await runDeno([...run, "--dataset", "emnist"]);
    assert.strictEqual(usage.code, 2);
    assert.strictEqual(
      usage.stderr,
      'error: --dataset must be one of mnist, fashion-mnist: got "emnist"\n\n' +
        "Usage: deno task data:mnist [flags]  (see --help)\n",
    );
    const help = await runDeno([...run, "--help"]);
    assert.strictEqual(help.code, 0);
    assert.ok(help.stdout.includes("--from DIR"), help.stdout);
    await withTempDir(async (out) => {
      // The tiny fixtures are not MNIST: the shipped checksums reject them and nothing is written.
      const bad = await runDataScript("data/download.ts", out, ["--from", TINY_DIR]);
      assert.strictEqual(bad.code, 1);
      assert.match(
        bad.stderr,
        /^error: Cannot verify MNIST as the SHA-256 of the decompressed contents must match data\/mnist\.sha256: file=/,
      );
      assert.deepStrictEqual(await listDir(out), []);
    });
  },
});

Deno.test({
  name: "deno task data:mnist says when it may not write --out, before it copies anything",
  ignore: !CAN_RUN,
  async fn() {
    await withTempDir(async (dir) => {
      const out = join(dir, "out");
      const result = await runDeno(
        ["run", "--allow-read", "data/download.ts", "--from", TINY_DIR, "--out", out, "--quiet"],
      );
      assert.strictEqual(result.code, 1);
      assert.strictEqual(
        result.stderr,
        `error: Cannot install MNIST as the run must be allowed to write to --out: ${out} needs ` +
          `--allow-write=${out}; its task may read and write any path: deno task data:mnist ` +
          `--from ${TINY_DIR} --out ${out} --quiet\n`,
      );
      assert.deepStrictEqual(await listDir(dir), []);
    });
  },
});

Deno.test({
  name: "deno task data:csv converts the tiny IDX files in a subprocess",
  ignore: !CAN_RUN,
  async fn() {
    await withTempDir(async (out) => {
      const result = await runDataScript("data/to_csv.ts", out, ["--data", TINY_DIR]);
      assert.strictEqual(result.code, 0, result.stderr);
      assert.match(result.stdout, /^mnist CSV written from .* in [0-9.]+ s\n$/);
      assert.deepStrictEqual(await listDir(out), ["mnist_test.csv", "mnist_train.csv"]);
    });
  },
});
