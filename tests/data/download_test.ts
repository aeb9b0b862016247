// Tests of getting the data onto disk: lib/data/download.ts against a local HTTP server on
// 127.0.0.1 (mirrors that fail in every way, then one that works), --from copies, checksum
// files, and the two scripts data/download.ts and data/to_csv.ts (in-process, and as
// subprocesses when `--allow-run=deno` is granted, as in `deno task test`).

import assert from "node:assert";
import { rejectsExactly } from "../_assert.ts";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { parseCli, UsageError } from "../../lib/cli/cli.ts";
import {
  loadMnist,
  MNIST_IDX_FILES,
  MnistFormatError,
  MnistNotFoundError,
  MnistValueError,
} from "../../lib/data/mod.ts";
import { writeBytesAtomic } from "../../lib/results/results.ts";
import { makeReporter, type Reporter } from "../../lib/cli/progress.ts";
import {
  describeFailure,
  installMnist,
  MNIST_MIRRORS,
  parseChecksums,
  readChecksums,
  sha256Hex,
  verifyFile,
} from "../../lib/data/download/mod.ts";
import { main as downloadMain, spec as downloadSpec } from "../../data/download.ts";
import { main as toCsvMain, spec as toCsvSpec } from "../../data/to_csv.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const FIXTURES = new URL("../fixtures/mnist/", import.meta.url);
const TINY_DIR = new URL("tiny", FIXTURES).pathname;
const TINY: { sha256: Record<string, string> } = JSON.parse(
  await Deno.readTextFile(new URL("tiny.json", FIXTURES)),
);
const REAL: Record<string, { sha256: Record<string, string> }> = JSON.parse(
  await Deno.readTextFile(new URL("real_data.json", FIXTURES)),
);
const SUMS = new Map(Object.entries(TINY.sha256));
const NAMES = Object.values(MNIST_IDX_FILES);

/** The decompressed contents of each tiny IDX file. */
const TINY_RAW: Record<string, Uint8Array> = {};
for (const name of NAMES) {
  for (const file of [name + ".gz", name]) {
    try {
      const bytes = await Deno.readFile(join(TINY_DIR, file));
      TINY_RAW[name] = file.endsWith(".gz") ? new Uint8Array(gunzipSync(bytes)) : bytes;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
}

function capture(): { reporter: Reporter; lines: string[] } {
  const lines: string[] = [];
  const reporter = makeReporter({
    bar: false,
    write: { out: (t) => lines.push(...t.trimEnd().split("\n")), err: () => {} },
  });
  return { reporter, lines };
}

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "mnist_download_test_" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

/**
 * A local mirror server. Folders: good/ (the tiny files gzip'd), plain/ (uncompressed),
 * missing/ (404), corrupt/ (other contents), broken/ (a cut gzip stream), stall/ (one byte,
 * then nothing).
 */
async function withMirrors<T>(fn: (base: string, hits: string[]) => Promise<T>): Promise<T> {
  const hits: string[] = [];
  const stalls: ReadableStreamDefaultController<Uint8Array>[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (request) => {
    const [, folder, file] = new URL(request.url).pathname.split("/");
    hits.push(`${folder}/${file}`);
    const name = file.replace(/\.gz$/, "");
    const raw = TINY_RAW[name] as Uint8Array<ArrayBuffer> | undefined;
    const body = (bytes: Uint8Array) => new Response(bytes as Uint8Array<ArrayBuffer>);
    if (!raw || folder === "missing") return new Response("no such file", { status: 404 });
    if (folder === "good") return body(gzipSync(raw));
    if (folder === "plain") return body(raw);
    if (folder === "corrupt") return body(gzipSync(raw.slice(0, raw.length - 1)));
    if (folder === "broken") return body(gzipSync(raw).slice(0, 20));
    if (folder === "stall") {
      return new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new Uint8Array([0x1f]));
            stalls.push(controller);
          },
        }),
      );
    }
    return new Response("bad folder", { status: 400 });
  });
  try {
    return await fn(`http://127.0.0.1:${server.addr.port}/`, hits);
  } finally {
    for (const c of stalls) {
      try {
        c.close();
      } catch { /* already cancelled by the client */ }
    }
    await server.shutdown();
  }
}

