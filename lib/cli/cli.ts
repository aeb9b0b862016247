/**
 * Command-line flags for the experiments and tools: a typed, validated layer
 * over `node:util`'s `parseArgs` (the JSR-free stand-in for `@std/cli`).
 *
 * Every experiment declares its flags once ({@linkcode CliSpec}); the same
 * declaration gives the defaults, the parser and the `--help` text. A bad
 * flag or value is a {@linkcode UsageError}; {@linkcode runCli} prints it with
 * a pointer to `--help` and exits with code 2.
 *
 * @module
 */

import { parseArgs } from "node:util";

/** A wrong flag, value or argument on the command line (exit code 2). */
export class UsageError extends Error {
  /** @param message What is wrong, with the offending value. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** One flag: how to parse its text, its default and its help line. */
export interface Flag<T> {
  /** Help text, one line. */
  readonly help: string;
  /** Value when the flag is absent. */
  readonly default: T;
  /** Placeholder shown in help, e.g. "N" or "DIR"; absent for boolean switches. */
  readonly meta?: string;
  /** Turns the flag's text into a value; throws `UsageError` on bad text. Absent for switches. */
  readonly parse?: (text: string, flag: string) => T;
}

/** A command: its name, one-paragraph description and flags keyed by config field. */
export interface CliSpec<C> {
  /** How the user runs it, e.g. "deno task exp:03". */
  readonly usage: string;
  /** What it does (printed by --help). */
  readonly description: string;
  /** The flags; `--kebab-case` on the command line for each camelCase key. */
  readonly flags: { readonly [K in keyof C]: Flag<C[K]> };
  /** Names of positional arguments, if the command takes any (for help and checking). */
  readonly positionals?: {
    readonly names: readonly string[];
    readonly min: number;
    readonly max: number;
  };
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
}

/**
 * A boolean switch, false unless given.
 *
 * @param help Help text.
 * @returns The flag.
 */
export function switchFlag(help: string): Flag<boolean> {
  return { help, default: false };
}

/**
 * An integer flag within `[min, max]`.
 *
 * @param defaultValue Default.
 * @param help Help text.
 * @param options Bounds (inclusive) and the help placeholder.
 * @returns The flag.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { intFlag, parseCli } from "./cli.ts";
 * const spec = { usage: "x", description: "", flags: { seed: intFlag(0, "seed", { min: 0 }) } };
 * assert.deepStrictEqual(parseCli(spec, ["--seed", "42"]), { seed: 42, positionals: [] });
 * assert.throws(() => parseCli(spec, ["--seed", "1.5"]), /--seed must be an integer >= 0: got "1.5"/);
 * ```
 */
export function intFlag(
  defaultValue: number,
  help: string,
  options: { min?: number; max?: number; meta?: string } = {},
): Flag<number> {
  const { min = -Infinity, max = Infinity, meta = "N" } = options;
  return {
    help,
    default: defaultValue,
    meta,
    parse: (text, flag) => parseInteger(text, flag, min, max),
  };
}

function rangeText(min: number, max: number): string {
  if (min > -Infinity && max < Infinity) return ` in [${min}, ${max}]`;
  if (min > -Infinity) return ` >= ${min}`;
  if (max < Infinity) return ` <= ${max}`;
  return "";
}

function parseInteger(text: string, flag: string, min: number, max: number): number {
  const value = /^[+-]?\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(
      `--${flag} must be an integer${rangeText(min, max)}: got ${JSON.stringify(text)}`,
    );
  }
  return value === 0 ? 0 : value; // "-0" is the integer 0, not -0 (which results files keep)
}

/**
 * A finite number flag; `positive: true` requires > 0.
 *
 * @param defaultValue Default.
 * @param help Help text.
 * @param options `positive`, inclusive `min`, and the help placeholder.
 * @returns The flag.
 */
export function numberFlag(
  defaultValue: number,
  help: string,
  options: { positive?: boolean; min?: number; meta?: string } = {},
): Flag<number> {
  const { positive = false, min = -Infinity, meta = "X" } = options;
  return {
    help,
    default: defaultValue,
    meta,
    parse: (text, flag) => {
      const value = text.trim() === "" ? NaN : Number(text);
      if (!Number.isFinite(value) || (positive && value <= 0) || value < min) {
        const rule = positive ? " > 0" : rangeText(min, Infinity);
        throw new UsageError(
          `--${flag} must be a finite number${rule}: got ${JSON.stringify(text)}`,
        );
      }
      return value;
    },
  };
}

