/**
 * Comparing results on disk: two files (the format chosen by A's
 * extension), two directories (files matched by relative path,
 * subdirectories included; a file on one side only is a difference; names
 * starting with `.`, the temporary files of an atomic write, are ignored),
 * or either, as `deno task diff A B` does. A results JSON that is a result
 * set (a `sha256` block, see `lib/results/result_set.ts`) is also checked,
 * on each side, against the files it lists beside it: a file of the set
 * that is missing, changed or not listed is a `"set"` difference of the
 * JSON.
 *
 * @module
 */

import { basename, join } from "node:path";
import { byCodeUnits, listResultFiles } from "../_list.ts";
import { addCounts, checkTolerance, finish, formatOf, newAcc, push } from "./_comparison.ts";
import { setDifferences } from "./_sets.ts";
import { diffResultTexts } from "./compare.ts";
import type { DiffOptions, ResultsDiff } from "./types.ts";

/** `deno task report`'s overview of a results folder, derived from its JSON files. */
const OVERVIEW = "README.md";

function labelOf(a: string, b: string): string {
  const na = basename(a), nb = basename(b);
  return na === nb ? na : `${na} vs ${nb}`;
}

/**
 * Compares two results files, choosing the format from A's extension
 * (`.json`, `.csv`, anything else as text).
 *
 * @param a Path of A.
 * @param b Path of B.
 * @param options `tolerance`, and `file`: the name shown (default the
 * common base name, or `"a.json vs b.json"` when the names differ).
 * @returns The differences and counts.
 * @throws {Deno.errors.NotFound} When a file does not exist.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { diffResultFiles } from "./files.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.csv`, "step,x\n0,-0\n1,NaN\n");
 * await Deno.writeTextFile(`${dir}/b.csv`, "step,x\n0,0\n1,NaN\n");
 * const diff = await diffResultFiles(`${dir}/a.csv`, `${dir}/b.csv`);
 * assert.deepStrictEqual(diff.differences, [
 *   { file: "a.csv vs b.csv", path: "row 1 col x", kind: "number", a: -0, b: 0 },
 * ]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function diffResultFiles(
  a: string,
  b: string,
  options: DiffOptions & { readonly file?: string } = {},
): Promise<ResultsDiff> {
  const tolerance = checkTolerance(options.tolerance ?? 0);
  const file = options.file ?? labelOf(a, b);
  const format = formatOf(a);
  const [ta, tb] = await Promise.all([Deno.readTextFile(a), Deno.readTextFile(b)]);
  const diff = diffResultTexts(ta, tb, { tolerance, file, format });
  if (format !== "json") return diff;
  const sets = await setDifferences(file, a, b);
  return sets.length === 0 ? diff : { ...diff, differences: [...diff.differences, ...sets] };
}

/**
 * Compares two results directories: the files with the same relative path
 * (subdirectories included; names starting with `.` and the generated
 * overview `README.md` ignored: it is written from the JSON files, which are
 * compared), each as in {@linkcode diffResultFiles}; a file on one side only
 * is a `"missing"` (A only) or `"extra"` (B only) difference.
 *
 * @param a Directory A.
 * @param b Directory B.
 * @param options `tolerance`.
 * @returns The differences, file by file in name order, and counts over the union of files.
 * @throws {Deno.errors.NotFound} When a directory does not exist.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { diffResultDirs } from "./files.ts";
 * const a = await Deno.makeTempDir(), b = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${a}/x.svg`, "<svg/>");
 * await Deno.writeTextFile(`${b}/x.svg`, "<svg/>");
 * await Deno.writeTextFile(`${a}/y.csv`, "h\n1\n");
 * await Deno.writeTextFile(`${b}/.y.csv.123.0.tmp`, "half-written");
 * const diff = await diffResultDirs(a, b);
 * assert.deepStrictEqual(diff.differences, [
 *   { file: "y.csv", path: "", kind: "missing", a: "file", b: undefined },
 * ]);
 * assert.strictEqual(diff.files, 2);
 * await Deno.remove(a, { recursive: true });
 * await Deno.remove(b, { recursive: true });
 * ```
 */
