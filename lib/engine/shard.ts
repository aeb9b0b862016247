/**
 * One shard of the WebAssembly training engine: a thread's share of each
 * command, run by the main thread (shard 0) and by every worker
 * (`_shard_worker.ts`) on the same shared memory.
 *
 * Reproduces, bit for bit, `TwoLayerNet.gradient`, `loss` and `accuracy`
 * (`lib/nets/two_layer_net.ts`) with the kernels of `wasm/kernels.wat`
 * (themselves held to the TypeScript kernels of `lib/core/sparse_rows.ts`
 * and `lib/core/matrix.ts`); `tests/engine/engine_test.ts` shows it, for any
 * number of shards. Work is split by output, never inside a sum:
 * - the forward pass and the backward pass down to `dz1` by batch rows
 *   (rows of a1, z1, y, dy, dz1), and the evaluations by data rows (counts of
 *   correct predictions add up in any order);
 * - `xᵀ·dz1` and the W1 update by rows of W1 (input columns), each shard
 *   summing its elements over the whole batch in batch order.
 *
 * @module
 */

import type { EngineLayout, ShardLayout } from "./layout.ts";
import {
  acknowledgeDone,
  COUNT,
  FAILED,
  FLAGS,
  FUSED,
  LR_F64,
  MAILBOX_INTS,
  OK,
  PART,
  PARTS,
  PHASE,
  Phase,
  POLLS,
  RESULT,
  RESULT2,
  rowSplit,
  SEQ,
  SPIN_MS,
  STATUS,
  writeError,
} from "./protocol.ts";
import { Phases, type PhaseTimer } from "./timings.ts";
import type { KernelExports } from "./wasm/instance.ts";

/** What a shard worker is sent to start (`_shard_worker.ts`). */
export interface ShardInit {
  /** The main thread's compiled kernels (so all threads share one machine code). */
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly layout: EngineLayout;
  /** Which shard (1, 2, …; the main thread is 0). */
  readonly index: number;
}

/** The part of one shard: runs its share of each command. */
export class Shard {
  /** The kernels, instantiated on the engine's memory. */
  readonly k: KernelExports;
  readonly #ctl: Int32Array;
  readonly #lr: Float64Array;
  readonly #mine: ShardLayout;
  /** Times this shard's phases when set (the main thread's, for the benchmarks; `timings.ts`). */
  timer: PhaseTimer | null = null;

  /**
   * @param memory The engine's memory.
   * @param layout Its layout.
   * @param index Which shard (0 = main thread).
   * @param module The compiled kernels (the main thread's, so all threads share its machine code).
   */
  constructor(
    readonly memory: WebAssembly.Memory,
    readonly layout: EngineLayout,
    readonly index: number,
    module: WebAssembly.Module,
  ) {
    const imports = { env: { memory, exp: Math.exp } };
    this.k = new WebAssembly.Instance(module, imports).exports as unknown as KernelExports;
    if (index === 0) this.k.init_exp_table(layout.expTable);
    this.k.set_exp_table(layout.expTable);
    const base = layout.control + index * MAILBOX_INTS * 4;
    this.#ctl = new Int32Array(memory.buffer, base, MAILBOX_INTS);
    this.#lr = new Float64Array(memory.buffer, base, MAILBOX_INTS / 2);
    this.#mine = layout.shards[index];
  }