Deno.test("installMnist() tries the next mirror after a 404, wrong contents, a corrupt stream and a stall", async () => {
  await withMirrors((base, hits) =>
    withTempDir(async (out) => {
      const { reporter, lines } = capture();
      const mirrors = ["missing", "corrupt", "broken", "stall", "good"].map((f) => `${base}${f}/`);
      const result = await installMnist({
        dataset: "mnist",
        out,
        mirrors,
        checksums: SUMS,
        idleTimeoutMs: 200,
        reporter,
        writeFile: writeBytesAtomic,
      });
      assert.deepStrictEqual(result, {
        files: NAMES.map((n) => join(out, n + ".gz")),
        present: 0,
        fetched: 4,
      });
      assert.deepStrictEqual(await listDir(out), NAMES.map((n) => n + ".gz").sort());
      for (const name of NAMES) {
        assert.deepStrictEqual(
          new Uint8Array(gunzipSync(await Deno.readFile(join(out, name + ".gz")))),
          TINY_RAW[name],
        );
      }
      assert.strictEqual(hits.length, 20);
      const f = "train-images-idx3-ubyte.gz";
      const good = gzipSync(TINY_RAW[MNIST_IDX_FILES.trainImages]).length;
      const corrupt = await sha256Hex(TINY_RAW[MNIST_IDX_FILES.trainImages].slice(0, -1));
      assert.deepStrictEqual(lines.slice(0, 5), [
        `${base}missing/${f}: failed (HTTP 404 Not Found), trying the next mirror`,
        `${base}corrupt/${f}: failed (Cannot verify MNIST as the SHA-256 of the decompressed contents must match ` +
        `data/mnist.sha256: file=${base}corrupt/${f}, expected ${
          SUMS.get(MNIST_IDX_FILES.trainImages)
        }, got ${corrupt}), ` +
        `trying the next mirror`,
        `${base}broken/${f}: failed (Cannot verify MNIST as the gzip stream must be valid: file=${base}broken/${f}, ` +
        `zlib: unexpected end of file), trying the next mirror`,
        `${base}stall/${f}: failed (no data for 0.2 s), trying the next mirror`,
        `${join(out, f)}: ${(good / 1e6).toFixed(1)} MB from ${base}good/, SHA-256 ok`,
      ]);
    })
  );
});

Deno.test("installMnist() fails naming every mirror's reason when none delivers, and writes nothing", async () => {
  await withMirrors((base) =>
    withTempDir(async (out) => {
      const { reporter } = capture();
      // A port nothing listens on: open one, note it, close it.
      const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
      const closed = `http://127.0.0.1:${listener.addr.port}/`;
      listener.close();
      const f = "train-images-idx3-ubyte.gz";
      await rejectsExactly(
        installMnist({
          dataset: "mnist",
          out,
          mirrors: [`${base}missing/`, `${base}stall/`, closed],
          checksums: SUMS,
          idleTimeoutMs: 100,
          reporter,
          writeFile: writeBytesAtomic,
        }),
        Error,
        `Cannot download ${f} as one mirror must deliver it with the expected SHA-256: ` +
          `${base}missing/${f}: HTTP 404 Not Found; ${base}stall/${f}: no data for 0.1 s; ` +
          `${closed}${f}: ${await connectionRefused(`${closed}${f}`)}\n` +
          "Offline? Copy and verify a local copy with `deno task data:mnist --from DIR`",
      );
      assert.deepStrictEqual(await listDir(out), []);
    })
  );
});

async function connectionRefused(url: string): Promise<string> {
  try {
    await fetch(url);
  } catch (error) {
    return describeFailure(error);
  }
  throw new Error(`expected ${url} to refuse connections`);
}

