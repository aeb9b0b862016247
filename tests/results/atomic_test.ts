// Oracles: the file system (what is on disk after a write, a failed write and a race), with
// Deno.writeFile and Deno.rename stubbed to fail the way a full disk or a kill does.

import assert from "node:assert";
import { join } from "node:path";
import { writeBytesAtomic, writeTextAtomic } from "../../lib/results/atomic.ts";
import { listDir, withStub, withTempDir } from "./_helpers.ts";

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
