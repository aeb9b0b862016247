// Checking the result sets among the compared files (files.ts): each side's JSON against its own
// files, as "set" differences of the JSON. Private: verify_set.ts is the public checker.

import { basename, dirname } from "node:path";
import { SET_KEY } from "../_result_set_rules.ts";
import { parseResultsJson } from "../format.ts";
import {
  checkResultSetFiles,
  readResultSetHashes,
  type ResultSetProblem,
  type ResultSetProblemKind,
} from "../verify_set.ts";
import { keyPath } from "./_comparison.ts";
import type { Difference } from "./types.ts";

/** One side's set: not a set (or no file, or a JSON that does not parse), unreadable, or checked. */
type SideCheck = null | { readonly invalid: string } | { readonly problems: ResultSetProblem[] };

async function checkSide(path: string | null): Promise<SideCheck> {
  if (path === null) return null;
  let results;
  try {
    results = parseResultsJson(await Deno.readTextFile(path));
  } catch (error) {
    if (error instanceof SyntaxError) return null; // reported as an "invalid" file, if it differs
    throw error;
  }
  let hashes;
  try {
    hashes = readResultSetHashes(results);
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) {
      return { invalid: error.message };
    }
    throw error;
  }
  if (hashes === null) return null;
  return { problems: await checkResultSetFiles(dirname(path), basename(path, ".json"), hashes) };
}

/**
 * The "set" differences of one results JSON: on each side that has it (null: the side lacks
 * the file), whether it is a result set whose files do not match it. One difference per file
 * of the set that is wrong on either side (A's in A's order, then B's others), each with
 * what is wrong on A and on B, after one for a `sha256` block that cannot be read.
 */
export async function setDifferences(
  file: string,
  a: string | null,
  b: string | null,
): Promise<Difference[]> {
  const [ca, cb] = await Promise.all([checkSide(a), checkSide(b)]);
  const block = keyPath("$", SET_KEY);
  const out: Difference[] = [];
  const invalid = (c: SideCheck) => c !== null && "invalid" in c ? c.invalid : null;
  if (invalid(ca) !== null || invalid(cb) !== null) {
    out.push({ file, path: block, kind: "set", a: invalid(ca), b: invalid(cb) });
  }
  const members = new Map<
    string,
    { a: ResultSetProblemKind | null; b: ResultSetProblemKind | null }
  >();
  for (const p of ca !== null && "problems" in ca ? ca.problems : []) {
    members.set(p.file, { a: p.kind, b: null });
  }
  for (const p of cb !== null && "problems" in cb ? cb.problems : []) {
    const seen = members.get(p.file);
    if (seen) seen.b = p.kind;
    else members.set(p.file, { a: null, b: p.kind });
  }
  for (const [member, { a, b }] of members) {
    out.push({ file, path: keyPath(block, member), kind: "set", a, b });
  }
  return out;
}