Deno.test("installMnist() keeps files that verify, replaces ones that do not, saves plain bodies without .gz", async () => {
  await withMirrors((base, hits) =>
    withTempDir(async (out) => {
      const { reporter, lines } = capture();
      await installMnist({
        dataset: "mnist",
        out,
        mirrors: [`${base}plain/`],
        checksums: SUMS,
        reporter,
        writeFile: writeBytesAtomic,
      });
      assert.deepStrictEqual(await listDir(out), [...NAMES].sort());
      hits.length = 0;
      const again = await installMnist({
        dataset: "mnist",
        out,
        mirrors: [`${base}plain/`],
        checksums: SUMS,
        reporter,
        writeFile: writeBytesAtomic,
      });
      assert.deepStrictEqual([again.present, again.fetched, hits.length], [4, 0, 0]);
      const bad = join(out, MNIST_IDX_FILES.testLabels);
      await Deno.writeFile(bad, new Uint8Array([1, 2, 3]));
      lines.length = 0;
      const fixed = await installMnist({
        dataset: "mnist",
        out,
        mirrors: [`${base}good/`],
        checksums: SUMS,
        reporter,
        writeFile: writeBytesAtomic,
      });
      assert.deepStrictEqual([fixed.present, fixed.fetched, hits], [3, 1, [
        "good/t10k-labels-idx1-ubyte.gz",
      ]]);
      assert.ok(
        lines[3].startsWith(
          `${bad}: does not verify, replacing it (Cannot verify MNIST as the SHA-256`,
        ),
      );
      // The loader prefers the .gz name, so the stale raw file no longer matters.
      const loaded = await loadMnist({ dir: out, normalize: false, env: () => undefined });
      assert.ok(loaded.source.format === "idx");
      assert.deepStrictEqual(
        loaded.source.files.testLabels,
        join(out, "t10k-labels-idx1-ubyte.gz"),
      );
      assert.deepStrictEqual(loaded.test.labels, TINY_RAW[MNIST_IDX_FILES.testLabels].slice(8));
    })
  );
});

Deno.test("installMnist() with from copies and verifies each file, keeping its name", async () => {
  await withTempDir(async (out) => {
    const { reporter } = capture();
    const result = await installMnist({
      dataset: "mnist",
      out,
      from: TINY_DIR,
      checksums: SUMS,
      reporter,
      writeFile: writeBytesAtomic,
    });
    const names = [
      "train-images-idx3-ubyte.gz",
      "train-labels-idx1-ubyte",
      "t10k-images-idx3-ubyte",
      "t10k-labels-idx1-ubyte.gz",
    ];
    assert.deepStrictEqual(result, {
      files: names.map((n) => join(out, n)),
      present: 0,
      fetched: 4,
    });
    for (const n of names) {
      assert.deepStrictEqual(
        await Deno.readFile(join(out, n)),
        await Deno.readFile(join(TINY_DIR, n)),
      );
    }
    const env = () => undefined;
    assert.deepStrictEqual(
      await loadMnist({ dir: out, env }).then((d) => d.train),
      await loadMnist({ dir: TINY_DIR, env }).then((d) => d.train),
    );
  });
});