  /** Runs the command in this shard's mailbox; returns [result, flags, result2]. */
  runCommand(): [number, number, number] {
    const ctl = this.#ctl;
    const phase = ctl[PHASE], count = ctl[COUNT], part = ctl[PART], parts = ctl[PARTS];
    switch (phase) {
      case Phase.Forward: {
        const lo = rowSplit(count, part, parts), hi = rowSplit(count, part + 1, parts);
        return [0, this.forward(lo, hi, count, parts === 1), 0];
      }
      case Phase.Columns:
        return [0, this.columns(count, ctl[FUSED] === 1, this.#lr[LR_F64], parts === 1), 0];
      case Phase.Predict: {
        const lo = rowSplit(count, part, parts), hi = rowSplit(count, part + 1, parts);
        if (hi > lo) this.#predictBatch(lo, hi);
        return [0, 1, 0];
      }
      case Phase.Evaluate: {
        // This shard's share of each set's rows.
        const counts = this.layout.sets.map((set, i) =>
          this.evaluate(i, rowSplit(set.rows, part, parts), rowSplit(set.rows, part + 1, parts))
        );
        return [counts[0] ?? 0, 1, counts[1] ?? 0];
      }
      default:
        throw new RangeError(`Cannot run a command as its phase must be known: phase=${phase}`);
    }
  }

  /**
   * The forward pass of `n` rows of data set `set` (rows `ids[r]` of it, or
   * `first + r` when `ids` is 0) with parameters at `W1 b1 W2 b2` up to the
   * scores: a1 = x·W1 + b1, z1 = sigmoid(a1) into `z1`, a2 = z1·W2 + b2 into `y`
   * (the book's `predict` before its softmax).
   */
  #scoreRows(
    set: number,
    ids: number,
    first: number,
    n: number,
    params: readonly [number, number, number, number],
    z1: number,
    y: number,
  ): void {
    const L = this.layout, k = this.k, h = L.hidden, o = L.output, s = L.sets[set];
    const [W1, b1, W2, b2] = params;
    k.sparse_affine(s.rowStart, s.index, s.value, ids, first, n, W1, b1, h, z1);
    k.sigmoid(z1, n * h, z1);
    k.dense_affine(z1, n, h, W2, o, b2, y);
  }

  /**
   * The training parameters' forward pass of batch rows [lo, hi) into the
   * batch's z1 and y = softmax(a2) (the book's `predict`).
   */
  #predictBatch(lo: number, hi: number): void {
    const L = this.layout, o = L.output;
    const z1 = L.z1 + lo * L.hidden * 8, y = L.y + lo * o * 8;
    this.#scoreRows(0, L.ids + lo * 4, 0, hi - lo, [L.W1, L.b1, L.W2, L.b2], z1, y);
    this.k.softmax_rows(y, hi - lo, o, y);
  }

  /**
   * Forward and backward to dz1 for batch rows [lo, hi); the batch columns of
   * this shard's W1 rows (of all, when `alone`). Returns 1 when dz1 is finite.
   */
  forward(lo: number, hi: number, count: number, alone: boolean): number {
    const L = this.layout, k = this.k, h = L.hidden, o = L.output, tr = L.sets[0];
    let finite = 1;
    const n = hi - lo, T = this.timer;
    if (n > 0) {
      const z1 = L.z1 + lo * h * 8, y = L.y + lo * o * 8, dy = L.dy + lo * o * 8;
      const dz1 = L.dz1 + lo * h * 8;
      // forward: a1 = x·W1 + b1, z1 = sigmoid(a1), y = softmax(z1·W2 + b2)
      this.#predictBatch(lo, hi);
      T?.lap(Phases.forward);
      // backward: dy = (y − t) / batch_num, da1 = dy·W2ᵀ, dz1 = sigmoid_grad(a1) · da1
      k.output_grad(y, L.labels + lo * 4, n, o, count, dy);
      k.dense_affine(dy, n, o, L.W2T, h, 0, dz1);
      finite = k.sigmoid_grad_mul(z1, dz1, n * h, dz1);
      T?.lap(Phases.backward);
    }
    const m = this.#mine, colLo = alone ? 0 : m.colLo, colHi = alone ? L.inputSize : m.colHi;
    if (colHi > colLo) {
      // This shard's entries of each row: the whole row, or its share of the split table.
      const S = L.stepShards;
      const [lo, hi, stride] = L.split && !alone
        ? [L.split + this.index * 4, L.split + (this.index + 1) * 4, (S + 1) * 4]
        : [tr.rowStart, tr.rowStart + 4, 4];
      k.batch_columns(
        lo,
        hi,
        stride,
        tr.index,
        tr.value,
        L.ids,
        count,
        colLo,
        colHi - colLo,
        h,
        m.counts,
        m.cscOff,
        m.cscVal,
        L.maxBatch,
      );
      T?.lap(Phases.batch);
    }
    return finite;
  }

