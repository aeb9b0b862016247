/**
 * The types the results files share: what a results JSON may hold, and the
 * header every experiment's JSON starts with.
 *
 * @module
 */

/**
 * A value that can be written to a results JSON file: numbers, strings,
 * booleans, null, arrays, typed arrays and plain objects of these, nested.
 * (Typed as `unknown` so interfaces fit; anything else is a `TypeError` when written.)
 */
export type ResultValue = unknown;

/** The header every experiment's JSON starts with. */
export interface ExperimentHeader {
  /** File stem, e.g. "03_gradient_descent". */
  readonly experiment: string;
  /** Book section(s), e.g. "4.4.1–4.4.2". */
  readonly section: string;
  /** What the experiment reproduces, one line. */
  readonly title: string;
  /** The seed of the run's RandomState, or null when the experiment draws nothing. */
  readonly seed: number | null;
  /** Every setting of the run. */
  readonly config: { readonly [key: string]: ResultValue };
}
