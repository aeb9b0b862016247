/**
 * Regenerates the library's generated modules: the WebAssembly kernels
 * (`lib/engine/wasm/*.wat` → `*_wasm.ts`, see `_wasm.ts`) and the bundled
 * worker programs (`…_worker.ts` → `…_worker_bundle.ts`, see `_workers.ts`).
 * Run it after editing a `.wat` file or any module a worker imports; with
 * `--check` it writes nothing and fails when a generated file is stale.
 *
 *     deno task build            # rewrite the generated files
 *     deno task build --check    # exit 1 if any is not what the build writes
 *
 * @module
 */

import { type CliSpec, EXIT, runCli, switchFlag } from "../lib/cli/mod.ts";
import { buildWasmModule, fileName, WASM_MODULES } from "./_wasm.ts";
import { buildWorkerBundle, WORKER_BUNDLES } from "./_workers.ts";

/** Flags of `deno task build`. */
export interface Config {
  /** Compare instead of writing. */
  readonly check: boolean;
}

/** Command line (see `--help`). */
export const cli: CliSpec<Config> = {
  usage: "deno task build",
  description: "Regenerates the WebAssembly modules and the bundled worker programs in lib/.",
  flags: { check: switchFlag("write nothing; exit 1 when a generated file is stale") },
};

/** Builds every generated file in order; returns the exit code. */
export async function main(config: Config): Promise<number> {
  const jobs = [
    ...Object.values(WASM_MODULES).map((spec) => ({
      ts: spec.ts,
      build: () => buildWasmModule(spec),
    })),
    ...WORKER_BUNDLES.map((spec) => ({ ts: spec.ts, build: () => buildWorkerBundle(spec) })),
  ];
  let stale = 0;
  for (const job of jobs) {
    const text = await job.build();
    const old = await Deno.readTextFile(job.ts).catch(() => "");
    if (text === old) continue;
    if (config.check) {
      stale++;
      console.error(`stale: ${fileName(job.ts)} (run deno task build)`);
    } else {
      await Deno.writeTextFile(job.ts, text);
      console.log(`wrote ${fileName(job.ts)}`);
    }
  }
  if (!config.check) return EXIT.ok;
  console.log(stale ? `${stale} generated file(s) stale` : "generated files up to date");
  return stale ? EXIT.failure : EXIT.ok;
}

if (import.meta.main) await runCli(cli, Deno.args, main);
