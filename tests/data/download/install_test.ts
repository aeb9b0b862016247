// Tests of lib/data/download/install.ts (and fetch.ts): installMnist() against a local HTTP server
// on 127.0.0.1 (mirrors that fail in every way, then one that works) and --from copies.

import assert from "node:assert";
import { rejectsExactly } from "../../_assert.ts";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import {
  loadMnist,
  MNIST_IDX_FILES,
  MnistFormatError,
  MnistNotFoundError,
  MnistValueError,
} from "../../../lib/data/mod.ts";
import {
  describeFailure,
  installMnist,
  type InstallOptions,
  type InstallResult,
  sha256Hex,
} from "../../../lib/data/download/mod.ts";
import { writeBytesAtomic } from "../../../lib/results/atomic.ts";
import { capture, listDir, TINY_DIR, TINY_RAW, TINY_SUMS, withTempDir } from "../_fixtures.ts";

const SUMS = TINY_SUMS;
const NAMES = Object.values(MNIST_IDX_FILES);

/** installMnist() of MNIST with the tiny set's checksums and the atomic writer. */
function install(
  options: Omit<InstallOptions, "dataset" | "writeFile"> & Partial<InstallOptions>,
): Promise<InstallResult> {
  return installMnist({
    dataset: "mnist",
    checksums: SUMS,
    writeFile: writeBytesAtomic,
    ...options,
  });
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

async function connectionRefused(url: string): Promise<string> {
  try {
    await fetch(url);
  } catch (error) {
    return describeFailure(error);
  }
  throw new Error(`expected ${url} to refuse connections`);
}

Deno.test("installMnist() says when --out or --from is a file, or --from is not there", async (t) => {
  await withTempDir(async (dir) => {
    const file = join(dir, "notes.txt");
    await Deno.writeTextFile(file, "not a folder");
    const { reporter } = capture();
    await t.step("--out is a file", async () => {
      await rejectsExactly(
        install({ out: file, from: TINY_DIR, reporter }),
        Deno.errors.NotADirectory,
        `Cannot install MNIST as --out must be a folder, not a file: ${file} is a file`,
      );
    });
    await t.step("--from is a file", async () => {
      await rejectsExactly(
        install({ out: join(dir, "out"), from: file, reporter }),
        Deno.errors.NotADirectory,
        `Cannot copy MNIST as --from must be a folder, not a file: ${file} is a file`,
      );
    });
    await t.step("--from is not there", async () => {
      const from = join(dir, "nowhere");
      await rejectsExactly(
        install({ out: join(dir, "out"), from, reporter }),
        MnistNotFoundError,
        `Cannot copy MNIST as the folder given to --from must exist: ${from} is not there`,
      );
    });
    assert.deepStrictEqual(await listDir(dir), ["notes.txt"]);
  });
});

Deno.test("installMnist() names Fashion-MNIST in every message about Fashion-MNIST", async (t) => {
  await withTempDir(async (dir) => {
    const from = join(dir, "from"), out = join(dir, "out");
    await Deno.mkdir(from);
    const { reporter } = capture();
    const fashion = { dataset: "fashion-mnist", out, reporter } as const;
    await t.step("a checksum list without a file", async () => {
      await rejectsExactly(
        install({ ...fashion, checksums: new Map() }),
        MnistFormatError,
        "Cannot install Fashion-MNIST as every IDX file must have a checksum: " +
          "file=data/fashion-mnist.sha256, missing train-images-idx3-ubyte",
      );
    });
    await t.step("no mirror delivers", async () => {
      await rejectsExactly(
        install({ ...fashion, mirrors: [] }),
        Error,
        "Cannot download the Fashion-MNIST file train-images-idx3-ubyte.gz as one mirror must " +
          "deliver it with the expected SHA-256: no mirrors given\n" +
          "Offline? Copy and verify a local copy with " +
          "`deno task data:mnist --dataset fashion-mnist --from DIR`",
      );
    });
    await t.step("--from lacks a file", async () => {
      await rejectsExactly(
        install({ ...fashion, from }),
        MnistNotFoundError,
        "Cannot copy Fashion-MNIST as the folder given to --from must hold every IDX file: " +
          `missing ${from}/train-images-idx3-ubyte.gz (or train-images-idx3-ubyte without .gz)`,
      );
    });
    await t.step("--from holds a file that does not verify", async () => {
      const path = join(from, MNIST_IDX_FILES.trainImages);
      const bad = TINY_RAW[MNIST_IDX_FILES.trainLabels];
      await Deno.writeFile(path, bad);
      await rejectsExactly(
        install({ ...fashion, from }),
        MnistValueError,
        "Cannot verify Fashion-MNIST as the SHA-256 of the decompressed contents must match " +
          `data/fashion-mnist.sha256: file=${path}, expected ` +
          `${SUMS.get(MNIST_IDX_FILES.trainImages)}, got ${await sha256Hex(bad)}`,
      );
    });
  });
});

Deno.test("installMnist() tries the next mirror after a 404, wrong contents, a corrupt stream and a stall", async () => {
  await withMirrors((base, hits) =>
    withTempDir(async (out) => {
      const { reporter, lines } = capture();
      const mirrors = ["missing", "corrupt", "broken", "stall", "good"].map((f) => `${base}${f}/`);
      const result = await install({ out, mirrors, idleTimeoutMs: 200, reporter });
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
        `${base}broken/${f}: failed (Cannot verify MNIST as a gzip file must be complete: ` +
        `file=${base}broken/${f}, got 20 bytes that end mid-stream (truncated; get the file again)), ` +
        "trying the next mirror",
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
        install({
          out,
          mirrors: [`${base}missing/`, `${base}stall/`, closed],
          idleTimeoutMs: 100,
          reporter,
        }),
        Error,
        `Cannot download the MNIST file ${f} as one mirror must deliver it with the expected SHA-256: ` +
          `${base}missing/${f}: HTTP 404 Not Found; ${base}stall/${f}: no data for 0.1 s; ` +
          `${closed}${f}: ${await connectionRefused(`${closed}${f}`)}\n` +
          "Offline? Copy and verify a local copy with `deno task data:mnist --from DIR`",
      );
      assert.deepStrictEqual(await listDir(out), []);
    })
  );
});

