/**
 * Command-line flags for the experiments and tools: each flag a typed,
 * validated value with a default and a help line. Every command declares its
 * flags once ({@linkcode CliSpec}); `run.ts` turns the declaration into the
 * parser and the `--help` text. A bad flag or value is a
 * {@linkcode UsageError} (exit code 2).
 *
 * @module
 */

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

/** The command-line name of a config key: `checkpointEvery` → `checkpoint-every`. */
export function kebab(key: string): string {
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
 * import { intFlag } from "./flags.ts";
 * import { parseCli } from "./run.ts";
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
 * import { choiceFlag } from "./flags.ts";
 * import { parseCli } from "./run.ts";
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