Deno.test("installMnist() with from rejects a missing file or a checksum mismatch and writes nothing", async (t) => {
  await withTempDir(async (dir) => {
    const from = join(dir, "from"), out = join(dir, "out");
    await Deno.mkdir(from);
    await Deno.mkdir(out);
    for (const name of NAMES) await Deno.writeFile(join(from, name), TINY_RAW[name]);
    const { reporter } = capture();
    await t.step("checksum mismatch", async () => {
      const path = join(from, MNIST_IDX_FILES.testImages);
      const bad = TINY_RAW[MNIST_IDX_FILES.testImages].slice();
      bad[100] ^= 1;
      await Deno.writeFile(path, bad);
      await rejectsExactly(
        installMnist({
          dataset: "mnist",
          out,
          from,
          checksums: SUMS,
          reporter,
          writeFile: writeBytesAtomic,
        }),
        MnistValueError,
        `Cannot verify MNIST as the SHA-256 of the decompressed contents must match data/mnist.sha256: ` +
          `file=${path}, expected ${SUMS.get(MNIST_IDX_FILES.testImages)}, got ${await sha256Hex(
            bad,
          )}`,
      );
      assert.deepStrictEqual(await listDir(out), []);
    });
    await t.step("corrupt gzip", async () => {
      const path = join(from, MNIST_IDX_FILES.testImages + ".gz");
      await Deno.writeFile(path, gzipSync(TINY_RAW[MNIST_IDX_FILES.testImages]).slice(0, 30));
      await rejectsExactly(
        installMnist({
          dataset: "mnist",
          out,
          from,
          checksums: SUMS,
          reporter,
          writeFile: writeBytesAtomic,
        }),
        MnistFormatError,
        `Cannot verify MNIST as the gzip stream must be valid: file=${path}, zlib: unexpected end of file`,
      );
      await Deno.remove(path);
      assert.deepStrictEqual(await listDir(out), []);
    });
    await t.step("missing file", async () => {
      await Deno.remove(join(from, MNIST_IDX_FILES.testImages));
      await rejectsExactly(
        installMnist({
          dataset: "mnist",
          out,
          from,
          checksums: SUMS,
          reporter,
          writeFile: writeBytesAtomic,
        }),
        MnistNotFoundError,
        `Cannot copy MNIST as the folder given to --from must hold every IDX file: ` +
          `missing ${from}/t10k-images-idx3-ubyte.gz (or t10k-images-idx3-ubyte without .gz)`,
      );
      assert.deepStrictEqual(await listDir(out), []);
    });
    await t.step("empty file", async () => {
      const path = join(from, MNIST_IDX_FILES.testImages);
      await Deno.writeFile(path, new Uint8Array(0));
      await rejectsExactly(
        installMnist({
          dataset: "mnist",
          out,
          from,
          checksums: SUMS,
          reporter,
          writeFile: writeBytesAtomic,
        }),
        MnistFormatError,
        `Cannot verify MNIST as the file must not be empty: file=${path}`,
      );
    });
  });
});

Deno.test("the shipped checksum files hold NumPy's SHA-256 of the decompressed files", async () => {
  for (const dataset of ["mnist", "fashion-mnist"] as const) {
    const sums = await readChecksums(dataset);
    assert.deepStrictEqual(Object.fromEntries(sums), REAL[dataset].sha256);
  }
  // The standard mirrors' hosts are the ones the data:mnist task may reach.
  const task: string =
    JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json"))).tasks["data:mnist"];
  const allowed = /--allow-net=(\S+)/.exec(task)![1].split(",");
  for (const url of Object.values(MNIST_MIRRORS).flat()) {
    assert.ok(allowed.includes(new URL(url).hostname), url);
  }
});

Deno.test("parseChecksums() and readChecksums() reject malformed checksum files", async () => {
  const hex = "ab".repeat(32);
  assert.deepStrictEqual(
    parseChecksums(`${hex}  a\r\n${hex.toUpperCase()} *b\n\n`, "s"),
    new Map([["a", hex], ["b", hex]]),
  );
  assert.throws(() => parseChecksums(`${hex} a`, "s"), {
    name: "MnistFormatError",
    message:
      `Cannot read checksums as every line must be "<sha256 hex>  <file name>": file=s, line 1, got "${hex} a"`,
  });
  await withTempDir(async (dir) => {
    const path = join(dir, "x.sha256");
    await Deno.writeTextFile(path, `${hex}  train-images-idx3-ubyte\n`);
    await assert.rejects(readChecksums("mnist", path), {
      name: "MnistFormatError",
      message:
        `Cannot read checksums as every IDX file must have one: file=${path}, missing train-labels-idx1-ubyte`,
    });
  });
});

Deno.test("verifyFile() accepts raw or gzip'd contents with the right SHA-256 and names the mismatch", async () => {
  const raw = TINY_RAW[MNIST_IDX_FILES.trainLabels];
  const expected = SUMS.get(MNIST_IDX_FILES.trainLabels)!;
  await verifyFile(raw, "a", expected, "s");
  await verifyFile(gzipSync(raw), "a.gz", expected, "s");
  await rejectsExactly(
    verifyFile(raw, "a", "00".repeat(32), "data/mnist.sha256"),
    MnistValueError,
    `Cannot verify MNIST as the SHA-256 of the decompressed contents must match data/mnist.sha256: ` +
      `file=a, expected ${"00".repeat(32)}, got ${expected}`,
  );
});

