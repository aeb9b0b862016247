// The architecture the README's layout section describes, checked on the source: imports run one
// way (core ← nets ← engine ← train ← cli ← experiments/tools; data/ and results/ use only core),
// type-only imports included; no import cycle; no runnable script in lib/; no lib file over 350
// lines of code (comments and blank lines not counted; generated modules excepted).
// Oracle: the import lines themselves, read from every file of lib/, experiments/, tools/, bench/
// and the data scripts.

import assert from "node:assert";
import { join, relative } from "node:path";
import { ROOT } from "./_deno.ts";

/** Every `.ts` file below `dir` (relative to the root). */
async function tsFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(join(ROOT, dir))) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) out.push(...await tsFiles(path));
    else if (entry.name.endsWith(".ts")) out.push(path);
  }
  return out.sort();
}

/** The source without its comments (JSDoc examples hold imports that are not the file's). */
function code(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

/**
 * The local files a file imports or re-exports, type-only imports and static dynamic imports
 * included, as root-relative paths.
 */
export function localImports(file: string, source: string): string[] {
  const specifiers = [
    ...code(source).matchAll(/(?:^|;|\n)\s*(?:import|export)\b[^;"']*?from\s*["']([^"']+)["']/g),
    ...code(source).matchAll(/(?:^|\n)\s*import\s*["']([^"']+)["']/g),
    ...code(source).matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
  ].map((m) => m[1]);
  const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : ".";
  return specifiers
    .filter((s) => s.startsWith("."))
    .map((s) => relative(ROOT, join(ROOT, dir, s)).replaceAll("\\", "/"));
}

/** The layer a file belongs to: lib's first folder, or experiments/tools/the root mod.ts. */
function layer(file: string): string {
  const parts = file.split("/");
  if (parts[0] === "lib") return parts.length > 2 ? parts[1] : "lib";
  if (parts[0] === "data" || parts[0] === "bench") return "scripts"; // data:mnist, data:csv, bench
  return parts[0] === "mod.ts" ? "mod" : parts[0];
}

/** What each layer may import (besides itself, `node:` and `npm:`). */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  data: ["core"],
  results: ["core"],
  nets: ["core"],
  engine: ["core", "nets"],
  train: ["core", "nets", "engine", "data", "results"],
  cli: ["core", "nets", "engine", "train", "data", "results"],
  mod: ["core", "nets", "engine", "train", "data", "results"],
  experiments: ["core", "nets", "engine", "train", "data", "results", "cli"],
  tools: ["core", "nets", "engine", "train", "data", "results", "cli"],
  scripts: ["core", "nets", "engine", "train", "data", "results", "cli"],
};

const FILES = [
  "mod.ts",
  ...await tsFiles("lib"),
  ...await tsFiles("experiments"),
  ...await tsFiles("tools"),
  ...await tsFiles("data"),
  ...await tsFiles("bench"),
];
const SOURCES = new Map(
  await Promise.all(
    FILES.map(async (f) => [f, await Deno.readTextFile(join(ROOT, f))] as const),
  ),
);
const GRAPH = new Map(FILES.map((f) => [f, localImports(f, SOURCES.get(f)!)]));

Deno.test("localImports() reads import, export-from, type-only and dynamic imports, not comments", () => {
  const source = [
    "/**",
    ' * import { notMine } from "./example.ts";',
    " */",
    'import { a } from "./a.ts";',
    'import type { B } from "../core/b.ts";',
    "import {",
    "  c,",
    "  type D,",
    '} from "./c.ts";',
    'export * from "./e.ts";',
    'import "./side_effect.ts";',
    'import fc from "fast-check";',
    'const m = await import("./lazy.ts");',
    '// import { commented } from "./commented.ts";',
  ].join("\n");
  assert.deepStrictEqual(localImports("lib/train/x.ts", source).sort(), [
    "lib/core/b.ts",
    "lib/train/a.ts",
    "lib/train/c.ts",
    "lib/train/e.ts",
    "lib/train/lazy.ts",
    "lib/train/side_effect.ts",
  ]);
});

/** The imports that go against {@linkcode ALLOWED}, as `file (layer) → target (layer)`. */
function layerViolations(graph: Map<string, string[]>): string[] {
  const wrong: string[] = [];
  for (const [file, imports] of graph) {
    for (const target of imports) {
      const [from, to] = [layer(file), layer(target)];
      if (from !== to && !ALLOWED[from]?.includes(to)) {
        wrong.push(`${file} (${from}) → ${target} (${to})`);
      }
    }
  }
  return wrong;
}

/** The import cycles of a graph, each as `a → b → … → a`. */
function findCycles(graph: Map<string, string[]>): string[] {
  const state = new Map<string, "open" | "done">();
  const cycles: string[] = [];
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === "done") return;
    if (state.get(file) === "open") {
      cycles.push([...path.slice(path.indexOf(file)), file].join(" → "));
      return;
    }
    state.set(file, "open");
    for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    state.set(file, "done");
  };
  for (const file of graph.keys()) visit(file, []);
  return cycles;
}

Deno.test("layerViolations() and findCycles() find a wrong-way import and a cycle", () => {
  const graph = new Map([
    ["lib/core/a.ts", ["lib/nets/b.ts"]], // core must not import nets
    ["lib/nets/b.ts", ["lib/nets/c.ts"]],
    ["lib/nets/c.ts", ["lib/core/a.ts"]],
  ]);
  assert.deepStrictEqual(layerViolations(graph), ["lib/core/a.ts (core) → lib/nets/b.ts (nets)"]);
  assert.deepStrictEqual(findCycles(graph), [
    "lib/core/a.ts → lib/nets/b.ts → lib/nets/c.ts → lib/core/a.ts",
  ]);
});

Deno.test("every import runs one way: core ← nets ← engine ← train ← cli ← experiments/tools", () => {
  const edges = [...GRAPH.values()].flat();
  assert.ok(edges.length > 200, `only ${edges.length} imports found: the reader is broken`);
  const missing = edges.filter((target) => !SOURCES.has(target));
  assert.deepStrictEqual(missing, [], "imports of files that are not here");
  assert.deepStrictEqual(layerViolations(GRAPH), []);
});

Deno.test("there is no import cycle, type-only imports included", () => {
  assert.deepStrictEqual(findCycles(GRAPH), []);
});

/** Lines of code as the project counts them: not blank, not a comment line. */
function codeLines(source: string): number {
  return source.split("\n").filter((l) => !/^\s*($|\*|\/\*|\/\/)/.test(l)).length;
}

Deno.test("no lib file is a runnable script or holds more than 350 lines of code", () => {
  const scripts = FILES.filter((f) =>
    f.startsWith("lib/") && SOURCES.get(f)!.includes("import.meta.main")
  );
  assert.deepStrictEqual(scripts, []);
  const generated = (f: string) => /_wasm\.ts$|_bundle\.ts$/.test(f);
  const big = FILES.filter((f) => f.startsWith("lib/") && !generated(f))
    .map((f) => [f, codeLines(SOURCES.get(f)!)] as const)
    .filter(([, n]) => n > 350);
  assert.deepStrictEqual(big, []);
  assert.strictEqual(codeLines("/**\n * doc\n */\nconst a = 1; // note\n\n// only\n"), 1);
});