  /**
   * This shard's rows of gW1 = xᵀ·dz1 (all, when `alone`), or (fused)
   * W1 −= lr·gW1 for them; shard 0 also gW2, gb2, gb1 and (fused) their
   * updates. Returns 1 when the updated W1 rows are finite (1 when not fused).
   */
  columns(count: number, fused: boolean, lr: number, alone: boolean): number {
    const L = this.layout, k = this.k, h = L.hidden, o = L.output, m = this.#mine;
    let finite = 1;
    const colLo = alone ? 0 : m.colLo, cols = (alone ? L.inputSize : m.colHi) - colLo;
    const T = this.timer;
    if (cols > 0) {
      const args = [m.counts, m.cscOff, m.cscVal, cols, L.maxBatch, L.dz1, h] as const;
      if (fused) finite = k.columns_update(...args, L.W1 + colLo * h * 8, lr);
      else k.columns_transpose_mul(...args, L.gW1 + colLo * h * 8);
      T?.lap(fused ? Phases.update : Phases.backward);
    }
    if (this.index === 0) {
      k.transpose_a_mul(L.z1, count, h, L.dy, o, L.gW2); // np.dot(z1.T, dy)
      k.sum_rows(L.dy, count, o, L.gb2); // np.sum(dy, axis=0)
      k.sum_rows(L.dz1, count, h, L.gb1); // np.sum(dz1, axis=0)
      T?.lap(Phases.backward);
      if (fused) {
        k.sub_scaled(L.b1, L.gb1, h, lr);
        k.sub_scaled(L.W2, L.gW2, h * o, lr);
        k.sub_scaled(L.b2, L.gb2, o, lr);
        k.transpose(L.W2, h, o, L.W2T);
        T?.lap(Phases.update);
      }
    }
    return finite;
  }

  /**
   * How many of rows [lo, hi) of set `set` the snapshot parameters classify
   * right: the argmax of the scores, which is the softmax's argmax wherever the
   * softmax cannot change it (`count_correct_scores`, kernels.wat, which runs
   * the softmax for the other rows).
   */
  evaluate(set: number, lo: number, hi: number): number {
    const L = this.layout, m = this.#mine, snapshot = [L.eW1, L.eb1, L.eW2, L.eb2] as const;
    let correct = 0;
    for (let first = lo; first < hi; first += L.evalChunk) {
      const n = Math.min(L.evalChunk, hi - first), labels = L.sets[set].labels + first * 4;
      this.#scoreRows(set, 0, first, n, snapshot, m.evalZ, m.evalY);
      correct += this.k.count_correct_scores(m.evalY, labels, n, L.output, m.evalZ);
    }
    return correct;
  }

  /**
   * A worker's command loop: waits for commands in its mailbox, runs them,
   * acknowledges; returns on {@linkcode Phase.Quit}. Errors are reported in
   * the mailbox (status and message), never thrown out of the loop.
   */
  serve(): void {
    const ctl = this.#ctl;
    let seen = 0; // the mailbox starts at 0; any other value is a command to run
    for (;;) {
      let seq = Atomics.load(ctl, SEQ);
      const until = performance.now() + SPIN_MS;
      while (seq === seen) {
        for (let i = 0; i < POLLS && seq === seen; i++) seq = Atomics.load(ctl, SEQ);
        if (seq !== seen || performance.now() > until) break;
      }
      while (seq === seen) {
        Atomics.wait(ctl, SEQ, seen);
        seq = Atomics.load(ctl, SEQ);
      }
      seen = seq;
      if (ctl[PHASE] === Phase.Quit) {
        acknowledgeDone(ctl, seq);
        return;
      }
      try {
        const [result, flags, result2] = this.runCommand();
        ctl[RESULT] = result;
        ctl[RESULT2] = result2;
        ctl[FLAGS] = flags;
        ctl[STATUS] = OK;
      } catch (error) {
        writeError(this.memory, this.layout.errors, this.index, error);
        ctl[STATUS] = FAILED;
      }
      acknowledgeDone(ctl, seq);
    }
  }
}
