/**
 * The types a results comparison returns: one {@linkcode Difference} per
 * place where A and B part, gathered in a {@linkcode ResultsDiff}.
 *
 * @module
 */

/** What a {@linkcode Difference} is about. */
export type DifferenceKind =
  /** Two numbers that are not equal (under the tolerance, if any). */
  | "number"
  /** Two strings, booleans or nulls that differ. */
  | "value"
  /** Values of different types (e.g. number vs string, array vs object). */
  | "type"
  /** Arrays (or CSV rows) of different length; `a` and `b` are the lengths. */
  | "length"
  /** A key or file in A only; `b` is `undefined`. */
  | "missing"
  /** A key or file in B only; `a` is `undefined`. */
  | "extra"
  /** The JSON files are results of different experiments; nothing else is compared. */
  | "experiment"
  /** A `config` key differs; `a` and `b` are the whole values (`undefined` when absent). */
  | "config"
  /** The CSV headers differ; `a` and `b` are the column names; rows are not compared. */
  | "header"
  /** The CSV files have different row counts; `a` and `b` are the counts. */
  | "rows"
  /** Text files differ; `a` and `b` are excerpts around the first difference. */
  | "text"
  /** A file cannot be parsed; `a` and `b` are the parse errors (null for a side that parsed). */
  | "invalid"
  /**
   * A result set does not match its files (`file` is the set's JSON). For one
   * file of the set, `path` is `$.sha256["<file name>"]` and `a`, `b` say
   * what is wrong on each side: `"missing"`, `"changed"` or `"unlisted"` (see
   * `ResultSetProblemKind` in `lib/results/verify_set.ts`), null for a side where the file is
   * fine; for a `sha256` block that cannot be read, `path` is `$.sha256` and
   * `a`, `b` are the errors.
   */
  | "set"
  /** A `runtime` value differs (only in {@linkcode ResultsDiff.notes}, never a failure). */
  | "runtime";

/** One difference between A and B. */
export interface Difference {
  /** The file, relative to the compared directories (or the file's name). */
  readonly file: string;
  /**
   * Where in the file: `$.epochs.testAcc[3]` (JSON), `row 4 col test_acc`
   * (CSV, row 1 is the first line after the header), `line 1 col 4521`
   * (text), or `""` for the whole file.
   */
  readonly path: string;
  /** What kind of difference. */
  readonly kind: DifferenceKind;
  /** A's value (`undefined` when A lacks it). */
  readonly a: unknown;
  /** B's value (`undefined` when B lacks it). */
  readonly b: unknown;
}

/** The outcome of a comparison. */
export interface ResultsDiff {
  /** The tolerance used (0: bit for bit). */
  readonly tolerance: number;
  /** Files looked at (for directories: the union of both sides). */
  readonly files: number;
  /** Pairs of numbers compared. */
  readonly numbers: number;
  /** Pairs of numbers that are not the same double but equal within the tolerance. */
  readonly tolerated: number;
  /** The differences, file by file in name order, each file's in reading order. */
  readonly differences: readonly Difference[];
  /** Differences that are not failures (the `runtime` block). */
  readonly notes: readonly Difference[];
}

/** Options of the `diffResult*` functions. */
export interface DiffOptions {
  /**
   * Accept numbers with `|a − b| ≤ tolerance · max(1, |a|, |b|)`; 0 (the
   * default) compares bit for bit. A finite number ≥ 0.
   */
  readonly tolerance?: number;
}

/** How a file's text is compared. */
export type ResultsFormat = "json" | "csv" | "text";
