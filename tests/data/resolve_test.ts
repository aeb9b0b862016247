// Tests of lib/data/resolve.ts: which folder and format are taken, and the exact message when
// nothing is found (also without env or read permission, in a subprocess).

import assert from "node:assert";
import { rejectsExactly } from "../_assert.ts";
import { join } from "node:path";
import {
  encodeIdxImages,
  formatMnistCsv,
  loadMnist,
  MNIST_DIR_ENV,
  MNIST_IDX_FILES,
  MnistNotFoundError,
  resolveMnistDir,
} from "../../lib/data/mod.ts";
import { CAN_RUN, makeData, noEnv, runDeno, withTempDir, writeIdxSet } from "./_fixtures.ts";

Deno.test("resolveMnistDir() and loadMnist() say exactly which file is missing and how to get it", async (t) => {
  await withTempDir(async (dir) => {
    const tail =
      "\nGet them with `deno task data:mnist --out DIR` (downloads and verifies them) or " +
      "`deno task data:mnist --out DIR --from DIR` (copies and verifies a local copy); " +
      "--data DIR or MNIST_DIR selects another folder";
    const expect = (missing: string) =>
      `Cannot load MNIST as its files must be in ${dir}: missing ${missing}` +
      tail.replaceAll("--out DIR", `--out ${dir}`);
    await t.step("an empty folder", async () => {
      await rejectsExactly(
        loadMnist({ dir, env: noEnv }),
        MnistNotFoundError,
        expect(`${dir}/train-images-idx3-ubyte.gz (or train-images-idx3-ubyte without .gz)`),
      );
    });
    await t.step("one file missing", async () => {
      await writeIdxSet(dir, makeData(2), makeData(1));
      await Deno.remove(join(dir, "t10k-labels-idx1-ubyte"));
      await assert.rejects(resolveMnistDir({ dir, env: noEnv }), (e: MnistNotFoundError) => {
        assert.ok(e instanceof Deno.errors.NotFound);
        assert.strictEqual(e.file, `${dir}/t10k-labels-idx1-ubyte.gz`);
        assert.strictEqual(
          e.message,
          expect(`${dir}/t10k-labels-idx1-ubyte.gz (or t10k-labels-idx1-ubyte without .gz)`),
        );
        return true;
      });
    });
    await t.step("Fashion-MNIST in a given folder", async () => {
      await rejectsExactly(
        resolveMnistDir({ dataset: "fashion-mnist", dir: join(dir, "f"), env: noEnv }),
        MnistNotFoundError,
        `Cannot load Fashion-MNIST as its files must be in ${dir}/f: missing ` +
          `${dir}/f/train-images-idx3-ubyte.gz (or train-images-idx3-ubyte without .gz)\n` +
          `Get them with \`deno task data:mnist --dataset fashion-mnist --out ${dir}/f\` (downloads and ` +
          `verifies them) or \`deno task data:mnist --dataset fashion-mnist --out ${dir}/f --from DIR\` ` +
          "(copies and verifies a local copy), or install Debian's dataset-fashion-mnist package; " +
          "--data DIR or FASHION_MNIST_DIR selects another folder",
      );
    });
    await t.step("CSV asked for but not there", async () => {
      await rejectsExactly(
        resolveMnistDir({ dir, format: "csv", env: noEnv }),
        MnistNotFoundError,
        `Cannot load MNIST as its CSV files must be in ${dir}: missing ${dir}/mnist_train.csv\n` +
          "Make the CSV files with `deno task data:csv` from the IDX files, which you get with " +
          `\`deno task data:mnist --out ${dir}\` (downloads and verifies them) or ` +
          `\`deno task data:mnist --out ${dir} --from DIR\` (copies and verifies a local copy); ` +
          "--data DIR or MNIST_DIR selects another folder",
      );
    });
  });
  await t.step("the default folder, for Fashion-MNIST", async () => {
    // With no read permission granted for the Debian folder it is not checked, and the
    // message says so; with it, the folder is checked and (when the package is not installed)
    // listed as a place that was looked in.
    const error = await resolveMnistDir({ dataset: "fashion-mnist", env: noEnv }).then(
      () => undefined,
      (e) => e,
    );
    if (!(error instanceof Error)) {
      const source = await resolveMnistDir({ dataset: "fashion-mnist", env: noEnv });
      assert.ok(
        ["data/fashion-mnist", "/usr/share/datasets/fashion-mnist"].includes(source.dir),
        source.dir,
      );
      return;
    }
    assert.strictEqual(error.constructor, MnistNotFoundError);
    assert.match(
      error.message,
      /^Cannot load Fashion-MNIST as its files must be in data\/fashion-mnist( or \/usr\/share\/datasets\/fashion-mnist)?/,
    );
    assert.ok(error.message.includes("`deno task data:mnist --dataset fashion-mnist`"));
    assert.ok(error.message.includes("`deno task data:mnist --dataset fashion-mnist --from DIR`"));
    assert.ok(error.message.includes("dataset-fashion-mnist package"));
    assert.ok(error.message.endsWith("--data DIR or FASHION_MNIST_DIR selects another folder"));
  });
});

