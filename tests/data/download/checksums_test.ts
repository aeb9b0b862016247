// Tests of lib/data/download/checksums.ts: the shipped SHA-256 lists against NumPy's digests
// (tests/fixtures/mnist/real_data.json), malformed lists, and verifying raw or gzip'd files.

import assert from "node:assert";
import { rejectsExactly } from "../../_assert.ts";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import {
  MNIST_IDX_FILES,
  MnistFormatError,
  MnistNotFoundError,
  MnistValueError,
} from "../../../lib/data/mod.ts";
import {
  MNIST_MIRRORS,
  parseChecksums,
  readChecksums,
  verifyFile,
} from "../../../lib/data/download/mod.ts";
import { readFixture, ROOT, TINY_RAW, TINY_SUMS, withTempDir } from "../_fixtures.ts";

const SUMS = TINY_SUMS;
const REAL: Record<string, { sha256: Record<string, string> }> = await readFixture(
  "real_data.json",
);

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
  assert.throws(() => parseChecksums("x", "s", { dataset: "fashion-mnist" }), {
    name: "MnistFormatError",
    message:
      `Cannot read Fashion-MNIST checksums as every line must be "<sha256 hex>  <file name>": file=s, line 1, got "x"`,
  });
  await withTempDir(async (dir) => {
    const path = join(dir, "x.sha256");
    await Deno.writeTextFile(path, `${hex}  train-images-idx3-ubyte\n`);
    await assert.rejects(readChecksums("mnist", path), {
      name: "MnistFormatError",
      message:
        `Cannot read MNIST checksums as every IDX file must have one: file=${path}, missing train-labels-idx1-ubyte`,
    });
    await rejectsExactly(
      readChecksums("fashion-mnist", join(dir, "none.sha256")),
      MnistNotFoundError,
      `Cannot read Fashion-MNIST checksums as the file must exist: file=${dir}/none.sha256`,
    );
  });
});

Deno.test("verifyFile() accepts raw or gzip'd contents with the right SHA-256 and names the mismatch", async () => {
  const raw = TINY_RAW[MNIST_IDX_FILES.trainLabels];
  const expected = SUMS.get(MNIST_IDX_FILES.trainLabels)!;
  const options = { dataset: "mnist", expected, sumsFile: "s" } as const;
  await verifyFile(raw, "a", options);
  await verifyFile(gzipSync(raw), "a.gz", options);
  // Named .gz: gzip, or IDX decompressed on the way (servers may decompress a .gz), else refused.
  await verifyFile(raw, "http://127.0.0.1/a.gz", options);
  await rejectsExactly(
    verifyFile(new Uint8Array([0x50, 0x4b, 3, 4]), "data/mnist/a.gz", options),
    MnistFormatError,
    "Cannot verify MNIST as a file named .gz must start with the gzip magic bytes 1f 8b: " +
      "file=data/mnist/a.gz, got 50 4b 03 04 (not a gzip file)",
  );
  await rejectsExactly(
    verifyFile(raw, "a", { ...options, expected: "00".repeat(32), sumsFile: "data/mnist.sha256" }),
    MnistValueError,
    `Cannot verify MNIST as the SHA-256 of the decompressed contents must match data/mnist.sha256: ` +
      `file=a, expected ${"00".repeat(32)}, got ${expected}`,
  );
});
