/**
 * Opt-in timing of a training run's phases on the main thread, for the
 * benchmarks' breakdown (`bench/phases.ts`). A run given a
 * {@linkcode PhaseTimer} (`EngineOptions.timer`) adds the milliseconds of
 * each phase into it; without one every timing point is a null check
 * (`timer?.lap(…)`) and nothing else, so the run's speed and bits do not
 * depend on it.
 *
 * The phases, as the engine runs them (`shard.ts`, `crew.ts`, the loop in
 * `lib/train/trainer.ts`):
 *
 * - `setup`: making the engine (its memory, the workers' start-up) and disposing it;
 * - `batch`: drawing the batch (`rng.choice`), its labels and the batch's
 *   column lists of its sparse rows (`batch_columns`);
 * - `forward`: a1 = x·W1 + b1, z1 = sigmoid(a1), y = softmax(z1·W2 + b2);
 * - `backward`: dy, da1 = dy·W2ᵀ, dz1, and gW2, gb2, gb1;
 * - `update`: gW1 = xᵀ·dz1 fused with W1 −= lr·gW1 (`columns_update`), and
 *   the small parameters' updates;
 * - `loss`: the book's loss after the update (a forward pass and the
 *   cross-entropy);
 * - `evaluation`: what the evaluations cost the main thread (the snapshot
 *   of the parameters, counting when no background worker does, waiting for
 *   the counts at the end);
 * - `wait`: the main thread waiting for the step workers' share.
 *
 * @module
 */

/** The phases, in the order of an iteration. */
export const PHASES = [
  "setup",
  "batch",
  "forward",
  "backward",
  "update",
  "loss",
  "evaluation",
  "wait",
] as const;

/** A phase's name. */
export type PhaseName = typeof PHASES[number];

/** Index of each phase in {@linkcode PhaseTimer.ms}. */
export const Phases = {
  setup: 0,
  batch: 1,
  forward: 2,
  backward: 3,
  update: 4,
  loss: 5,
  evaluation: 6,
  wait: 7,
} as const satisfies Record<PhaseName, number>;

/**
 * Milliseconds per phase, added lap by lap: a training run's
 * {@linkcode PHASES} by default, or any other list of phases (the numerical
 * gradient's, `NUMGRAD_PHASES` of `numgrad/entries.ts`).
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Phases, PhaseTimer } from "./timings.ts";
 * const timer = new PhaseTimer();
 * timer.start();
 * timer.lap(Phases.forward);
 * const t = timer.times();
 * assert.ok(t.forward >= 0 && t.batch === 0);
 * ```
 */
export class PhaseTimer<Name extends string = PhaseName> {
  /** The counters, one per phase in the order of `names`. */
  readonly ms: Float64Array;
  #t = 0;

  /** @param names The phases (default: a training run's). */
  constructor(readonly names: readonly Name[] = PHASES as unknown as readonly Name[]) {
    this.ms = new Float64Array(names.length);
  }

  /** Starts timing from now. */
  start(): void {
    this.#t = performance.now();
  }

  /** Adds the time since the last `start` or `lap` to phase number `phase`, and restarts. */
  lap(phase: number): void {
    const t = performance.now();
    this.ms[phase] += t - this.#t;
    this.#t = t;
  }

  /** The counters by name. */
  times(): Record<Name, number> {
    return Object.fromEntries(this.names.map((p, i) => [p, this.ms[i]])) as Record<Name, number>;
  }
}
