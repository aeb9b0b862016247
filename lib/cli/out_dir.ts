/**
 * Checking `--out DIR` before any work: a run that trains for minutes must
 * not find out at the end that it cannot write its results. The folder is
 * created if missing, must be a folder, and must take a file (a probe is
 * written and removed), all within a moment.
 *
 * @module
 */

import { join } from "node:path";
import { UsageError } from "./flags.ts";

/**
 * Makes sure results can be written to `dir` (the `--out` flag's value).
 *
 * @param dir The folder (created, with its parents, when missing).
 * @param flag The flag's name for messages (default `out`).
 * @throws {UsageError} When `dir` is a file, or the system refuses to create or write in it.
 * @throws {Deno.errors.NotCapable} When this process was not granted write access there.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { prepareOutDir } from "./out_dir.ts";
 * const dir = await Deno.makeTempDir();
 * await prepareOutDir(`${dir}/new/folder`);
 * assert.ok((await Deno.stat(`${dir}/new/folder`)).isDirectory);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function prepareOutDir(dir: string, flag = "out"): Promise<void> {
  const refuse = (why: string) =>
    new UsageError(`--${flag} must be a folder this process can write: ${dir} ${why}`);
  try {
    await Deno.mkdir(dir, { recursive: true }); // nothing to do when it is a folder already
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) throw error;
    const info = await Deno.stat(dir).catch(() => undefined);
    throw refuse(
      info && !info.isDirectory ? "is a file" : `cannot be created (${osReason(error)})`,
    );
  }
  const probe = join(dir, `.dlfs-write-probe-${Deno.pid}`);
  try {
    await Deno.writeTextFile(probe, "");
    await Deno.remove(probe);
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) throw error;
    throw refuse(`is not writable (${osReason(error)})`);
  }
}

/** The system's reason, without Deno's "(os error N)" and the call and path it names. */
function osReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\(os error \d+\).*$/, "").replace(/:.*$/, "").toLowerCase();
}
