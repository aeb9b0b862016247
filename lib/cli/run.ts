/**
 * Running a command from its {@linkcode CliSpec}: parsing the arguments (a
 * typed layer over `node:util`'s `parseArgs`, the JSR-free stand-in for
 * `@std/cli`), `--help`, and exit codes — 0 done, 1 failed (one line saying
 * why), 2 a usage error with a pointer to `--help`.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { type CliSpec, type Flag, kebab, UsageError } from "./flags.ts";

/**
 * Joins each flag that takes a value with the value that follows it
 * (`["--seed", "-1"]` → `["--seed=-1"]`): `parseArgs` would read `-1` as an
 * option, so the flag's own check would never see it. A value flag followed
 * by another flag, or by nothing, is a usage error naming it.
 */
function joinValues(spec: CliSpec<unknown>, args: readonly string[]): string[] {
  const valueFlags = new Map<string, string>();
  for (const [key, flag] of Object.entries(spec.flags as Record<string, Flag<unknown>>)) {
    if (flag.parse) valueFlags.set(kebab(key), flag.meta ?? "VALUE");
  }
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith("--") ? args[i].slice(2) : "";
    const meta = valueFlags.get(name);
    if (meta === undefined) {
      out.push(args[i]);
      continue;
    }
    const next = args[i + 1];
    if (next === undefined || next === "--" || (next.startsWith("--") && next.length > 2)) {
      const got = next === undefined ? "nothing follows it" : `${next} follows it`;
      throw new UsageError(`--${name} needs a value (--${name} ${meta}): ${got}`);
    }
    out.push(`${args[i]}=${next}`);
    i++;
  }
  return out;
}

/**
 * Parses command-line arguments against a spec. `--help` is not handled
 * here (see {@linkcode runCli}).
 *
 * @param spec The command's flags.
 * @param args Arguments, e.g. `Deno.args`.
 * @returns The config (defaults overridden by the flags given) plus `positionals`.
 * @throws {UsageError} For an unknown flag, a missing or bad value, or wrong positionals.
 */
export function parseCli<C>(
  spec: CliSpec<C>,
  args: readonly string[],
): C & { positionals: string[] } {
  const options: Record<string, { type: "string" | "boolean" }> = {};
  const keys = Object.keys(spec.flags) as (keyof C & string)[];
  for (const key of keys) {
    options[kebab(key)] = { type: spec.flags[key].parse ? "string" : "boolean" };
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: joinValues(spec as CliSpec<unknown>, args),
      options,
      strict: true,
      allowPositionals: spec.positionals !== undefined,
    });
  } catch (error) {
    throw new UsageError(
      (error as Error).message.replace(/\.?\s*$/, "").replace(/^TypeError: /, ""),
    );
  }
  const config = {} as Record<string, unknown>;
  for (const key of keys) {
    const flag = spec.flags[key];
    const name = kebab(key);
    const raw = (parsed.values as Record<string, string | boolean | undefined>)[name];
    config[key] = raw === undefined
      ? flag.default
      : flag.parse
      ? flag.parse(raw as string, name)
      : raw;
  }
  const positionals = parsed.positionals;
  const p = spec.positionals;
  if (p && (positionals.length < p.min || positionals.length > p.max)) {
    throw new UsageError(
      `expected ${p.min === p.max ? p.min : `${p.min} to ${p.max}`} argument(s) (${
        p.names.join(" ")
      }): ` +
        `got ${positionals.length}`,
    );
  }
  return { ...config, positionals } as C & { positionals: string[] };
}

/**
 * The `--help` text of a command.
 *
 * @param spec The command.
 * @returns Usage line, description and one line per flag with its default.
 */
export function helpText<C>(spec: CliSpec<C>): string {
  const rows: [string, string][] = [];
  for (const key of Object.keys(spec.flags) as (keyof C & string)[]) {
    const flag = spec.flags[key];
    const left = `--${kebab(key)}${flag.meta && flag.parse ? ` ${flag.meta}` : ""}`;
    const def = flag.parse
      ? ` (default: ${Array.isArray(flag.default) ? flag.default.join(",") : flag.default})`
      : "";
    rows.push([left, flag.help + def]);
  }
  rows.push(["--help", "show this help and exit"]);
  const width = Math.max(...rows.map(([l]) => l.length));
  const pos = spec.positionals ? " " + spec.positionals.names.join(" ") : "";
  return [
    `Usage: ${spec.usage}${pos} [flags]`,
    "",
    spec.description.trim(),
    "",
    "Flags:",
    ...rows.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`),
    "",
  ].join("\n");
}

/** Exit codes of {@linkcode runCli}. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/**
 * Runs a command's `main` from the command line: prints `--help`, turns a
 * {@linkcode UsageError} into exit code 2 and any other error into a one-line
 * message and exit code 1 (set `DLFS_DEBUG=1` for the stack). A denied file
 * permission — the script run with `deno run` and narrower flags than its
 * task grants — names the exact command that works: the task with the same
 * arguments.
 *
 * @param spec The command.
 * @param args `Deno.args`.
 * @param main The command's work, given the parsed config; if it returns a
 *   number, that is the exit code (a diff that found differences returns 1).
 * @returns The exit code (also set as `Deno.exitCode`).
 */
export async function runCli<C>(
  spec: CliSpec<C>,
  args: readonly string[],
  main: (config: C & { positionals: string[] }) => Promise<unknown> | unknown,
): Promise<number> {
  const pos = spec.positionals ? " " + spec.positionals.names.join(" ") : "";
  const usage = `Usage: ${spec.usage}${pos} [flags]  (see --help)`;
  if (args.includes("--help") || args.includes("-h")) {
    console.log(helpText(spec));
    return (Deno.exitCode = EXIT.ok);
  }
  let config;
  try {
    config = parseCli(spec, args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`error: ${error.message}\n\n${usage}`);
    return (Deno.exitCode = EXIT.usage);
  }
  try {
    const code = await main(config);
    return (Deno.exitCode = typeof code === "number" ? code : EXIT.ok);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}\n\n${usage}`);
      return (Deno.exitCode = EXIT.usage);
    }
    console.error(`error: ${describeError(error, spec.usage, args)}`);
    if (debugEnabled()) console.error((error as Error)?.stack);
    return (Deno.exitCode = EXIT.failure);
  }
}

function debugEnabled(): boolean {
  try {
    return Deno.env.get("DLFS_DEBUG") === "1";
  } catch {
    return false;
  }
}

/** Quotes an argument for a POSIX shell when it needs it. */
function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=,@%+-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

/**
 * The one-line message for an error that ends a command: its message; for a
 * denied file permission (the script was run with `deno run` and narrower
 * flags than its task's) the exact command that works; for a path Deno
 * keeps for `--allow-all` (`/proc`, `/dev`, …: no task has it), that the
 * path cannot be used.
 */
function describeError(error: unknown, usage: string, args: readonly string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  const denied = error instanceof Deno.errors.NotCapable ||
    error instanceof Deno.errors.PermissionDenied;
  const special = denied ? /^Requires all access to "([^"]*)"/.exec(message) : null;
  if (special) {
    return `Cannot use ${special[1]}: Deno lets only --allow-all touch this special system ` +
      `path (as /proc and /dev); give a folder elsewhere`;
  }
  const fileAccess = /^Requires (read|write) access to |needs --allow-(read|write)=/.test(message);
  if (denied && fileAccess && usage.startsWith("deno task ")) {
    const command = [usage, ...args.map(shellQuote)].join(" ");
    return `${message.replace(/\.?$/, "")}; its task may read and write any path: ${command}`;
  }
  return message;
}
