/**
 * A {@linkcode Comparison} for people or scripts: aligned text for a
 * terminal, Markdown to paste into an issue or a pull request, or JSON
 * (every digit, the results files' number format) to feed a script.
 *
 * Text and Markdown show, in order: the runs, the config keys that differ,
 * the final numbers, the curves, the groups (`--by`), notes, and a one-line
 * summary. With up to {@linkcode WIDE_RUNS} runs, config and metrics have one
 * column per run; with more, one row per run.
 *
 * @module
 */

import { stringifyResults } from "../mod.ts";
import { meanStdText, pValueText, short, signed, signedFixed4 } from "./_format.ts";
import { renderTable, type Table, type TableStyle } from "./_table.ts";
import type { Comparison, MetricsRow } from "./compare_runs.ts";
import type { ColumnDifference, SeriesDifference } from "./curves.ts";
import { formatConfigValue } from "./labels.ts";

/** The output formats of {@linkcode formatComparison}. */
export type ComparisonFormat = "text" | "md" | "json";

/** Up to this many runs, config and metrics get one column per run. */
export const WIDE_RUNS = 4;

/** A titled part of the output: a table and/or lines. */
interface Block {
  readonly title: string;
  readonly table?: Table;
  readonly lines?: readonly string[];
}

/** Four significant digits, for the values beside a difference. */
function short4(x: number | string): string {
  return typeof x === "number" && Number.isFinite(x) ? short(Number(x.toPrecision(4))) : String(x);
}

function runsBlock(c: Comparison): Block {
  const rows: string[][] = [];
  const sweeps = new Set<string>();
  for (const r of c.runs) {
    if (r.sweepIndex === null) rows.push([r.label, r.path]);
    else if (!sweeps.has(r.path)) {
      sweeps.add(r.path);
      const n = c.runs.filter((x) => x.path === r.path && x.sweepIndex !== null).length;
      rows.push([`${n} runs`, r.path]);
    }
  }
  const what = [c.section ? `§${c.section}` : "", c.title].filter(Boolean).join(": ");
  return {
    title: `compare ${c.experiment}${what ? ` (${what})` : ""}: ${c.runs.length} runs`,
    table: { header: ["run", "file"], rows },
  };
}

function configBlock(c: Comparison): Block {
  const { keys, differing } = c.config;
  if (differing.length === 0) return { title: `config: identical (${keys} keys)` };
  const title = `config: ${differing.length} of ${keys} keys ${
    differing.length === 1 ? "differs" : "differ"
  }`;
  if (c.runs.length > WIDE_RUNS) {
    return {
      title,
      lines: differing.map((d) =>
        `${d.key}: ${[...new Set(d.values.map(formatConfigValue))].join(", ")}`
      ),
    };
  }
  return {
    title,
    table: {
      header: ["key", ...c.runs.map((r) => r.label)],
      rows: differing.map((d) => [d.key, ...d.values.map(formatConfigValue)]),
    },
  };
}

function measuredAt(m: MetricsRow): string {
  const at = m.metrics.iteration === null ? "" : ` (iteration ${m.metrics.iteration})`;
  return m.metrics.source === "afterTraining" ? `after training${at}` : `last epoch${at}`;
}

function withDelta(value: number | null, delta: number | null | undefined): string {
  return delta === undefined || delta === null
    ? short(value)
    : `${short(value)} (${signed(Number(delta.toPrecision(4)))})`;
}

