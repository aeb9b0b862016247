/**
 * Checking a result set as a set: every file its JSON lists is there with
 * the listed SHA-256, and no other file named like the set (`<stem>.…`, the
 * JSON's own name without `.json`) lies beside it. A run stopped between
 * its writes leaves a set that fails this check: a new CSV beside an old
 * JSON is a `"changed"` file, a new figure the old JSON never listed an
 * `"unlisted"` one. (Names starting with `.`, the temporary files of an
 * atomic write, are ignored.)
 *
 * @module
 */

import { basename, dirname, join } from "node:path";
import { listResultFiles } from "./_list.ts";
import { PLAIN_FILE_NAME, SET_KEY, SHA256_HEX } from "./_result_set_rules.ts";
import { parseResultsJson } from "./format.ts";
import { sha256Hex } from "./sha256.ts";

/** What is wrong with one file of a result set. */
export type ResultSetProblemKind =
  /** Listed in the JSON, but not there. */
  | "missing"
  /** Listed in the JSON, but its bytes have another SHA-256. */
  | "changed"
  /** Named like the set (`<stem>.…`) but not listed in the JSON. */
  | "unlisted";

/** One file of a result set that does not match its JSON. */
export interface ResultSetProblem {
  /** The file's name, in the JSON's folder. */
  readonly file: string;
  /** What is wrong. */
  readonly kind: ResultSetProblemKind;
  /** The SHA-256 the JSON lists (null for an unlisted file). */
  readonly expected: string | null;
  /** The SHA-256 of the file's bytes (null for a missing file). */
  readonly actual: string | null;
}

/** The outcome of {@linkcode verifyResultSet}. */
export interface ResultSetCheck {
  /** The JSON checked, as given. */
  readonly json: string;
  /** The files the JSON lists, in write order. */
  readonly files: readonly string[];
  /** The listed files that are missing or changed (in listed order), then the unlisted ones (by name). */
  readonly problems: readonly ResultSetProblem[];
}

/**
 * The files a parsed results JSON lists as its result set, with their SHA-256.
 *
 * @param results A parsed results JSON ({@linkcode parseResultsJson}).
 * @returns File name → SHA-256 hex, in write order; null when `results` is
 *   not a result set (no top-level `sha256` block).
 * @throws {TypeError} When the `sha256` block is not an object.
 * @throws {RangeError} When a listed name is not a plain file name or a
 *   digest is not 64 lowercase hex digits.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { readResultSetHashes } from "./verify_set.ts";
 * const hex = "0".repeat(64);
 * assert.deepStrictEqual(
 *   readResultSetHashes({ experiment: "x", sha256: { "x.loss.csv": hex } }),
 *   new Map([["x.loss.csv", hex]]),
 * );
 * assert.strictEqual(readResultSetHashes({ experiment: "x", files: {} }), null);
 * ```
 */
export function readResultSetHashes(results: unknown): Map<string, string> | null {
  if (typeof results !== "object" || results === null || Array.isArray(results)) return null;
  if (!Object.hasOwn(results, SET_KEY)) return null;
  const listed = (results as Record<string, unknown>)[SET_KEY];
  if (typeof listed !== "object" || listed === null || Array.isArray(listed)) {
    throw new TypeError(
      `Cannot read a result set as its ${SET_KEY} block must be an object of file names and ` +
        `digests: ${SET_KEY} is ${Array.isArray(listed) ? "an array" : String(listed)}`,
    );
  }
  const hashes = new Map<string, string>();
  for (const [file, digest] of Object.entries(listed)) {
    if (!PLAIN_FILE_NAME.test(file)) {
      throw new RangeError(
        `Cannot read a result set as every listed name must be a file name in the JSON's folder: ` +
          `name=${file}`,
      );
    }
    if (typeof digest !== "string" || !SHA256_HEX.test(digest)) {
      throw new RangeError(
        `Cannot read a result set as every listed digest must be 64 lowercase hex digits: ` +
          `${file}=${String(digest)}`,
      );
    }
    hashes.set(file, digest);
  }
  return hashes;
}

