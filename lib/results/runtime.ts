/**
 * The runtime record of a results file: the Deno, V8 and TypeScript versions
 * that produced it (V8's `Math.exp` and `Math.log` are part of the arithmetic).
 *
 * @module
 */

/** The runtime that produced a result: its arithmetic (V8's `Math.exp`, `Math.log`) lives here. */
export interface RuntimeInfo {
  /** Deno version, e.g. "2.9.6". */
  readonly deno: string;
  /** V8 version. */
  readonly v8: string;
  /** TypeScript version. */
  readonly typescript: string;
}

/**
 * The runtime versions recorded in every results file.
 *
 * @returns Deno, V8 and TypeScript versions.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { runtimeInfo } from "./runtime.ts";
 * assert.strictEqual(runtimeInfo().deno, Deno.version.deno);
 * ```
 */
export function runtimeInfo(): RuntimeInfo {
  return { deno: Deno.version.deno, v8: Deno.version.v8, typescript: Deno.version.typescript };
}
