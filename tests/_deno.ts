// Running `deno` in a subprocess from a test, as a user would from a shell without a terminal
// (no stdin, NO_COLOR), from the project root.

import { fileURLToPath } from "node:url";

/** The project's root folder. */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * The deno binary to spawn: this one when allowed, else `deno` from PATH, which is what
 * `deno task test`'s `--allow-run=deno` grants (PATH's deno may be a symlink to this binary,
 * and the permission names the link, not the target).
 */
export const DENO =
  Deno.permissions.querySync({ name: "run", command: Deno.execPath() }).state === "granted"
    ? Deno.execPath()
    : "deno";

/** What a subprocess did. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@linkcode runDeno}. */
export interface RunDenoOptions {
  /** Extra environment variables. */
  readonly env?: Record<string, string>;
  /** Working directory (default: the project root). */
  readonly cwd?: string;
  /** Kill it after this many milliseconds (default: no limit). */
  readonly timeoutMs?: number;
}

/**
 * Runs `command ...args` without a terminal and collects its exit code and
 * output; with a timeout, kills it (SIGKILL, exit code 137) when time is up.
 */
async function runCommand(
  command: string,
  args: string[],
  options: RunDenoOptions,
): Promise<RunResult> {
  const child = new Deno.Command(command, {
    args,
    cwd: options.cwd ?? ROOT,
    env: { NO_COLOR: "1", ...options.env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }, options.timeoutMs);
  try {
    const { code, stdout, stderr } = await child.output();
    const decoder = new TextDecoder();
    return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `deno ...args` and collects its exit code and output. */
export function runDeno(args: string[], options: RunDenoOptions = {}): Promise<RunResult> {
  return runCommand(DENO, args, options);
}

/**
 * Runs `line` in a non-interactive POSIX shell (`sh -c`), as CI, Slurm or a
 * Kubernetes job would. With a timeout the shell runs under coreutils'
 * `timeout`, which kills its whole process group: killing the shell alone
 * would leave what it started (a `deno task` and its `deno run`) holding the
 * output pipes, and the wait would never end.
 */
export function runShell(line: string, options: RunDenoOptions = {}): Promise<RunResult> {
  if (options.timeoutMs === undefined) return runCommand("sh", ["-c", line], options);
  const seconds = Math.ceil(options.timeoutMs / 1000);
  const guarded = `exec timeout --signal=KILL ${seconds} sh -c "$1"`;
  return runCommand("sh", ["-c", guarded, "sh", line], {
    ...options,
    timeoutMs: options.timeoutMs + 10_000, // in case timeout itself hangs
  });
}

/** Writes `source` to a temporary `name` and runs `deno run --no-lock ...flags` on it. */
export async function runScript(
  name: string,
  source: string,
  flags: string[],
  options: RunDenoOptions = {},
): Promise<RunResult> {
  const dir = await Deno.makeTempDir({ prefix: "dlfs_script_" });
  try {
    const file = `${dir}/${name}`;
    await Deno.writeTextFile(file, source);
    return await runDeno(["run", "--no-lock", ...flags, file], options);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
