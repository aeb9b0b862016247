// Listing results files, shared by the set checker (verify_set.ts) and the folder comparison
// (diff/files.ts): files only, names starting with "." (an atomic write's temporary files)
// skipped, in an order that is the same on every machine and locale.

import { join } from "node:path";

/** Code-unit order, the same on every machine and locale. */
export function byCodeUnits(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The files in `dir` (through symbolic links), skipping names that start with `.`, in
 * code-unit order; with `recursive`, also those in its subfolders, as relative paths with `/`.
 */
export async function listResultFiles(
  dir: string,
  options: { readonly recursive?: boolean } = {},
): Promise<string[]> {
  const out: string[] = [];
  const walk = async (folder: string, prefix: string) => {
    for await (const entry of Deno.readDir(folder)) {
      if (entry.name.startsWith(".")) continue;
      const path = join(folder, entry.name);
      const info = entry.isSymlink ? await Deno.stat(path) : entry;
      if (info.isFile) out.push(prefix + entry.name);
      else if (info.isDirectory && options.recursive) {
        await walk(path, `${prefix}${entry.name}/`);
      }
    }
  };
  await walk(dir, "");
  return out.sort(byCodeUnits);
}