Deno.test("resolveMnistDir() says a folder that is a file is not a folder, and what it must hold", async (t) => {
  await withTempDir(async (dir) => {
    const file = join(dir, "notes.txt");
    await Deno.writeTextFile(file, "not MNIST");
    const gz = join(dir, MNIST_IDX_FILES.trainImages + ".gz");
    await Deno.writeFile(gz, new Uint8Array([0x1f, 0x8b]));
    const idx = "the four IDX files train-images-idx3-ubyte, train-labels-idx1-ubyte, " +
      "t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each .gz or not)";
    await t.step("--data names a file", async () => {
      await rejectsExactly(
        resolveMnistDir({ dir: file, env: noEnv }),
        Deno.errors.NotADirectory,
        `Cannot load MNIST as --data must be a folder, not a file: ${file} is a file\n` +
          `Expected a folder holding ${idx}, or mnist_train.csv and mnist_test.csv`,
      );
      await rejectsExactly(
        loadMnist({ dir: file, format: "csv", env: noEnv }),
        Deno.errors.NotADirectory,
        `Cannot load MNIST as --data must be a folder, not a file: ${file} is a file\n` +
          "Expected a folder holding mnist_train.csv and mnist_test.csv",
      );
    });
    await t.step("--data or the environment variable names one of the data files", async () => {
      await rejectsExactly(
        resolveMnistDir({ dir: gz, format: "idx", env: noEnv }),
        Deno.errors.NotADirectory,
        `Cannot load MNIST as --data must be a folder, not a file: ${gz} is a file\n` +
          `Expected a folder holding ${idx}; that is one of those files, so give its folder: ` +
          `--data ${dir}`,
      );
      const csv = join(dir, "fashion-mnist_test.csv");
      await Deno.writeTextFile(csv, "");
      await rejectsExactly(
        resolveMnistDir({
          dataset: "fashion-mnist",
          format: "csv",
          env: (name) => name === "FASHION_MNIST_DIR" ? csv : undefined,
        }),
        Deno.errors.NotADirectory,
        `Cannot load Fashion-MNIST as FASHION_MNIST_DIR must be a folder, not a file: ` +
          `${dir}/fashion-mnist_test.csv is a file\n` +
          "Expected a folder holding fashion-mnist_train.csv and fashion-mnist_test.csv; that is " +
          `one of those files, so give its folder: FASHION_MNIST_DIR=${dir}`,
      );
    });
  });
});

Deno.test("resolveMnistDir() takes --data, then the environment variable, then data/<dataset>", async () => {
  await withTempDir(async (dir) => {
    const a = join(dir, "a"), b = join(dir, "b");
    await Deno.mkdir(a);
    await Deno.mkdir(b);
    await writeIdxSet(a, makeData(2), makeData(1));
    await writeIdxSet(b, makeData(3), makeData(1));
    const env = (name: string) => (name === "MNIST_DIR" ? b : undefined);
    assert.strictEqual((await resolveMnistDir({ dir: a, env })).dir, a);
    assert.strictEqual((await resolveMnistDir({ dir: "auto", env })).dir, b);
    assert.strictEqual((await resolveMnistDir({ env })).dir, b);
    assert.strictEqual((await loadMnist({ env })).train.count, 3);
    // MNIST_DIR never stands for Fashion-MNIST: that one has its own variable.
    assert.strictEqual(MNIST_DIR_ENV["fashion-mnist"], "FASHION_MNIST_DIR");
    const fashion = await resolveMnistDir({
      dataset: "fashion-mnist",
      env: (n) => (n === "FASHION_MNIST_DIR" ? a : undefined),
    });
    assert.deepStrictEqual([fashion.dataset, fashion.dir], ["fashion-mnist", a]);
  });
});

