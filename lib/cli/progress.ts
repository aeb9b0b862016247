/**
 * What an experiment prints while it runs: terse step lines on stdout (the
 * book's `print` lines), a progress bar with ETA on stderr when stderr is a
 * terminal — and without a terminal (CI, Slurm, a Kubernetes job's log) a
 * progress line on stderr every 30 seconds instead — and one summary line.
 * `--quiet` keeps only the summary.
 *
 * Nothing printed here goes into results files, so timings are fine here.
 *
 * @module
 */

/** Where an experiment reports progress. */
export interface Reporter {
  /** A step line on stdout (suppressed by quiet). */
  log(line: string): void;
  /** Updates the progress bar, or without a terminal prints a line every 30 s (stderr; suppressed by quiet). */
  progress(done: number, total: number, label?: string): void;
  /** The final summary line on stdout (always printed). */
  summary(line: string): void;
  /** Clears the progress bar, if one is showing. */
  done(): void;
}

/** Options of {@linkcode makeReporter}. */
export interface ReporterOptions {
  /** Only the summary line. */
  readonly quiet?: boolean;
  /** Force the progress bar on or off (default: when stderr is a terminal). */
  readonly bar?: boolean;
  /** Clock in ms (default `performance.now`), injectable for tests. */
  readonly now?: () => number;
  /** Output sinks (default stdout/stderr), injectable for tests. */
  readonly write?: { readonly out: (text: string) => void; readonly err: (text: string) => void };
}

const BAR_WIDTH = 30;
/** Redraw at most this often, so the bar costs nothing measurable. */
const REDRAW_MS = 100;
/** Without a terminal, a progress line this often: a log stays short, a long job shows life. */
const LINE_MS = 30_000;

/**
 * Formats seconds as `1h02m`, `3m05s` or `12.3s`.
 *
 * @param seconds Non-negative seconds.
 * @returns Short text.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { formatDuration } from "./progress.ts";
 * assert.deepStrictEqual([formatDuration(12.34), formatDuration(185), formatDuration(3720)], ["12.3s", "3m05s", "1h02m"]);
 * ```
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  seconds = Math.max(0, seconds);
  if (Math.round(seconds * 10) < 600) return `${seconds.toFixed(1)}s`;
  seconds = Math.round(seconds);
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m${String(Math.floor(seconds - 60 * m)).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  return `${h}h${String(m - 60 * h).padStart(2, "0")}m`;
}

/**
 * Makes a reporter for one run.
 *
 * @param options Quiet mode, bar on/off, clock and sinks.
 * @returns The reporter.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { makeReporter } from "./progress.ts";
 * let out = "";
 * const r = makeReporter({ quiet: true, write: { out: (t) => (out += t), err: () => {} } });
 * r.log("step 1");
 * r.summary("done");
 * assert.strictEqual(out, "done\n");
 * ```
 */
export function makeReporter(options: ReporterOptions = {}): Reporter {
  const quiet = options.quiet ?? false;
  const encoder = new TextEncoder();
  const write = options.write ?? {
    out: (t: string) => void Deno.stdout.writeSync(encoder.encode(t)),
    err: (t: string) => void Deno.stderr.writeSync(encoder.encode(t)),
  };
  const bar = options.bar ?? Deno.stderr.isTerminal();
  const now = options.now ?? (() => performance.now());
  let start = -1, lastDraw = -Infinity, lastLine = -Infinity, showing = false;

  const clear = () => {
    if (showing) write.err("\r\x1b[2K");
    showing = false;
  };
  return {
    log(line) {
      if (quiet) return;
      clear();
      write.out(line + "\n");
    },
    progress(done, total, label = "") {
      if (quiet) return;
      const t = now();
      if (start < 0) start = lastLine = t;
      if (
        bar ? t - lastDraw < REDRAW_MS && done < total : t - lastLine < LINE_MS || done >= total
      ) {
        return;
      }
      const frac = total > 0 ? Math.min(done / total, 1) : 1;
      const elapsed = (t - start) / 1000;
      const eta = done > 0 ? (elapsed * Math.max(total - done, 0)) / done : NaN;
      const tail = `${(frac * 100).toFixed(0)}% ${label} elapsed ${formatDuration(elapsed)} ETA ${
        formatDuration(eta)
      }`;
      if (!bar) {
        lastLine = t;
        write.err(`progress ${done}/${total} ${tail}\n`);
        return;
      }
      lastDraw = t;
      const filled = Math.round(frac * BAR_WIDTH);
      write.err(
        `\r\x1b[2K[${"#".repeat(filled)}${
          ".".repeat(BAR_WIDTH - filled)
        }] ${done}/${total} ${tail}`,
      );
      showing = true;
    },
    summary(line) {
      clear();
      write.out(line + "\n");
    },
    done: clear,
  };
}
