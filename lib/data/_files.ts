// Finding data files on disk (private: not re-exported): the loader and the installer look for
// each IDX file the same way, `NAME.gz` first, then `NAME`.

import { join } from "node:path";

/** Whether `path` is a folder, something else (a file), or not there. */
export async function pathKind(path: string): Promise<"folder" | "file" | "missing"> {
  try {
    return (await Deno.stat(path)).isDirectory ? "folder" : "file";
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "missing";
    throw error;
  }
}

/** Whether `path` is a file (false when it is missing or a folder). */
export async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/** The path of `name.gz` or else `name` in `dir`, or undefined. */
export async function findIdxFile(dir: string, name: string): Promise<string | undefined> {
  for (const candidate of [join(dir, name + ".gz"), join(dir, name)]) {
    if (await isFile(candidate)) return candidate;
  }
  return undefined;
}

/** How messages name a missing IDX file: `DIR/NAME.gz (or NAME without .gz)`. */
export function missingIdxFile(dir: string, name: string): string {
  return `${join(dir, name + ".gz")} (or ${name} without .gz)`;
}