Deno.test("resolveMnistDir() with format auto takes IDX when complete, else CSV", async () => {
  await withTempDir(async (dir) => {
    const train = makeData(3), test = makeData(2, 7);
    await Deno.writeFile(join(dir, "mnist_train.csv"), formatMnistCsv(train));
    await Deno.writeFile(join(dir, "mnist_test.csv"), formatMnistCsv(test, { header: true }));
    await Deno.writeFile(join(dir, MNIST_IDX_FILES.trainImages), encodeIdxImages(train));
    const csv = await resolveMnistDir({ dir, env: noEnv });
    assert.deepStrictEqual(csv, {
      dataset: "mnist",
      dir,
      format: "csv",
      files: { train: join(dir, "mnist_train.csv"), test: join(dir, "mnist_test.csv") },
    });
    await writeIdxSet(dir, train, test);
    assert.strictEqual((await resolveMnistDir({ dir, env: noEnv })).format, "idx");
    assert.strictEqual((await resolveMnistDir({ dir, format: "csv", env: noEnv })).format, "csv");
    const fromCsv = await loadMnist({ dir, format: "csv", env: noEnv });
    const fromIdx = await loadMnist({ dir, format: "idx", env: noEnv });
    assert.deepStrictEqual(fromCsv.train, fromIdx.train);
    assert.deepStrictEqual(fromCsv.test, fromIdx.test);
  });
});

Deno.test("resolveMnistDir() rejects an unknown dataset or format", async () => {
  await rejectsExactly(
    resolveMnistDir({ dataset: "emnist" as "mnist" }),
    RangeError,
    "Cannot find MNIST data as dataset must be one of mnist, fashion-mnist: got emnist",
  );
  await rejectsExactly(
    resolveMnistDir({ format: "npz" as "idx" }),
    RangeError,
    "Cannot find MNIST data as format must be one of idx, csv, auto: got npz",
  );
  await rejectsExactly(
    resolveMnistDir({ dataset: "fashion-mnist", format: "npz" as "idx" }),
    RangeError,
    "Cannot find Fashion-MNIST data as format must be one of idx, csv, auto: got npz",
  );
});

/**
 * Runs `loop` in a subprocess in `dir` that may read only `dir` and never prompts; `loop` calls
 * `resolveMnistDir` (imported) and prints what it threw.
 */
async function probeResolve(
  dir: string,
  loop: string,
  options: { flags?: string[]; env: Record<string, string> },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const probe = join(dir, "probe.ts");
  const lib = JSON.stringify(new URL("../../lib/data/mod.ts", import.meta.url).href);
  await Deno.writeTextFile(probe, `import { resolveMnistDir } from ${lib};\n${loop}\n`);
  return await runDeno(
    ["run", "--no-prompt", `--allow-read=${dir}`, ...(options.flags ?? []), probe],
    { cwd: dir, env: options.env },
  );
}

Deno.test({
  name: "resolveMnistDir() without env or fallback read permission neither prompts nor reads them",
  ignore: !CAN_RUN,
  async fn() {
    await withTempDir(async (dir) => {
      const { code, stdout, stderr } = await probeResolve(
        dir,
        `for (const dataset of ["mnist", "fashion-mnist"] as const) {\n` +
          `  await resolveMnistDir({ dataset }).catch((e) => console.log(e.name + ": " + e.message.split("\\n")[0]));\n` +
          `}`,
        { env: { MNIST_DIR: "/nonexistent/mnist" } },
      );
      assert.strictEqual(code, 0, stderr);
      assert.strictEqual(
        stdout,
        "MnistNotFoundError: Cannot load MNIST as its files must be in data/mnist: missing " +
          "data/mnist/train-images-idx3-ubyte.gz (or train-images-idx3-ubyte without .gz)\n" +
          "MnistNotFoundError: Cannot load Fashion-MNIST as its files must be in data/fashion-mnist " +
          "(not checked, no read permission: /usr/share/datasets/fashion-mnist): missing " +
          "data/fashion-mnist/train-images-idx3-ubyte.gz (or train-images-idx3-ubyte without .gz)\n",
      );
    });
  },
});

Deno.test({
  name: "resolveMnistDir() says when the run may not read the folder it is given",
  ignore: !CAN_RUN,
  async fn() {
    await withTempDir(async (dir) => {
      const other = `${dir}-elsewhere`;
      const { code, stdout, stderr } = await probeResolve(
        dir,
        `for (const options of [{ dir: ${JSON.stringify(other)} }, {}]) {\n` +
          `  await resolveMnistDir(options).catch((e) => console.log(e.constructor.name + ": " + e.message));\n` +
          `}`,
        { flags: ["--allow-env=MNIST_DIR"], env: { MNIST_DIR: other } },
      );
      assert.strictEqual(code, 0, stderr);
      const hint = ` needs --allow-read=${other}\n`;
      assert.strictEqual(
        stdout,
        "NotCapable: Cannot load MNIST as the run must be allowed to read the folder given to " +
          `--data: ${other}${hint}` +
          `NotCapable: Cannot load MNIST as the run must be allowed to read the folder in MNIST_DIR: ${other}${hint}`,
      );
    });
  },
});