function metricsBlock(c: Comparison): Block | null {
  if (!c.metrics) return null;
  const rows = c.metrics;
  const title = `metrics: final accuracies and last batch loss (Δ = run − ${rows[0].label})`;
  const cells = (m: MetricsRow) => ({
    train: withDelta(m.metrics.trainAcc, m.delta?.trainAcc),
    test: withDelta(m.metrics.testAcc, m.delta?.testAcc),
    loss: withDelta(m.metrics.loss, m.delta?.loss),
  });
  if (rows.length > WIDE_RUNS) {
    return {
      title,
      table: {
        header: ["run", "status", "iterations", "accuracy at", "train acc", "test acc", "loss"],
        rows: rows.map((m) => {
          const x = cells(m);
          return [
            m.label,
            m.status ?? "–",
            short(m.iterations),
            measuredAt(m),
            x.train,
            x.test,
            x.loss,
          ];
        }),
      },
    };
  }
  const x = rows.map(cells);
  return {
    title,
    table: {
      header: ["", ...rows.map((m) => m.label)],
      rows: [
        ["status", ...rows.map((m) => m.status ?? "–")],
        ["iterations", ...rows.map((m) => short(m.iterations))],
        ["accuracy at", ...rows.map(measuredAt)],
        ["train acc", ...x.map((v) => v.train)],
        ["test acc", ...x.map((v) => v.test)],
        ["loss", ...x.map((v) => v.loss)],
      ],
    },
  };
}

function columnRow(s: SeriesDifference, d: ColumnDifference): string[] {
  const rows = s.rows[0] === s.rows[1] ? `${s.rows[0]}` : `${s.rows[0]} vs ${s.rows[1]}`;
  return [
    s.name,
    d.column,
    `${d.rowsDiffering} of ${rows}`,
    `${s.xColumn} ${d.firstAt}`,
    short4(d.maxAbs),
    `${s.xColumn} ${d.maxAt}`,
    `${short4(d.maxValues[0])} vs ${short4(d.maxValues[1])}`,
  ];
}

function seriesRows(s: SeriesDifference): string[][] {
  if (s.headers) {
    return [[s.name, `headers differ: ${s.headers[0].join(",")} vs ${s.headers[1].join(",")}`]];
  }
  if (s.identical) return [[s.name, "identical", `${s.rows[0]} rows`]];
  if (s.columns.length === 0) {
    return [[s.name, "(rows)", `${s.rowsDiffering} of ${s.rows[0]} vs ${s.rows[1]}`]];
  }
  const rows = s.columns.map((d) => columnRow(s, d));
  if (s.rows[0] !== s.rows[1]) rows.push([s.name, "(rows)", `${s.rows[0]} vs ${s.rows[1]} rows`]);
  return rows;
}

function curvesBlock(c: Comparison): Block {
  const many = c.curves.length > 1;
  const against = c.runs[0].label;
  const rows = c.curves.flatMap((cc) => {
    const mine = [
      ...cc.series.flatMap(seriesRows),
      ...cc.onlyIn.map((o) => [o.series, `only in ${o.run}`]),
    ];
    return many ? mine.map((r) => [cc.run, ...r]) : mine;
  });
  const title = many
    ? `curves: each run against ${against} (rows matched by position)`
    : `curves: ${c.runs[1].label} against ${against} (rows matched by position)`;
  if (rows.length === 0) return { title, lines: ["no tables in common"] };
  const header = ["table", "column", "rows differing", "first at", "max |Δ|", "at", "values there"];
  return { title, table: { header: many ? ["run", ...header] : header, rows } };
}

function groupBlocks(c: Comparison): Block[] {
  const g = c.groups;
  if (!g) return [];
  const blocks: Block[] = [{
    title: `by ${g.key}: mean ± std (n − 1) of the final accuracies`,
    table: {
      header: [g.key, "n", "train acc", "test acc"],
      rows: g.groups.map((x) => [
        formatConfigValue(x.value),
        `${x.stats.testAcc.n}`,
        meanStdText(x.stats.trainAcc),
        meanStdText(x.stats.testAcc),
      ]),
    },
  }];
  if (g.tests.length > 0) {
    blocks.push({
      title:
        `each ${g.key} against the best (${g.best}): difference of means, 95% CI, Welch's t-test`,
      table: {
        header: ["accuracy", "difference", "95% CI", "p", "verdict"],
        rows: g.tests.map((t) => [
          t.metric === "testAcc" ? "test" : "train",
          `${t.best} − ${t.other}: ${t.welch ? signedFixed4(t.welch.difference) : "–"}`,
          t.welch ? `[${signedFixed4(t.welch.ci95[0])}, ${signedFixed4(t.welch.ci95[1])}]` : "–",
          t.welch ? pValueText(t.welch.p) : "–",
          t.verdict,
        ]),
      },
    });
  }
  if (g.warnings.length > 0) blocks.push({ title: "warnings", lines: g.warnings });
  return blocks;
}