/** The SHA-256 of a file, or null when it does not exist. */
async function digestOf(path: string): Promise<string | null> {
  try {
    return await sha256Hex(await Deno.readFile(path));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/**
 * Checks the files of a result set against the digests its JSON lists.
 *
 * @param dir The JSON's folder.
 * @param stem The JSON's name without `.json`: files named `<stem>.…` belong to the set.
 * @param hashes The listed files ({@linkcode readResultSetHashes}).
 * @returns The problems: listed files missing or changed, in listed order,
 *   then unlisted files named like the set, by name.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { checkResultSetFiles } from "./verify_set.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/x.extra.csv`, "a\n1\n");
 * const problems = await checkResultSetFiles(dir, "x", new Map([["x.loss.csv", "0".repeat(64)]]));
 * assert.deepStrictEqual(problems.map((p) => [p.file, p.kind]), [
 *   ["x.loss.csv", "missing"],
 *   ["x.extra.csv", "unlisted"],
 * ]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function checkResultSetFiles(
  dir: string,
  stem: string,
  hashes: ReadonlyMap<string, string>,
): Promise<ResultSetProblem[]> {
  const problems: ResultSetProblem[] = [];
  for (const [file, expected] of hashes) {
    const actual = await digestOf(join(dir, file));
    if (actual === null) problems.push({ file, kind: "missing", expected, actual });
    else if (actual !== expected) problems.push({ file, kind: "changed", expected, actual });
  }
  const unlisted = (await listResultFiles(dir)).filter((name) =>
    name.startsWith(`${stem}.`) && name !== `${stem}.json` && !hashes.has(name)
  );
  for (const file of unlisted) {
    const actual = await digestOf(join(dir, file));
    problems.push({ file, kind: "unlisted", expected: null, actual });
  }
  return problems;
}

/**
 * Checks a result set as a set: reads its JSON, then every listed file's
 * SHA-256, and looks for files named like the set that the JSON does not list.
 *
 * @param jsonPath The set's JSON, e.g. `results/04_train_two_layer_net.json`.
 * @returns The listed files and the problems (none for a whole set).
 * @throws {TypeError} When the JSON is not a result set (no `sha256` block), or the block is not an object.
 * @throws {RangeError} When a listed name or digest is malformed (see {@linkcode readResultSetHashes}).
 * @throws {SyntaxError} When the JSON does not parse.
 * @throws {Deno.errors.NotFound} When the JSON does not exist.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { resultSet } from "./result_set.ts";
 * import { verifyResultSet } from "./verify_set.ts";
 * const dir = await Deno.makeTempDir();
 * const header = { experiment: "99_x", section: "4.2", title: "t", seed: null, config: {} };
 * const set = resultSet(dir, "99_x");
 * await set.csv("loss.csv", ["step", "loss"], [[0, 1]]);
 * const json = await set.json(header, {});
 * assert.deepStrictEqual(await verifyResultSet(json), {
 *   json,
 *   files: ["99_x.loss.csv"],
 *   problems: [],
 * });
 * // A rerun stopped after its CSV: a new CSV beside the old JSON.
 * await resultSet(dir, "99_x").csv("loss.csv", ["step", "loss"], [[0, 2]]);
 * assert.deepStrictEqual((await verifyResultSet(json)).problems.map((p) => p.kind), ["changed"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function verifyResultSet(jsonPath: string): Promise<ResultSetCheck> {
  const hashes = readResultSetHashes(parseResultsJson(await Deno.readTextFile(jsonPath)));
  if (hashes === null) {
    throw new TypeError(
      `Cannot verify a result set as its JSON must list the set's files in a top-level ` +
        `${SET_KEY} block: json=${jsonPath}`,
    );
  }
  const problems = await checkResultSetFiles(
    dirname(jsonPath),
    basename(jsonPath, ".json"),
    hashes,
  );
  return { json: jsonPath, files: [...hashes.keys()], problems };
}
