/**
 * Each experiment's headline numbers for `results/README.md`: small tables
 * read from its results JSON, with the book's printed values beside ours
 * where the JSON holds them (its `book` keys). Keys that a later format
 * moves show as `–` rather than failing; an experiment not listed here gets
 * its status and final numbers if it is a training run, else no table.
 *
 * @module
 */

import { formatNumber } from "../mod.ts";
import { meanStdText, pValueText, signedFixed4 } from "./_format.ts";
import type { Table } from "./_table.ts";
import { compareGroups } from "./groups.ts";
import { parseRuns } from "./parse_runs.ts";
import type { RunMetrics } from "./types.ts";

/** What the report shows for one experiment besides its heading and figures. */
export interface ReportSection {
  /** Tables, each with an optional caption above it. */
  readonly tables: readonly { readonly caption?: string; readonly table: Table }[];
  /** Paragraphs below the tables. */
  readonly notes: readonly string[];
}

type Doc = Record<string, unknown>;

/** The value at a dotted path (`softmax.y`, `gradientDescent.0.x`), or undefined. */
function at(doc: unknown, path: string): unknown {
  let v: unknown = doc;
  for (const part of path.split(".")) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** A value for a table cell: every digit; arrays joined; `–` when absent. */
function cell(v: unknown): string {
  if (v === undefined || v === null) return "–";
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (Array.isArray(v)) {
    return v.map((x) => (Array.isArray(x) ? `[${x.map(cell).join(", ")}]` : cell(x))).join(", ");
  }
  return String(v);
}

/** Rows `[quantity, ours, book]` from `[label, oursPath, bookPath?]`. */
function withBook(doc: unknown, rows: readonly (readonly [string, string, string?])[]): Table {
  return {
    header: ["quantity", "ours", "book"],
    rows: rows.map(([label, ours, book]) => [
      label,
      cell(at(doc, ours)),
      book ? cell(at(doc, book)) : "",
    ]),
  };
}

function forwardPass(doc: Doc): ReportSection {
  return {
    tables: [{
      table: withBook(doc, [
        ["softmax([0.3, 2.9, 4.0])", "softmax.y", "softmax.book"],
        ["naive softmax([1010, 1000, 990])", "softmaxOverflow.naive"],
        ["softmax([1010, 1000, 990]), max subtracted", "softmaxOverflow.guarded"],
        ["three-layer forward pass, y", "forward.y", "forward.book"],
      ]),
    }],
    notes: [
      `Agrees with every digit the book printed: ${
        cell(at(doc, "softmax.matchesBook") === true && at(doc, "forward.matchesBook") === true)
      }.`,
    ],
  };
}

function lossFunctions(doc: Doc): ReportSection {
  const book = (path: string, i: number) => cell((at(doc, path) as unknown[] | undefined)?.[i]);
  const rows = [
    ["sum of squared errors, y1 (right)", "sumSquaredError.y1", book("sumSquaredError.book", 0)],
    ["sum of squared errors, y2 (wrong)", "sumSquaredError.y2", book("sumSquaredError.book", 1)],
    ["cross-entropy error, y1", "crossEntropyError.y1", book("crossEntropyError.book", 0)],
    ["cross-entropy error, y2", "crossEntropyError.y2", book("crossEntropyError.book", 1)],
    ["batch cross-entropy, one-hot targets", "batch.oneHot", ""],
    ["batch cross-entropy, label targets", "batch.labelTargets", ""],
  ];
  return {
    tables: [{
      table: {
        header: ["quantity", "ours", "book"],
        rows: rows.map(([label, path, b]) => [label, cell(at(doc, path)), b]),
      },
    }],
    notes: [
      `Equal to the book's printed values, every digit: ${cell(at(doc, "matchesBookExactly"))}.`,
    ],
  };
}

function numericalGradient(doc: Doc): ReportSection {
  const book = (path: string, i: number) => `${path}.${i}`;
  return {
    tables: [{
      table: withBook(doc, [
        ["numerical_diff(0.01x² + 0.1x) at 5", "numericalDiff.at5", book("numericalDiff.book", 0)],
        [
          "numerical_diff(0.01x² + 0.1x) at 10",
          "numericalDiff.at10",
          book("numericalDiff.book", 1),
        ],
        ["∂f/∂x0 at (3, 4), f = x0² + x1²", "partialDerivatives.x0", "partialDerivatives.book.0"],
        ["∂f/∂x1 at (3, 4)", "partialDerivatives.x1", "partialDerivatives.book.1"],
        ["gradient at (0, 2)", "gradients.1.gradient"],
        ["gradient at (3, 0)", "gradients.2.gradient"],
      ]),
    }, {
      caption: "The step h with the smallest error (`h_error.csv`):",
      table: {
        header: ["function", "forward difference", "central difference"],
        rows: ((at(doc, "stepSize.bestH") as Doc[] | undefined) ?? []).map((r) => [
          cell(r.function),
          cell(r.forward),
          cell(r.central),
        ]),
      },
    }],
    notes: [
      `Equal to the book's printed values, every digit: ${cell(at(doc, "matchesBookExactly"))}.`,
    ],
  };
}

function gradientDescent(doc: Doc): ReportSection {
  const runs = (at(doc, "gradientDescent") as Doc[] | undefined) ?? [];
  const agreement = at(doc, "simpleNetBookW.agreement.lossDigits");
  return {
    tables: [{
      caption: "Gradient descent on f = x0² + x1² from (−3, 4), 100 steps:",
      table: {
        header: ["learning rate", "x after 100 steps", "book", "matches the book"],
        rows: runs.map((r) => [cell(r.lr), cell(r.x), cell(r.book), cell(r.matchesBook)]),
      },
    }, {
      caption: "simpleNet with the book's W:",
      table: withBook(doc, [
        ["predict(x)", "simpleNetBookW.predict", "simpleNetBookW.book.predict"],
        ["argmax", "simpleNetBookW.argmax", "simpleNetBookW.book.argmax"],
        [
          `loss (agrees to ${cell(agreement)} digits)`,
          "simpleNetBookW.loss",
          "simpleNetBookW.book.loss",
        ],
        ["dW", "simpleNetBookW.dW", "simpleNetBookW.book.dW"],
      ]),
    }],
    notes: typeof at(doc, "simpleNetBookW.note") === "string"
      ? [at(doc, "simpleNetBookW.note") as string]
      : [],
  };
}

/** Which evaluation a run's accuracies are: after training, or its last epoch's (older files). */
function measuredAt(m: RunMetrics | null): string {
  if (m === null) return "–";
  const where = m.source === "afterTraining" ? "after training" : "last epoch";
  return `${where} (iteration ${cell(m.iteration)})`;
}

/** A training run's status and final numbers (both results formats). */
function trainingRun(doc: Doc, file: string): ReportSection {
  const [run] = parseRuns(doc, file);
  const m = run.metrics;
  const accAt = measuredAt(m);
  return {
    tables: [{
      table: {
        header: ["quantity", "ours"],
        rows: [
          ["status", cell(run.status)],
          ["iterations", cell(run.iterationsCompleted)],
          ["accuracies measured at", accAt],
          ["train accuracy", cell(m?.trainAcc)],
          ["test accuracy", cell(m?.testAcc)],
          ["last mini-batch loss", cell(m?.loss)],
        ],
      },
    }],
    notes: [],
  };
}

function hiddenSizeSweep(doc: Doc, file: string): ReportSection {
  const c = compareGroups(parseRuns(doc, file), "hidden");
  const tests = c.tests.filter((t) => t.metric === "testAcc");
  const seeds = cell(at(doc, "config.seeds"));
  return {
    tables: [{
      caption: `Final accuracies, mean ± std (n − 1) over seeds ${seeds}:`,
      table: {
        header: ["hidden", "runs", "train acc", "test acc"],
        rows: c.groups.map((g) => [
          cell(g.value),
          `${g.stats.testAcc.n}`,
          meanStdText(g.stats.trainAcc),
          meanStdText(g.stats.testAcc),
        ]),
      },
    }, {
      caption:
        `Each size against the best (${c.best}): difference of mean test accuracy, 95% confidence ` +
        "interval and Welch's t-test over the seeds:",
      table: {
        header: ["comparison", "difference", "95% CI", "p", "verdict"],
        rows: tests.map((t) => [
          `${t.best} − ${t.other}`,
          t.welch ? signedFixed4(t.welch.difference) : "–",
          t.welch ? `[${signedFixed4(t.welch.ci95[0])}, ${signedFixed4(t.welch.ci95[1])}]` : "–",
          t.welch ? pValueText(t.welch.p) : "–",
          t.verdict,
        ]),
      },
    }],
    notes: [
      "The p-values are per comparison, not corrected for making several. The same numbers, with " +
      "train accuracy too: `deno task compare results/05_hidden_size_sweep.json --by hidden`.",
      ...c.warnings.map((w) => `Warning: ${w}.`),
    ],
  };
}

/** Three significant digits: the size of a gradient difference, not its last bits. */
function digits3(v: unknown): string {
  return typeof v === "number" && Number.isFinite(v) ? cell(Number(v.toPrecision(3))) : cell(v);
}

function gradientCheck(doc: Doc): ReportSection {
  const params = ["W1", "b1", "W2", "b2"];
  const cases = [
    ["random t (not one-hot)", "randomTargets"],
    ["random one-hot t", "randomOneHot"],
    ["MNIST batch", "mnistBatch"],
  ];
  const note = at(doc, "randomTargets.note");
  return {
    tables: [{
      caption:
        "Max |numerical − backprop| per parameter, and in parentheses relative to the largest " +
        "backprop entry (3 digits; the JSON has all):",
      table: {
        header: ["targets", ...params],
        rows: cases.map(([label, key]) => [
          label,
          ...params.map((p) =>
            `${digits3(at(doc, `${key}.${p}.maxAbsDiff`))} (${
              digits3(at(doc, `${key}.${p}.maxRelDiff`))
            })`
          ),
        ]),
      },
    }],
    notes: [
      `With one-hot targets the two gradients agree within the threshold ${
        cell(at(doc, "threshold"))
      } (relative): ${cell(at(doc, "passed"))}.`,
      ...(typeof note === "string" ? [`Random targets: ${note}`] : []),
    ],
  };
}

function numericalTraining(doc: Doc, file: string): ReportSection {
  const [run] = parseRuns(doc, file);
  const backprop = (at(doc, "backprop.afterTraining") ?? at(doc, "backprop.final")) as
    | Doc
    | undefined;
  return {
    tables: [{
      table: {
        header: ["quantity", "numerical gradient (ours)", "backprop (exp:04)"],
        rows: [
          ["status", cell(run.status), ""],
          ["iterations", cell(run.iterationsCompleted), ""],
          ["accuracies measured at", measuredAt(run.metrics), ""],
          ["train accuracy", cell(run.metrics?.trainAcc), cell(backprop?.trainAcc)],
          ["test accuracy", cell(run.metrics?.testAcc), cell(backprop?.testAcc)],
          ["last mini-batch loss", cell(run.metrics?.loss), ""],
          [
            "largest |loss difference| (iteration)",
            `${cell(at(doc, "differenceFromBackprop.loss.maxAbs"))} (${
              cell(at(doc, "differenceFromBackprop.loss.atIteration"))
            })`,
            "",
          ],
        ],
      },
    }],
    notes: [],
  };
}

const SECTIONS: Record<string, (doc: Doc, file: string) => ReportSection> = {
  "00_forward_pass": forwardPass,
  "01_loss_functions": lossFunctions,
  "02_numerical_gradient": numericalGradient,
  "03_gradient_descent": gradientDescent,
  "04_train_two_layer_net": trainingRun,
  "05_hidden_size_sweep": hiddenSizeSweep,
  "06_gradient_check": gradientCheck,
  "07_numerical_gradient_training": numericalTraining,
};

/**
 * The headline numbers of one experiment's results JSON.
 *
 * @param doc The parsed results JSON.
 * @param file Its name (for errors).
 * @returns Its tables and notes.
 * @throws {TypeError} When `doc` is not a results JSON.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { reportSection } from "./report_sections.ts";
 * const doc = {
 *   experiment: "01_loss_functions", config: {},
 *   sumSquaredError: { y1: 0.09750000000000003, y2: 0.5975, book: ["0.09750000000000003", "0.5975"] },
 * };
 * const s = reportSection(doc, "01_loss_functions.json");
 * assert.deepStrictEqual(s.tables[0].table.rows[1], ["sum of squared errors, y2 (wrong)", "0.5975", "0.5975"]);
 * ```
 */
export function reportSection(doc: unknown, file: string): ReportSection {
  const d = doc as Doc;
  if (typeof d !== "object" || d === null || typeof d.experiment !== "string") {
    throw new TypeError(`Cannot report a result as it is not a results JSON: ${file}`);
  }
  const known = SECTIONS[d.experiment];
  if (known) return known(d, file);
  return "status" in d ? trainingRun(d, file) : { tables: [], notes: [] };
}
