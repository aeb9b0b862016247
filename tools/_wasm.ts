/**
 * Assembling the project's WebAssembly text modules with wabt (from npm) into
 * TypeScript files holding the bytes as base64, so the library itself needs
 * neither wabt nor file access at run time (`tools/build.ts` runs it):
 *
 * - `lib/engine/wasm/kernels.wat` → `kernels_wasm.ts` (the training engine's kernels);
 * - `lib/engine/wasm/numgrad.wat` → `numgrad_wasm.ts` (the fast numerical gradient's chains).
 *
 * A source may include a fragment shared by several modules: a line
 * `;; #include "exp.wat"` is replaced by that file's text (from the same
 * folder), so `kernels.wat` and `numgrad.wat` have one exp (`exp.wat`).
 *
 * Run `deno task build` after editing a .wat. `tests/engine/kernels_test.ts`
 * and `tests/engine/numgrad/fast_numerical_gradient_test.ts` assemble the
 * .wat files again and check that the committed files are exactly what the
 * build writes, so a binary cannot drift from its source.
 *
 * @module
 */

import wabtInit from "wabt";

/** WebAssembly features a module uses (wabt's feature flags). */
export interface WasmFeatures {
  /** f64x2 SIMD. */
  readonly simd?: boolean;
  /** Shared memory and atomics (the engine's workers). */
  readonly threads?: boolean;
}

/** One module: its source, the generated file and the function that returns its bytes. */
export interface WasmModuleSpec {
  /** The `.wat` source. */
  readonly wat: URL;
  /** The generated TypeScript module. */
  readonly ts: URL;
  /** Features the module needs. */
  readonly features: WasmFeatures;
  /** Name of the generated function that returns the bytes. */
  readonly exportName: string;
  /** The test that checks the generated file. */
  readonly checkedBy: string;
}

/** The project's modules. */
export const WASM_MODULES: { readonly kernels: WasmModuleSpec; readonly numgrad: WasmModuleSpec } =
  {
    kernels: {
      wat: new URL("../lib/engine/wasm/kernels.wat", import.meta.url),
      ts: new URL("../lib/engine/wasm/kernels_wasm.ts", import.meta.url),
      features: { simd: true, threads: true },
      exportName: "kernelsWasmBytes",
      checkedBy: "tests/engine/kernels_test.ts",
    },
    numgrad: {
      wat: new URL("../lib/engine/wasm/numgrad.wat", import.meta.url),
      ts: new URL("../lib/engine/wasm/numgrad_wasm.ts", import.meta.url),
      features: { simd: true },
      exportName: "numgradWasmBytes",
      checkedBy: "tests/engine/numgrad/fast_numerical_gradient_test.ts",
    },
  };

/**
 * Assembles WebAssembly text to a binary module (no debug names, so the bytes
 * depend only on the text).
 *
 * @param wat The module's text.
 * @param name File name for error messages.
 * @param features Features to enable (default: SIMD and threads).
 * @returns The module's bytes.
 * @throws {SyntaxError} When wabt rejects the text, with its messages.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { assembleWat } from "./_wasm.ts";
 * const bytes = await assembleWat("(module)", "empty.wat", { simd: true });
 * assert.deepStrictEqual(Array.from(bytes), [0, 97, 115, 109, 1, 0, 0, 0]);
 * ```
 */
export async function assembleWat(
  wat: string,
  name = "kernels.wat",
  features: WasmFeatures = WASM_MODULES.kernels.features,
): Promise<Uint8Array<ArrayBuffer>> {
  const wabt = await wabtInit();
  let module;
  try {
    module = wabt.parseWat(name, wat, { ...features });
  } catch (error) {
    throw new SyntaxError(`Cannot assemble ${name} as wabt rejects it: ${String(error)}`);
  }
  try {
    module.resolveNames();
    // wabt's typings omit validate's features argument, without which shared memory is rejected.
    (module.validate as unknown as (features: WasmFeatures) => void)({ ...features });
    return new Uint8Array(module.toBinary({ log: false, write_debug_names: false }).buffer);
  } catch (error) {
    throw new SyntaxError(`Cannot assemble ${name} as wabt rejects it: ${String(error)}`);
  } finally {
    module.destroy();
  }
}

const LINE = 96;

/** The project's root folder (this file lives in `tools/`). */
export const ROOT = new URL("../", import.meta.url).pathname;

/** A file's path from the project root, e.g. `lib/engine/wasm/kernels.wat`. */
export function fileName(url: URL): string {
  return url.pathname.startsWith(ROOT) ? url.pathname.slice(ROOT.length) : url.pathname;
}

/**
 * The TypeScript module that embeds `bytes` (base64, fixed line width).
 *
 * @param bytes The assembled module.
 * @param spec Which module (default: the kernels).
 * @returns The file's text.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { renderWasmModule, WASM_MODULES } from "./_wasm.ts";
 * const text = renderWasmModule(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]), WASM_MODULES.numgrad);
 * assert.ok(text.includes('  "AGFzbQEAAAA=",'));
 * assert.ok(text.includes("export function numgradWasmBytes()"));
 * ```
 */
export function renderWasmModule(
  bytes: Uint8Array,
  spec: WasmModuleSpec = WASM_MODULES.kernels,
): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  const base64 = btoa(binary);
  const lines: string[] = [];
  for (let i = 0; i < base64.length; i += LINE) lines.push(`  "${base64.slice(i, i + LINE)}",`);
  const source = fileName(spec.wat);
  return [
    `// Generated by tools/build.ts from ${source}: do not edit.`,
    `// ${spec.checkedBy} checks that this file is what build.ts writes.`,
    "",
    `/** The assembled module (${source}), base64. */`,
    "const BASE64 = [",
    ...lines,
    '].join("");',
    "",
    "/** The assembled module's bytes (a new copy per call). */",
    `export function ${spec.exportName}(): Uint8Array<ArrayBuffer> {`,
    "  return Uint8Array.fromBase64(BASE64);",
    "}",
    "",
  ].join("\n");
}

/** A line that includes a fragment: `;; #include "name.wat"`. */
const INCLUDE = /^[ \t]*;; #include "([\w.-]+\.wat)"[ \t]*$/gm;

/**
 * A module's source text with its includes expanded (one level: a fragment
 * includes nothing).
 *
 * @param wat The `.wat` file.
 * @returns The text to assemble.
 * @throws {Deno.errors.NotFound} When the file or an included one is missing.
 */
export async function readWat(wat: URL): Promise<string> {
  const text = await Deno.readTextFile(wat);
  const names = [...new Set([...text.matchAll(INCLUDE)].map((m) => m[1]))];
  const parts = new Map<string, string>();
  for (const name of names) parts.set(name, await Deno.readTextFile(new URL(name, wat)));
  return text.replace(INCLUDE, (_, name: string) => parts.get(name)!);
}

/**
 * Assembles one module's source (includes expanded) and renders its TypeScript file.
 *
 * @param spec The module.
 * @returns The generated file's text.
 */
export async function buildWasmModule(spec: WasmModuleSpec): Promise<string> {
  const wat = await readWat(spec.wat);
  return renderWasmModule(await assembleWat(wat, fileName(spec.wat), spec.features), spec);
}
