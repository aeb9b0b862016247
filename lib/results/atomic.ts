/**
 * Atomic writes: every results file goes to a temporary file in the same
 * directory that is then renamed over the target, so a run stopped half-way
 * never leaves a truncated or half-written file under the final name. (The
 * temporary files' names start with `.`, which `deno task diff` ignores.)
 *
 * @module
 */

import { basename, dirname, join } from "node:path";

/**
 * Writes `text` to `path` atomically: into a temporary file beside it, then
 * renamed over `path`. Creates the parent directory if needed. If anything
 * fails, the temporary file is removed and `path` keeps its old content.
 *
 * @param path Target file.
 * @param text Content.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { writeTextAtomic } from "./atomic.ts";
 * const dir = await Deno.makeTempDir();
 * await writeTextAtomic(`${dir}/a/b.txt`, "hello\n");
 * assert.strictEqual(await Deno.readTextFile(`${dir}/a/b.txt`), "hello\n");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeTextAtomic(path: string, text: string): Promise<void> {
  await writeBytesAtomic(path, new TextEncoder().encode(text));
}

/**
 * Writes bytes to `path` atomically (see {@linkcode writeTextAtomic}).
 *
 * @param path Target file.
 * @param bytes Content.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { writeBytesAtomic } from "./atomic.ts";
 * const dir = await Deno.makeTempDir();
 * await writeBytesAtomic(`${dir}/b.bin`, new Uint8Array([0, 255]));
 * assert.deepStrictEqual(await Deno.readFile(`${dir}/b.bin`), new Uint8Array([0, 255]));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeBytesAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const dir = dirname(path);
  await Deno.mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${Deno.pid}.${tmpCounter++}.tmp`);
  try {
    await Deno.writeFile(tmp, bytes);
    await Deno.rename(tmp, path);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
}

let tmpCounter = 0;