export async function diffResultDirs(
  a: string,
  b: string,
  options: DiffOptions = {},
): Promise<ResultsDiff> {
  const tolerance = checkTolerance(options.tolerance ?? 0);
  const results = async (dir: string) =>
    (await listResultFiles(dir, { recursive: true })).filter((f) => basename(f) !== OVERVIEW);
  const [la, lb] = await Promise.all([results(a), results(b)]);
  const sa = new Set(la), sb = new Set(lb);
  const names = [...new Set([...la, ...lb])].sort(byCodeUnits);
  const acc = newAcc(tolerance);
  for (const name of names) {
    acc.file = name;
    if (!sb.has(name) || !sa.has(name)) {
      if (!sb.has(name)) push(acc, "", "missing", "file", undefined);
      else push(acc, "", "extra", undefined, "file");
      if (formatOf(name) === "json") {
        const path = (dir: string, has: Set<string>) => has.has(name) ? join(dir, name) : null;
        acc.differences.push(...await setDifferences(name, path(a, sa), path(b, sb)));
      }
      continue;
    }
    const d = await diffResultFiles(join(a, name), join(b, name), { tolerance, file: name });
    addCounts(acc, d);
    acc.differences.push(...d.differences);
    acc.notes.push(...d.notes);
  }
  return finish(acc, names.length);
}

/** What a path to compare is. */
export type ResultPathKind = "file" | "directory";

async function pathKind(path: string, name: string): Promise<ResultPathKind> {
  let info;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new RangeError(`Cannot compare results as ${name} must exist: ${name}=${path}`);
    }
    throw error;
  }
  if (info.isDirectory) return "directory";
  if (info.isFile) return "file";
  throw new TypeError(
    `Cannot compare results as ${name} must be a file or a directory: ${name}=${path}`,
  );
}

/**
 * Checks that two paths can be compared: both exist, and both are files or
 * both are directories (what {@linkcode diffResultPaths} checks first).
 *
 * @param a File or directory A.
 * @param b File or directory B.
 * @returns What both are.
 * @throws {RangeError} When a path does not exist.
 * @throws {TypeError} When a path is neither a file nor a directory, or one
 * is a file and the other a directory.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { checkResultPaths } from "./files.ts";
 * assert.strictEqual(await checkResultPaths("results", "results"), "directory");
 * await assert.rejects(() => checkResultPaths("results", "results/nope.json"), {
 *   name: "RangeError",
 *   message: "Cannot compare results as B must exist: B=results/nope.json",
 * });
 * ```
 */
export async function checkResultPaths(a: string, b: string): Promise<ResultPathKind> {
  const ka = await pathKind(a, "A"); // A first, so that two bad paths always name A
  const kb = await pathKind(b, "B");
  if (ka !== kb) {
    throw new TypeError(
      `Cannot compare results as A and B must both be files or both be directories: ` +
        `A is a ${ka} (${a}), B is a ${kb} (${b})`,
    );
  }
  return ka;
}

/**
 * Compares two results files or two results directories (what
 * `deno task diff A B` runs).
 *
 * @param a File or directory A.
 * @param b File or directory B, of the same kind as A.
 * @param options `tolerance`.
 * @returns The differences and counts.
 * @throws {RangeError} When a path does not exist (see {@linkcode checkResultPaths}).
 * @throws {TypeError} When a path is neither a file nor a directory, or one
 * is a file and the other a directory.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { diffResultPaths } from "./files.ts";
 * const diff = await diffResultPaths("results", "results");
 * assert.strictEqual(diff.differences.length, 0);
 * assert.ok(diff.numbers > 0);
 * ```
 */
export async function diffResultPaths(
  a: string,
  b: string,
  options: DiffOptions = {},
): Promise<ResultsDiff> {
  const kind = await checkResultPaths(a, b);
  return kind === "directory" ? diffResultDirs(a, b, options) : diffResultFiles(a, b, options);
}