// ---------------------------------------------------------------------------
// The scripts

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

const CAN_RUN = Deno.permissions.querySync({ name: "run", command: "deno" }).state === "granted";

async function runScript(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await new Deno.Command("deno", {
    args,
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder();
  return { code, stdout: text.decode(stdout), stderr: text.decode(stderr) };
}

Deno.test({
  name: "deno task data:mnist exits 2 on a usage error, 1 on a checksum mismatch, 0 for --help",
  ignore: !CAN_RUN,
  async fn() {
    const run = ["run", "--allow-read", "data/download.ts"];
    const usage = await runScript([...run, "--dataset", "emnist"]);
    assert.strictEqual(usage.code, 2);
    assert.strictEqual(
      usage.stderr,
      'error: --dataset must be one of mnist, fashion-mnist: got "emnist"\n\n' +
        "Usage: deno task data:mnist [flags]  (see --help)\n",
    );
    const help = await runScript([...run, "--help"]);
    assert.strictEqual(help.code, 0);
    assert.ok(help.stdout.includes("--from DIR"), help.stdout);
    await withTempDir(async (out) => {
      // The tiny fixtures are not MNIST: the shipped checksums reject them and nothing is written.
      const bad = await runScript([
        "run",
        "--allow-read",
        `--allow-write=${out}`,
        "data/download.ts",
        ...["--from", TINY_DIR, "--out", out, "--quiet"],
      ]);
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
  name: "deno task data:csv converts the tiny IDX files in a subprocess",
  ignore: !CAN_RUN,
  async fn() {
    await withTempDir(async (out) => {
      const result = await runScript([
        "run",
        "--allow-read",
        `--allow-write=${out}`,
        "data/to_csv.ts",
        "--data",
        TINY_DIR,
        "--out",
        out,
        "--quiet",
      ]);
      assert.strictEqual(result.code, 0, result.stderr);
      assert.match(result.stdout, /^mnist CSV written from .* in [0-9.]+ s\n$/);
      assert.deepStrictEqual(await listDir(out), ["mnist_test.csv", "mnist_train.csv"]);
    });
  },
});

Deno.test({
  name: "resolveMnistDir() without env or fallback read permission neither prompts nor reads them",
  ignore: !CAN_RUN,
  async fn() {
    await withTempDir(async (dir) => {
      const probe = join(dir, "probe.ts");
      await Deno.writeTextFile(
        probe,
        `import { resolveMnistDir } from ${
          JSON.stringify(new URL("../../lib/data/mod.ts", import.meta.url).href)
        };\n` +
          `for (const dataset of ["mnist", "fashion-mnist"] as const) {\n` +
          `  await resolveMnistDir({ dataset }).catch((e) => console.log(e.name + ": " + e.message.split("\\n")[0]));\n` +
          `}\n`,
      );
      const { code, stdout, stderr } = await new Deno.Command("deno", {
        args: ["run", "--no-prompt", `--allow-read=${dir}`, probe],
        cwd: dir,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
        env: { NO_COLOR: "1", MNIST_DIR: "/nonexistent/mnist" },
      }).output();
      assert.strictEqual(code, 0, new TextDecoder().decode(stderr));
      assert.strictEqual(
        new TextDecoder().decode(stdout),
        "MnistNotFoundError: Cannot load MNIST as its files must be in data/mnist: missing " +
          "data/mnist/train-images-idx3-ubyte.gz (or train-images-idx3-ubyte without .gz)\n" +
          "MnistNotFoundError: Cannot load Fashion-MNIST as its files must be in data/fashion-mnist " +
          "(not checked, no read permission: /usr/share/datasets/fashion-mnist): missing " +
          "data/fashion-mnist/train-images-idx3-ubyte.gz (or train-images-idx3-ubyte without .gz)\n",
      );
    });
  },
});