function summary(c: Comparison): string {
  if (c.identical) return "identical: same config, status, final numbers and curves";
  const parts: string[] = [];
  const keys = c.config.differing.map((d) => d.key);
  parts.push(
    keys.length > 0 ? `${keys.join(", ")} differ${keys.length === 1 ? "s" : ""}` : "same config",
  );
  if (c.metrics) {
    const acc = c.metrics.map((m) => m.metrics.testAcc);
    if (c.metrics.length === 2) {
      parts.push(`test acc ${short(acc[0])} → ${short(acc[1])}`);
    } else {
      const known = c.metrics.filter((m) => m.metrics.testAcc !== null);
      if (known.length > 0) {
        const lo = known.reduce((a, b) => (b.metrics.testAcc! < a.metrics.testAcc! ? b : a));
        const hi = known.reduce((a, b) => (b.metrics.testAcc! > a.metrics.testAcc! ? b : a));
        parts.push(
          `test acc from ${short(lo.metrics.testAcc)} (${lo.label}) to ${
            short(hi.metrics.testAcc)
          } (${hi.label})`,
        );
      }
    }
  }
  const differing = c.curves.flatMap((cc) => cc.series).filter((s) => !s.identical).length;
  const total = c.curves.flatMap((cc) => cc.series).length;
  parts.push(`${differing} of ${total} tables differ`);
  return `summary: ${parts.join("; ")}`;
}

function render(blocks: readonly Block[], style: TableStyle): string {
  const out: string[] = [];
  for (const b of blocks) {
    if (style === "md") {
      out.push(`**${b.title}**`, "");
      if (b.table) out.push(...renderTable(b.table, "md"), "");
      if (b.lines) out.push(...b.lines.map((l) => `- ${l}`), "");
    } else {
      out.push(b.title);
      if (b.table) out.push(...renderTable(b.table, "text"));
      if (b.lines) out.push(...b.lines.map((l) => `  ${l}`));
      out.push("");
    }
  }
  while (out.at(-1) === "") out.pop();
  return out.join("\n") + "\n";
}

/** Arrays may hold `undefined` (a config key a run lacks); JSON has only null. */
function jsonSafe(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value;
}

/**
 * Formats a comparison (see the module doc).
 *
 * @param c The comparison ({@linkcode compareRuns}).
 * @param format `text` (default), `md` or `json`.
 * @returns The text, ending in a newline.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { compareRuns } from "./compare_runs.ts";
 * import { formatComparison } from "./format.ts";
 * const run = (seed: number, testAcc: number) => ({
 *   path: `seed${seed}/04.json`, sweepIndex: null, experiment: "04", section: "4.5", title: "",
 *   config: { seed }, runtime: null, status: "completed", iterationsCompleted: 10,
 *   metrics: { source: "afterTraining" as const, iteration: 10, trainAcc: 0.9, testAcc, loss: 0.3 },
 *   series: [], missingFiles: [],
 * });
 * const text = formatComparison(compareRuns([run(0, 0.9468), run(1, 0.9435)]));
 * assert.ok(text.includes("config: 1 of 1 keys differs\n  key   seed=0  seed=1\n  seed  0       1\n"));
 * assert.ok(text.includes("0.9435 (-0.0033)"));
 * assert.ok(text.endsWith("summary: seed differs; test acc 0.9468 → 0.9435; 0 of 0 tables differ\n"));
 * ```
 */
export function formatComparison(c: Comparison, format: ComparisonFormat = "text"): string {
  if (format === "json") return stringifyResults(jsonSafe(c));
  const blocks: Block[] = [runsBlock(c), configBlock(c)];
  const metrics = metricsBlock(c);
  if (metrics) blocks.push(metrics);
  blocks.push(curvesBlock(c), ...groupBlocks(c));
  if (c.notes.length > 0) blocks.push({ title: "notes", lines: c.notes });
  blocks.push({ title: summary(c) });
  return render(blocks, format);
}
