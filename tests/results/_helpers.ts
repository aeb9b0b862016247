// Helpers shared by the results tests (not a test file itself): scratch folders, the committed
// results, a results JSON as an experiment writes it, and the next double up.

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringifyResults } from "../../lib/results/format.ts";

/** The repository's root folder. */
export const ROOT: string = fileURLToPath(new URL("../..", import.meta.url));
/** The committed results. */
export const RESULTS: string = join(ROOT, "results");

/** Runs `fn` with a fresh temporary directory, removed afterwards. */
export async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "dlfs_results_test_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The names in `dir`, sorted. */
export async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) names.push(e.name);
  return names.sort();
}

/** Replaces one `Deno` function for the duration of `fn`. */
export async function withStub<K extends "writeFile" | "rename">(
  key: K,
  stub: (typeof Deno)[K],
  fn: () => Promise<void>,
): Promise<void> {
  const original = Deno[key];
  (Deno as unknown as Record<string, unknown>)[key] = stub;
  try {
    await fn();
  } finally {
    (Deno as unknown as Record<string, unknown>)[key] = original;
  }
}

/** The runtime block of a results JSON written by this process. */
export function runtimeNow(): { deno: string; v8: string; typescript: string } {
  return { deno: Deno.version.deno, v8: Deno.version.v8, typescript: Deno.version.typescript };
}

/** Copies the files (not the subfolders) of `from` into `to`. */
export async function copyDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isFile) await Deno.copyFile(join(from, e.name), join(to, e.name));
  }
}

/** The double right after `x` (towards +Infinity), from its bit pattern. */
export function nextUp(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, x >= 0 ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}

/** A small results file as an experiment writes it. */
export function resultsText(
  body: Record<string, unknown>,
  header: Record<string, unknown> = {},
): string {
  return stringifyResults({
    experiment: "09_example",
    section: "4.5",
    title: "An example",
    seed: 0,
    config: { seed: 0, lr: 0.1, hidden: [50] },
    runtime: { deno: "2.9.6", v8: "15.0.245.2-rusty", typescript: "6.0.3" },
    ...header,
    ...body,
  });
}
