// Oracle: the documented rule for --out (a folder this process can write, created when missing)
// and the exact messages, on paths the kernel refuses: a file, a path under a file, and a folder
// made unwritable (immutable with chattr when the tests run as root, who may write anything else).

import assert from "node:assert";
import { join } from "node:path";
import { prepareOutDir, UsageError } from "../../lib/cli/mod.ts";
import { rejectsExactly } from "../_assert.ts";
import { runScript, runShell } from "../_deno.ts";

Deno.test("prepareOutDir() creates a missing folder with its parents and leaves nothing in it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = join(dir, "a", "b");
    await prepareOutDir(out);
    await prepareOutDir(out); // an existing folder is fine too
    assert.deepStrictEqual(await Array.fromAsync(Deno.readDir(out)), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("prepareOutDir() refuses a path it cannot write with a usage error naming it", async (t) => {
  const dir = await Deno.makeTempDir();
  const file = join(dir, "results.json");
  await Deno.writeTextFile(file, "{}");
  const refused = (path: string, why: string) =>
    rejectsExactly(
      prepareOutDir(path),
      UsageError,
      `--out must be a folder this process can write: ${path} ${why}`,
    );
  try {
    await t.step("a file", () => refused(file, "is a file"));
    await t.step(
      "under a file",
      () => refused(join(file, "sub"), "cannot be created (not a directory)"),
    );
    await t.step(
      "a folder nobody may write (immutable for root, read-only otherwise)",
      async () => {
        const locked = join(dir, "locked");
        await Deno.mkdir(locked);
        const root = (await runShell("id -u")).stdout.trim() === "0";
        const lock = await runShell(root ? `chattr +i '${locked}'` : `chmod 555 '${locked}'`);
        assert.strictEqual(lock.code, 0, lock.stderr);
        try {
          const why = root ? "operation not permitted" : "permission denied";
          await refused(locked, `is not writable (${why})`);
          await refused(join(locked, "sub"), `cannot be created (${why})`);
        } finally {
          await runShell(root ? `chattr -i '${locked}'` : `chmod 755 '${locked}'`);
        }
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("prepareOutDir() passes a denied Deno permission on unchanged, for runCli's hint", async () => {
  const url = JSON.stringify(new URL("../../lib/cli/out_dir.ts", import.meta.url).href);
  const script = `import { prepareOutDir } from ${url};
    try { await prepareOutDir("/tmp/dlfs-denied-out"); } catch (e) { console.log(e.name + ": " + e.message); }`;
  const out = await runScript("denied.ts", script, ["--allow-read"]);
  assert.strictEqual(
    out.stdout,
    'NotCapable: Requires write access to "/tmp/dlfs-denied-out", run again with the --allow-write flag\n',
  );
});