Deno.test("installMnist() keeps files that verify, replaces ones that do not, saves plain bodies without .gz", async () => {
  await withMirrors((base, hits) =>
    withTempDir(async (out) => {
      const { reporter, lines } = capture();
      await install({
        out,
        mirrors: [`${base}plain/`],
        reporter,
      });
      assert.deepStrictEqual(await listDir(out), [...NAMES].sort());
      hits.length = 0;
      const again = await install({
        out,
        mirrors: [`${base}plain/`],
        reporter,
      });
      assert.deepStrictEqual([again.present, again.fetched, hits.length], [4, 0, 0]);
      const bad = join(out, MNIST_IDX_FILES.testLabels);
      await Deno.writeFile(bad, new Uint8Array([1, 2, 3]));
      lines.length = 0;
      const fixed = await install({
        out,
        mirrors: [`${base}good/`],
        reporter,
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
    const result = await install({ out, from: TINY_DIR, reporter });
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
        install({ out, from, reporter }),
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
        install({ out, from, reporter }),
        MnistFormatError,
        `Cannot verify MNIST as a gzip file must be complete: file=${path}, got 30 bytes that ` +
          "end mid-stream (truncated; get the file again)",
      );
      await Deno.remove(path);
      assert.deepStrictEqual(await listDir(out), []);
    });
    await t.step("missing file", async () => {
      await Deno.remove(join(from, MNIST_IDX_FILES.testImages));
      await rejectsExactly(
        install({ out, from, reporter }),
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
        install({ out, from, reporter }),
        MnistFormatError,
        `Cannot verify MNIST as the file must not be empty: file=${path}`,
      );
    });
  });
});