/**
 * A string flag (a path, a name), non-empty.
 *
 * @param defaultValue Default.
 * @param help Help text.
 * @param meta Help placeholder, e.g. "DIR".
 * @returns The flag.
 */
export function stringFlag(defaultValue: string, help: string, meta = "TEXT"): Flag<string> {
  return {
    help,
    default: defaultValue,
    meta,
    parse: (text, flag) => {
      if (text === "") throw new UsageError(`--${flag} must not be empty`);
      return text;
    },
  };
}

/**
 * A flag whose value is one of a fixed list.
 *
 * @param defaultValue Default (one of `choices`).
 * @param choices The allowed values.
 * @param help Help text.
 * @returns The flag.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { choiceFlag, parseCli } from "./cli.ts";
 * const spec = {
 *   usage: "x",
 *   description: "",
 *   flags: { gradient: choiceFlag("backprop", ["backprop", "numerical"] as const, "method") },
 * };
 * assert.throws(
 *   () => parseCli(spec, ["--gradient", "adam"]),
 *   /--gradient must be one of backprop, numerical: got "adam"/,
 * );
 * ```
 */
export function choiceFlag<const T extends string>(
  defaultValue: T,
  choices: readonly T[],
  help: string,
): Flag<T> {
  return {
    help,
    default: defaultValue,
    meta: choices.join("|"),
    parse: (text, flag) => {
      if (!(choices as readonly string[]).includes(text)) {
        throw new UsageError(
          `--${flag} must be one of ${choices.join(", ")}: got ${JSON.stringify(text)}`,
        );
      }
      return text as T;
    },
  };
}

/**
 * A comma-separated list of integers in `[min, max]`, at least one, no duplicates.
 *
 * @param defaultValue Default list.
 * @param help Help text.
 * @param options Bounds (inclusive).
 * @returns The flag.
 */
export function intListFlag(
  defaultValue: readonly number[],
  help: string,
  options: { min?: number; max?: number } = {},
): Flag<readonly number[]> {
  const { min = -Infinity, max = Infinity } = options;
  return {
    help,
    default: defaultValue,
    meta: "N,N,...",
    parse: (text, flag) => {
      const parts = text.split(",").map((s) => s.trim());
      if (parts.some((p) => p === "")) {
        throw new UsageError(
          `--${flag} must be a comma-separated list of integers: got ${JSON.stringify(text)}`,
        );
      }
      const values = parts.map((p) => {
        try {
          return parseInteger(p, flag, min, max);
        } catch {
          throw new UsageError(
            `--${flag} must be a comma-separated list of integers${rangeText(min, max)}: got ${
              JSON.stringify(text)
            }`,
          );
        }
      });
      if (new Set(values).size !== values.length) {
        throw new UsageError(`--${flag} must not repeat a value: got ${JSON.stringify(text)}`);
      }
      return values;
    },
  };
}

/** The settings every experiment has. */
export interface CommonConfig {
  /** Results directory (`--out DIR`). */
  readonly out: string;
  /** Only the summary line (`--quiet`). */
  readonly quiet: boolean;
}

/** The flags every experiment has: `--out DIR` and `--quiet`. */
export const commonFlags: { readonly [K in keyof CommonConfig]: Flag<CommonConfig[K]> } = {
  out: stringFlag("results", "directory for the results files", "DIR"),
  quiet: switchFlag("no progress, only the summary line"),
};

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
      args: [...args],
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
 * message and exit code 1 (set `DLFS_DEBUG=1` for the stack). A missing Deno
 * permission (for example `--out` outside the directories the task may write)
 * says which flag to add.
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
    console.error(`error: ${describeError(error)}`);
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

function describeError(error: unknown): string {
  if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
    return `${error.message}\n` +
      `The deno task grants only the narrow permissions its default paths need. To use other ` +
      `paths, run the script with \`deno run\` and the flag the message names, for example ` +
      `\`deno run --allow-read=data --allow-write=/tmp/out experiments/04_train_two_layer_net.ts --out /tmp/out\`.`;
  }
  return error instanceof Error ? error.message : String(error);
}
