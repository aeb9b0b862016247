/**
 * The types the comparison files share: one run as read from a results
 * JSON (and its CSV series), and its final metrics.
 *
 * @module
 */

/** Where a run's final accuracies come from. */
export type MetricsSource =
  /** `afterTraining`: the accuracy of the parameters the run ended with. */
  | "afterTraining"
  /** `final` or `lastEpoch` (files written before `afterTraining`): the last per-epoch evaluation. */
  | "lastEpoch";

/** A run's final numbers. */
export interface RunMetrics {
  /** Which evaluation the accuracies are. */
  readonly source: MetricsSource;
  /** The iteration they were measured at (iterations done after training), null if unknown. */
  readonly iteration: number | null;
  /** Accuracy on the training set, null when the run recorded none. */
  readonly trainAcc: number | null;
  /** Accuracy on the test set, null when the run recorded none. */
  readonly testAcc: number | null;
  /** The last mini-batch loss, null for a run of 0 iterations. */
  readonly loss: number | null;
}

/** One table of a run: a CSV file of its result set, or a curve its JSON holds. */
export interface RunSeries {
  /** Its name: the CSV file's name without the experiment (`loss.csv`), or `epochs` (JSON). */
  readonly name: string;
  /** Column names; the first is the x axis (`iteration`, `epoch`). */
  readonly header: readonly string[];
  /** Rows, one cell per column. */
  readonly rows: readonly (readonly (number | string)[])[];
}

/** One run: a single-run results JSON, or one run of a sweep file. */
export interface Run {
  /** The results JSON it was read from. */
  readonly path: string;
  /** Its place in the sweep file's `runs`, or null for a single-run file. */
  readonly sweepIndex: number | null;
  /** The experiment (file stem), e.g. `04_train_two_layer_net`. */
  readonly experiment: string;
  /** Book section, e.g. `4.5` (empty when the file has none). */
  readonly section: string;
  /** The experiment's title (empty when the file has none). */
  readonly title: string;
  /**
   * Every setting of the run. For a sweep's run: the sweep's config with its
   * lists (`hidden`, `seeds`) replaced by the run's own values (`hidden`, `seed`).
   */
  readonly config: Readonly<Record<string, unknown>>;
  /** The runtime block (Deno, V8, TypeScript versions), or null. */
  readonly runtime: Readonly<Record<string, unknown>> | null;
  /** `completed`, `diverged`, … or null when the experiment is not a training run. */
  readonly status: string | null;
  /** Iterations done, or null. */
  readonly iterationsCompleted: number | null;
  /** The final accuracies and loss, or null when the experiment is not a training run. */
  readonly metrics: RunMetrics | null;
  /** The run's tables: CSV files of its result set, or its JSON's per-epoch curves. */
  readonly series: readonly RunSeries[];
  /** Files the JSON lists that were not found beside it. */
  readonly missingFiles: readonly string[];
}
