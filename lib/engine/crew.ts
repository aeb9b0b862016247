/**
 * The WebAssembly training engine: one training run's parameters, data and
 * buffers in one shared `WebAssembly.Memory`, and the threads that work on
 * them. Private to the library; `lib/train/trainer.ts` wraps it.
 *
 * Work is split by output, never inside a sum, so every number is the same
 * for any number of threads:
 * - the forward pass and the backward pass down to `dz1` by batch rows
 *   (rows of a1, z1, y, dy, dz1), and the evaluations by data rows (counts of
 *   correct predictions add up in any order);
 * - `xᵀ·dz1` and the W1 update by rows of W1 (input columns), each thread
 *   summing its elements over the whole batch in batch order.
 *
 * The main thread is shard 0; worker threads are shards 1, 2, …: first the
 * step workers, which share every iteration with the main thread, then the
 * evaluation workers, which count correct predictions in the background on
 * a snapshot of the parameters while training goes on (without them the
 * step shards evaluate, between iterations). A worker runs `shardProgram`,
 * the same code as shard 0, from a blob URL, so it needs no permission. Each
 * shard has a mailbox in the control block: the main thread writes a command
 * and bumps the mailbox's sequence number, the shard does its part and
 * acknowledges; Atomics order the plain memory accesses around these
 * hand-overs. When the main thread keeps waiting longer for the step
 * workers than it computes (another program has their cores), it steps
 * alone for a while — which changes who computes, never what.
 *
 * @module
 */

import {
  EXP_TABLE_BYTES,
  f64View,
  i32View,
  type KernelExports,
  kernelsModule,
  Layout,
  newKernelMemory,
} from "./wasm/instance.ts";

/** Where one data set lives in the memory (byte offsets). */
export interface SetLayout {
  /** Rows (images). */
  readonly rows: number;
  /** Columns (pixels). */
  readonly cols: number;
  /** `rows + 1` i32 row starts. */
  readonly rowStart: number;
  /** i32 column of each nonzero. */
  readonly index: number;
  /** f64 value of each nonzero. */
  readonly value: number;
  /** `rows` i32 labels. */
  readonly labels: number;
}

/** One shard's own buffers and its share of W1's rows. */
export interface ShardLayout {
  /** First input column (row of W1) this shard sums and updates. */
  readonly colLo: number;
  /** One past its last input column. */
  readonly colHi: number;
  /** Entries per column of its batch column lists (see `batch_columns` in kernels.wat). */
  readonly counts: number;
  /** i32 row offsets of its column lists, `maxBatch` slots per column. */
  readonly cscOff: number;
  /** f64 values of its column lists, `maxBatch` slots per column. */
  readonly cscVal: number;
  /** Its evaluation scratch: `evalChunk × hidden` f64. */
  readonly evalZ: number;
  /** Its evaluation scratch: `evalChunk × output` f64. */
  readonly evalY: number;
}

/** Everything's place in the memory; plain data, posted to the workers. */
export interface EngineLayout {
  /** Bytes the memory needs. */
  readonly bytes: number;
  /** Inputs per sample. */
  readonly inputSize: number;
  /** Hidden units. */
  readonly hidden: number;
  /** Classes. */
  readonly output: number;
  /** Largest batch. */
  readonly maxBatch: number;
  /** Rows per evaluation chunk. */
  readonly evalChunk: number;
  /** Data sets: 0 = training, 1 = test. */
  readonly sets: readonly SetLayout[];
  /**
   * Each training row's entries split among the step shards: `stepShards + 1`
   * i32 per row, shard s's columns being entries [split[s], split[s + 1]) (0
   * when there is one step shard: then the row starts serve).
   */
  readonly split: number;
  /** Parameters (f64, row-major) and W2 transposed (for `dy · W2ᵀ`). */
  readonly W1: number;
  readonly b1: number;
  readonly W2: number;
  readonly b2: number;
  readonly W2T: number;
  /** The parameters the evaluations use: a snapshot, so training can go on meanwhile. */
  readonly eW1: number;
  readonly eb1: number;
  readonly eW2: number;
  readonly eb2: number;
  /** Gradients (f64). */
  readonly gW1: number;
  readonly gb1: number;
  readonly gW2: number;
  readonly gb2: number;
  /** The batch's row ids and labels (i32). */
  readonly ids: number;
  readonly labels: number;
  /** The batch's z1 (a1 before the sigmoid), y (a2 before the softmax), dy and dz1 (da1 before). */
  readonly z1: number;
  readonly y: number;
  readonly dy: number;
  readonly dz1: number;
  /** The control block: one mailbox of {@linkcode MAILBOX_INTS} i32 per shard. */
  readonly control: number;
  /** Error messages: {@linkcode ERROR_BYTES} per shard. */
  readonly errors: number;
  /** The exp table of the kernels (`init_exp_table` in kernels.wat). */
  readonly expTable: number;
  /** Shards used for the steps (the main thread and `stepShards − 1` workers). */
  readonly stepShards: number;
  /** Workers that evaluate in the background, after the step shards (0: the step shards evaluate). */
  readonly evalShards: number;
  /** All shards (the main thread and every worker). */
  readonly shards: readonly ShardLayout[];
}

/** A data set as the engine takes it: sparse rows and labels. */
export interface EngineSet {
  readonly x: {
    readonly rows: number;
    readonly cols: number;
    readonly rowStart: Int32Array;
    readonly index: Int32Array;
    readonly value: Float64Array;
  };
  readonly labels: ArrayLike<number>;
}

/** Sizes of an engine. */
export interface EnginePlan {
  readonly inputSize: number;
  readonly hidden: number;
  readonly output: number;
  readonly maxBatch: number;
  readonly evalChunk: number;
  /** Shards for the steps (≥ 1): this thread and the step workers. */
  readonly stepShards: number;
  /** Background evaluation workers (0: the step shards evaluate, between steps). */
  readonly evalShards: number;
}

/**
 * Splits the input columns among the step shards so each gets about the same
 * number of nonzeros of the training set (the work of its `xᵀ·dz1` share).
 */
function columnSplit(set: EngineSet, parts: number): number[] {
  const cols = set.x.cols, perCol = new Float64Array(cols);
  for (const c of set.x.index) perCol[c]++;
  const total = set.x.index.length;
  const bounds = [0];
  let acc = 0, c = 0;
  for (let s = 1; s < parts; s++) {
    const target = (total * s) / parts;
    while (c < cols && acc + perCol[c] / 2 < target) acc += perCol[c++];
    bounds.push(Math.max(c, bounds[s - 1]));
  }
  bounds.push(cols);
  return bounds;
}

/**
 * Plans the memory of an engine for `sets` (training first).
 *
 * @param plan Sizes.
 * @param sets Training set and optionally test set.
 * @returns The layout.
 */
export function planEngine(plan: EnginePlan, sets: readonly EngineSet[]): EngineLayout {
  const { inputSize, hidden: h, output: o, maxBatch, evalChunk, stepShards, evalShards } = plan;
  const shards = stepShards + evalShards;
  const L = new Layout();
  const setLayouts = sets.map((s) => ({
    rows: s.x.rows,
    cols: s.x.cols,
    rowStart: L.alloc(s.x.rows + 1, 4),
    index: L.alloc(s.x.index.length, 4),
    value: L.alloc(s.x.value.length, 8),
    labels: L.alloc(s.x.rows, 4),
  }));
  const train = sets[0].x;
  const bounds = columnSplit(sets[0], stepShards);
  const split = stepShards > 1 ? L.alloc(train.rows * (stepShards + 1), 4) : 0;
  const shardLayouts: ShardLayout[] = [];
  for (let s = 0; s < shards; s++) {
    const step = s < stepShards;
    const colLo = step ? bounds[s] : 0, colHi = step ? bounds[s + 1] : 0;
    // Shard 0 can also do all the columns alone (see Crew.run).
    const cols = s === 0 ? inputSize : colHi - colLo, capacity = step ? cols * maxBatch : 0;
    shardLayouts.push({
      colLo,
      colHi,
      counts: L.alloc(cols, 4),
      cscOff: L.alloc(capacity, 4),
      cscVal: L.alloc(capacity, 8),
      evalZ: L.alloc(evalChunk * h, 8),
      evalY: L.alloc(evalChunk * o, 8),
    });
  }
  const layout = {
    inputSize,
    hidden: h,
    output: o,
    maxBatch,
    evalChunk,
    sets: setLayouts,
    split,
    W1: L.alloc(inputSize * h, 8),
    b1: L.alloc(h, 8),
    W2: L.alloc(h * o, 8),
    b2: L.alloc(o, 8),
    W2T: L.alloc(o * h, 8),
    eW1: L.alloc(inputSize * h, 8),
    eb1: L.alloc(h, 8),
    eW2: L.alloc(h * o, 8),
    eb2: L.alloc(o, 8),
    gW1: L.alloc(inputSize * h, 8),
    gb1: L.alloc(h, 8),
    gW2: L.alloc(h * o, 8),
    gb2: L.alloc(o, 8),
    ids: L.alloc(maxBatch, 4),
    labels: L.alloc(maxBatch, 4),
    z1: L.alloc(maxBatch * h, 8),
    y: L.alloc(maxBatch * o, 8),
    dy: L.alloc(maxBatch * o, 8),
    dz1: L.alloc(maxBatch * h, 8),
    control: L.alloc(shards * MAILBOX_INTS, 4),
    errors: L.alloc(shards * ERROR_BYTES, 1),
    expTable: L.alloc(EXP_TABLE_BYTES, 1),
    stepShards,
    evalShards,
    shards: shardLayouts,
    bytes: 0,
  };
  return { ...layout, bytes: L.size };
}

/**
 * A new memory holding `sets` as `layout` places them.
 *
 * @param layout From {@linkcode planEngine} with the same sets.
 * @param sets The data.
 * @returns The memory.
 */
export function newEngineMemory(
  layout: EngineLayout,
  sets: readonly EngineSet[],
): WebAssembly.Memory {
  const memory = newKernelMemory(layout.bytes);
  const buf = memory.buffer;
  sets.forEach((s, i) => {
    const l = layout.sets[i];
    i32View(buf, l.rowStart, l.rows + 1).set(s.x.rowStart);
    i32View(buf, l.index, s.x.index.length).set(s.x.index);
    f64View(buf, l.value, s.x.value.length).set(s.x.value);
    i32View(buf, l.labels, l.rows).set(s.labels);
  });
  if (layout.split) {
    const x = sets[0].x,
      parts = layout.stepShards,
      split = i32View(buf, layout.split, x.rows * (parts + 1));
    for (let r = 0; r < x.rows; r++) {
      let p = x.rowStart[r];
      const end = x.rowStart[r + 1];
      for (let s = 0; s < parts; s++) {
        while (p < end && x.index[p] < layout.shards[s].colLo) p++;
        split[r * (parts + 1) + s] = p;
      }
      split[r * (parts + 1) + parts] = end;
    }
  }
  return memory;
}

/**
 * Everything a shard runs, as one self-contained function (no imports, no
 * outside names): the main thread calls it, and each worker runs its source
 * text from a blob URL, so workers load without any file permission and run
 * exactly this code.
 */
function shardProgram() {
  /** What a shard is told to do. */
  const Phase = {
    /** Leave the command loop (workers). */
    Quit: 0,
    /** Batch rows: forward and backward to dz1; batch columns of its W1 rows. */
    Forward: 1,
    /** Its W1 rows: xᵀ·dz1 (or the fused W1 update); shard 0 also the small gradients. */
    Columns: 2,
    /** Batch rows: forward to y (for the loss). */
    Predict: 3,
    /** Rows of both sets: count correct predictions with the snapshot parameters. */
    Evaluate: 4,
  } as const;

  /** i32 slots per mailbox (64 bytes: one cache line each, so shards do not share lines). */
  const MAILBOX_INTS = 16;
  /** Mailbox slots. */
  const SEQ = 0, PHASE = 1, COUNT = 2, PART = 4, PARTS = 5, FUSED = 6, DONE = 7;
  const STATUS = 8, RESULT = 9, RESULT2 = 11, FLAGS = 10, LR_F64 = 6; // LR at f64 index 6 = byte 48
  /** Bytes of error text per shard. */
  const ERROR_BYTES = 1024;
  /** Status values. */
  const OK = 0, FAILED = 1;
  /**
   * A worker busy-waits this long for its next command before sleeping: the
   * main thread's gaps between step commands are a few microseconds, while
   * waking a sleeping thread takes tens to hundreds.
   */
  const SPIN_MS = 0.5;
  /** Polls between clock readings while busy-waiting. */
  const POLLS = 256;
  /** Longest wait for a worker's part before declaring it lost. */
  const WORKER_TIMEOUT_MS = 600_000;

  function rowSplit(rows: number, part: number, parts: number): number {
    return Math.floor((rows * part) / parts);
  }

  /** The part of one shard: runs its share of each command. */
  class Shard {
    readonly k: KernelExports;
    readonly #ctl: Int32Array;
    readonly #lr: Float64Array;
    readonly #mine: ShardLayout;

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
          this.predict(rowSplit(count, part, parts), rowSplit(count, part + 1, parts));
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
     * Forward and backward to dz1 for batch rows [lo, hi); the batch columns of
     * this shard's W1 rows (of all, when `alone`). Returns 1 when dz1 is finite.
     */
    forward(lo: number, hi: number, count: number, alone: boolean): number {
      const L = this.layout, k = this.k, h = L.hidden, o = L.output, tr = L.sets[0];
      let finite = 1;
      const n = hi - lo;
      if (n > 0) {
        const z1 = L.z1 + lo * h * 8, y = L.y + lo * o * 8, dy = L.dy + lo * o * 8;
        const dz1 = L.dz1 + lo * h * 8;
        // forward: a1 = x·W1 + b1, z1 = sigmoid(a1), y = softmax(z1·W2 + b2)
        k.sparse_affine(tr.rowStart, tr.index, tr.value, L.ids + lo * 4, 0, n, L.W1, L.b1, h, z1);
        k.sigmoid(z1, n * h, z1);
        k.dense_affine(z1, n, h, L.W2, o, L.b2, y);
        k.softmax_rows(y, n, o, y);
        // backward: dy = (y − t) / batch_num, da1 = dy·W2ᵀ, dz1 = sigmoid_grad(a1) · da1
        k.output_grad(y, L.labels + lo * 4, n, o, count, dy);
        k.dense_affine(dy, n, o, L.W2T, h, 0, dz1);
        finite = k.sigmoid_grad_mul(z1, dz1, n * h, dz1);
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
      if (cols > 0) {
        if (fused) {
          finite = k.columns_update(
            m.counts,
            m.cscOff,
            m.cscVal,
            cols,
            L.maxBatch,
            L.dz1,
            h,
            L.W1 + colLo * h * 8,
            lr,
          );
        } else {
          k.columns_transpose_mul(
            m.counts,
            m.cscOff,
            m.cscVal,
            cols,
            L.maxBatch,
            L.dz1,
            h,
            L.gW1 + colLo * h * 8,
          );
        }
      }
      if (this.index === 0) {
        k.transpose_a_mul(L.z1, count, h, L.dy, o, L.gW2); // np.dot(z1.T, dy)
        k.sum_rows(L.dy, count, o, L.gb2); // np.sum(dy, axis=0)
        k.sum_rows(L.dz1, count, h, L.gb1); // np.sum(dz1, axis=0)
        if (fused) {
          k.sub_scaled(L.b1, L.gb1, h, lr);
          k.sub_scaled(L.W2, L.gW2, h * o, lr);
          k.sub_scaled(L.b2, L.gb2, o, lr);
          k.transpose(L.W2, h, o, L.W2T);
        }
      }
      return finite;
    }

    /** y = softmax(sigmoid(x·W1 + b1)·W2 + b2) for batch rows [lo, hi). */
    predict(lo: number, hi: number): void {
      const L = this.layout, k = this.k, h = L.hidden, o = L.output, tr = L.sets[0];
      const n = hi - lo;
      if (n <= 0) return;
      const z1 = L.z1 + lo * h * 8, y = L.y + lo * o * 8;
      k.sparse_affine(tr.rowStart, tr.index, tr.value, L.ids + lo * 4, 0, n, L.W1, L.b1, h, z1);
      k.sigmoid(z1, n * h, z1);
      k.dense_affine(z1, n, h, L.W2, o, L.b2, y);
      k.softmax_rows(y, n, o, y);
    }

    /** How many of rows [lo, hi) of set `set` the snapshot parameters classify right. */
    evaluate(set: number, lo: number, hi: number): number {
      const L = this.layout,
        k = this.k,
        h = L.hidden,
        o = L.output,
        s = L.sets[set],
        m = this.#mine;
      let correct = 0;
      for (let first = lo; first < hi; first += L.evalChunk) {
        const n = Math.min(L.evalChunk, hi - first);
        k.sparse_affine(s.rowStart, s.index, s.value, 0, first, n, L.eW1, L.eb1, h, m.evalZ);
        k.sigmoid(m.evalZ, n * h, m.evalZ);
        k.dense_affine(m.evalZ, n, h, L.eW2, o, L.eb2, m.evalY);
        k.softmax_rows(m.evalY, n, o, m.evalY);
        correct += k.count_correct(m.evalY, s.labels + first * 4, n, o);
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
          acknowledge(ctl, seq);
          return;
        }
        try {
          const [result, flags, result2] = this.runCommand();
          ctl[RESULT] = result;
          ctl[RESULT2] = result2;
          ctl[FLAGS] = flags;
          ctl[STATUS] = OK;
        } catch (error) {
          writeError(this.memory, this.layout, this.index, error);
          ctl[STATUS] = FAILED;
        }
        acknowledge(ctl, seq);
      }
    }
  }

  function acknowledge(ctl: Int32Array, seq: number): void {
    Atomics.store(ctl, DONE, seq);
    Atomics.notify(ctl, DONE);
  }

  function writeError(
    memory: WebAssembly.Memory,
    layout: EngineLayout,
    index: number,
    error: unknown,
  ) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const bytes = new TextEncoder().encode(text).subarray(0, ERROR_BYTES - 4);
    const base = layout.errors + index * ERROR_BYTES;
    new DataView(memory.buffer).setInt32(base, bytes.length, true);
    new Uint8Array(memory.buffer, base + 4, bytes.length).set(bytes);
  }

  /**
   * A worker's start: receives the kernels, memory, layout and index, answers
   * `{ ready }`, then serves commands until told to quit.
   */
  function startWorker(): void {
    const scope = globalThis as unknown as {
      onmessage: ((e: MessageEvent<WorkerInit>) => void) | null;
      postMessage(message: WorkerHello): void;
      close(): void;
    };
    scope.onmessage = (e) => {
      scope.onmessage = null;
      const { module, memory, layout, index } = e.data;
      let shard: Shard;
      try {
        shard = new Shard(memory, layout, index, module);
      } catch (error) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        scope.postMessage({ ready: false, message });
        return;
      }
      scope.postMessage({ ready: true });
      // Serve after this turn, so the answer goes out before the loop blocks.
      setTimeout(() => {
        shard.serve();
        scope.close();
      }, 0);
    };
  }

  return {
    Shard,
    startWorker,
    Phase,
    MAILBOX_INTS,
    ERROR_BYTES,
    slots: { SEQ, PHASE, COUNT, PART, PARTS, FUSED, DONE, STATUS, RESULT, RESULT2, FLAGS, LR_F64 },
    OK,
    FAILED,
    SPIN_MS,
    POLLS,
    WORKER_TIMEOUT_MS,
    rowSplit,
  };
}

const program = shardProgram();
/** One shard's part of the work (see `shardProgram`). */
export const Shard = program.Shard;
/** A shard. */
export type Shard = InstanceType<typeof program.Shard>;
/** What a shard is told to do. */
export const Phase = program.Phase;
/** i32 slots per mailbox. */
export const MAILBOX_INTS = program.MAILBOX_INTS;
/** Bytes of error text per shard. */
export const ERROR_BYTES = program.ERROR_BYTES;
const { SEQ, PHASE, COUNT, PART, PARTS, FUSED, DONE, STATUS, RESULT, RESULT2, FLAGS, LR_F64 } =
  program.slots;
const { FAILED, POLLS, WORKER_TIMEOUT_MS } = program;
/**
 * The main thread busy-waits this long for a worker's part before sleeping,
 * which frees its core for the worker when the machine is oversubscribed.
 */
const MAIN_SPIN_MS = 0.2;
/**
 * When most recent commands made the main thread wait for the workers longer
 * than it computed itself, the workers are not getting a core of their own
 * (another program is busy): the main thread then steps alone for this many
 * steps before trying again. Who computes what never changes a result.
 */
const SOLO_STEPS = 200;
/**
 * Weight of the latest command in the moving share of commands that waited
 * longer than they computed; going alone takes a share above one half, so
 * a few preempted commands (spikes) do not trigger it.
 */
const WAIT_EMA = 0.1;

/** The workers' program: `shardProgram`'s source, started as a worker. */
function workerSource(): string {
  return `(${shardProgram.toString()})().startWorker();\n`;
}

function readError(memory: WebAssembly.Memory, layout: EngineLayout, index: number): string {
  const base = layout.errors + index * ERROR_BYTES;
  const length = new DataView(memory.buffer).getInt32(base, true);
  return new TextDecoder().decode(new Uint8Array(memory.buffer, base + 4, length).slice());
}

/** Counts of correct predictions being computed (see {@linkcode Crew.startEvaluation}). */
export interface PendingCounts {
  /** The workers counting (none when all is counted). */
  readonly shards: readonly number[];
  /** The sequence numbers of their commands. */
  readonly seqs: readonly number[];
  /** Correct predictions per set, once known. */
  counts: readonly number[] | null;
}

/** What a worker is sent to start. */
export interface WorkerInit {
  /** The main thread's compiled kernels (so all threads share one machine code). */
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly layout: EngineLayout;
  readonly index: number;
}

/** What a worker answers at start. */
export type WorkerHello = { readonly ready: true } | {
  readonly ready: false;
  readonly message: string;
};

/**
 * The main thread's handle on the shards: issues commands and waits for
 * them. Shard 0 runs in this thread, inside {@linkcode Crew.run}.
 */
export class Crew {
  readonly #ctl: Int32Array;
  readonly #lr: Float64Array;
  #seq = 0;
  #disposed = false;
  /** Whether the current step runs on this thread alone. */
  #alone = false;
  /** Steps left to run alone. */
  #soloLeft = 0;
  /** Moving share of shared commands that waited longer than they computed. */
  #waitShare = 0;

  private constructor(
    readonly main: Shard,
    readonly workers: readonly Worker[],
  ) {
    const { memory, layout } = main;
    this.#ctl = i32View(memory.buffer, layout.control, layout.shards.length * MAILBOX_INTS);
    this.#lr = f64View(memory.buffer, layout.control, (layout.shards.length * MAILBOX_INTS) / 2);
  }

  /**
   * Starts `layout.shards.length − 1` workers on `memory`. They run
   * `shardProgram` from a blob URL: no file to read, so no permission needed
   * (a worker inherits this thread's permissions but needs none).
   *
   * @param memory The engine's memory.
   * @param layout Its layout.
   * @param workerUrl Another worker module (for tests); it must answer like `startWorker`.
   * @returns The crew, once every worker is ready.
   * @throws {Error} When a worker fails to start, with its message.
   */
  static async start(
    memory: WebAssembly.Memory,
    layout: EngineLayout,
    workerUrl?: URL,
  ): Promise<Crew> {
    const module = kernelsModule();
    const main = new Shard(memory, layout, 0, module);
    const workers: Worker[] = [];
    const url = workerUrl?.href ??
      URL.createObjectURL(new Blob([workerSource()], { type: "text/javascript" }));
    try {
      const hellos: Promise<void>[] = [];
      for (let index = 1; index < layout.shards.length; index++) {
        const worker = new Worker(url, { type: "module" });
        workers.push(worker);
        hellos.push(
          new Promise<void>((resolve, reject) => {
            worker.onmessage = (e: MessageEvent<WorkerHello>) => {
              if (e.data.ready) resolve();
              else reject(new Error(`Cannot start training worker ${index}: ${e.data.message}`));
            };
            worker.onerror = (e: ErrorEvent) => {
              e.preventDefault();
              reject(new Error(`Cannot start training worker ${index}: ${e.message}`));
            };
          }),
        );
        worker.postMessage({ module, memory, layout, index } satisfies WorkerInit);
      }
      await Promise.all(hellos);
    } catch (error) {
      for (const w of workers) w.terminate();
      throw error;
    } finally {
      if (!workerUrl) URL.revokeObjectURL(url);
    }
    return new Crew(main, workers);
  }

  /** The shards' memory. */
  get memory(): WebAssembly.Memory {
    return this.main.memory;
  }

  /** The layout. */
  get layout(): EngineLayout {
    return this.main.layout;
  }

  #post(shard: number, phase: number, args: {
    count?: number;
    part: number;
    parts: number;
    fused?: boolean;
    lr?: number;
  }): number {
    const base = shard * MAILBOX_INTS, ctl = this.#ctl;
    ctl[base + PHASE] = phase;
    ctl[base + COUNT] = args.count ?? 0;
    ctl[base + PART] = args.part;
    ctl[base + PARTS] = args.parts;
    ctl[base + FUSED] = args.fused ? 1 : 0;
    this.#lr[base / 2 + LR_F64] = args.lr ?? 0;
    const seq = ++this.#seq;
    if (shard > 0) {
      Atomics.store(ctl, base + SEQ, seq);
      Atomics.notify(ctl, base + SEQ);
    } else {
      ctl[base + SEQ] = seq;
    }
    return seq;
  }

  #check(shard: number): void {
    if (this.#ctl[shard * MAILBOX_INTS + STATUS] === FAILED) {
      throw new Error(
        `Cannot train as training worker ${shard} failed: ${
          readError(this.memory, this.layout, shard)
        }`,
      );
    }
  }

  #waitSync(shard: number, seq: number): void {
    const slot = shard * MAILBOX_INTS + DONE, ctl = this.#ctl;
    let v = Atomics.load(ctl, slot);
    const until = performance.now() + MAIN_SPIN_MS;
    while (v !== seq) {
      for (let i = 0; i < POLLS && v !== seq; i++) v = Atomics.load(ctl, slot);
      if (v === seq || performance.now() > until) break;
    }
    const deadline = performance.now() + WORKER_TIMEOUT_MS;
    while (v !== seq) {
      Atomics.wait(ctl, slot, v, 100);
      v = Atomics.load(ctl, slot);
      if (v !== seq && performance.now() > deadline) {
        throw new Error(
          `Cannot train as training worker ${shard} did not answer in ${WORKER_TIMEOUT_MS} ms`,
        );
      }
    }
    this.#check(shard);
  }

  async #waitAsync(shard: number, seq: number): Promise<void> {
    const slot = shard * MAILBOX_INTS + DONE, ctl = this.#ctl;
    const deadline = performance.now() + WORKER_TIMEOUT_MS;
    let v = Atomics.load(ctl, slot);
    while (v !== seq) {
      const w = Atomics.waitAsync(ctl, slot, v, 1000);
      if (w.async) await w.value;
      v = Atomics.load(ctl, slot);
      if (v !== seq && performance.now() > deadline) {
        throw new Error(
          `Cannot train as training worker ${shard} did not answer in ${WORKER_TIMEOUT_MS} ms`,
        );
      }
    }
    this.#check(shard);
  }

  #ensureLive(): void {
    if (this.#disposed) throw new Error("Cannot train as the engine has been disposed");
  }

  /**
   * Runs a step command on shards 0 … stepShards − 1 (this thread does shard
   * 0's part) and waits; returns the AND of their flags.
   */
  run(phase: number, args: { count: number; fused?: boolean; lr?: number }): number {
    this.#ensureLive();
    // Forward starts a step: choose (for the whole step) between sharing it and stepping alone.
    if (phase === Phase.Forward) {
      if (this.#soloLeft > 0) this.#soloLeft--;
      this.#alone = this.#soloLeft > 0;
    }
    const parts = this.#alone ? 1 : this.layout.stepShards;
    const seqs: number[] = [];
    for (let s = 1; s < parts; s++) seqs[s] = this.#post(s, phase, { ...args, part: s, parts });
    this.#post(0, phase, { ...args, part: 0, parts });
    const ctl = this.#ctl;
    const t0 = performance.now();
    const [, flags0] = this.main.runCommand();
    const t1 = performance.now();
    let flags = flags0;
    for (let s = 1; s < parts; s++) {
      this.#waitSync(s, seqs[s]);
      flags &= ctl[s * MAILBOX_INTS + FLAGS];
    }
    if (parts > 1) {
      const slow = performance.now() - t1 > t1 - t0 ? 1 : 0;
      this.#waitShare += WAIT_EMA * (slow - this.#waitShare);
      if (this.#waitShare > 0.5) {
        this.#soloLeft = SOLO_STEPS + 1;
        this.#waitShare = 0;
      }
    }
    return flags;
  }

  /**
   * Starts counting correct predictions of the current parameters on every
   * set: copies them to the snapshot; then, with background evaluation
   * workers, hands them the rows and returns at once (training may go on
   * meanwhile); without, splits the rows among the step shards (this thread
   * included) and returns when done.
   *
   * @returns The pending counts (per set), for {@linkcode Crew.poll} and {@linkcode Crew.finish}.
   */
  startEvaluation(): PendingCounts {
    this.#ensureLive();
    const L = this.layout;
    const mem = this.memory.buffer, h = L.hidden, o = L.output;
    f64View(mem, L.eW1, L.inputSize * h).set(f64View(mem, L.W1, L.inputSize * h));
    f64View(mem, L.eb1, h).set(f64View(mem, L.b1, h));
    f64View(mem, L.eW2, h * o).set(f64View(mem, L.W2, h * o));
    f64View(mem, L.eb2, o).set(f64View(mem, L.b2, o));
    const shards: number[] = [], seqs: number[] = [];
    if (L.evalShards > 0) {
      for (let p = 0; p < L.evalShards; p++) {
        shards.push(L.stepShards + p);
        seqs.push(this.#post(L.stepShards + p, Phase.Evaluate, { part: p, parts: L.evalShards }));
      }
      return { shards, seqs, counts: null };
    }
    const parts = L.stepShards;
    for (let p = 1; p < parts; p++) {
      shards.push(p);
      seqs.push(this.#post(p, Phase.Evaluate, { part: p, parts }));
    }
    this.#post(0, Phase.Evaluate, { part: 0, parts });
    const [train, , test] = this.main.runCommand();
    for (let i = 0; i < shards.length; i++) this.#waitSync(shards[i], seqs[i]);
    const pending: PendingCounts = { shards, seqs, counts: null };
    const [trainRest, testRest] = this.#collect(pending);
    pending.counts = [train + trainRest, test + testRest];
    return pending;
  }

  /** The counts if every shard of `pending` is done (without waiting), else null. */
  poll(pending: PendingCounts): readonly number[] | null {
    if (pending.counts) return pending.counts;
    const ctl = this.#ctl;
    for (let i = 0; i < pending.seqs.length; i++) {
      if (Atomics.load(ctl, pending.shards[i] * MAILBOX_INTS + DONE) !== pending.seqs[i]) {
        return null;
      }
    }
    return (pending.counts = this.#collect(pending));
  }

  /** Waits (without blocking this thread) for the counts of `pending`. */
  async finish(pending: PendingCounts): Promise<readonly number[]> {
    if (pending.counts) return pending.counts;
    for (let i = 0; i < pending.seqs.length; i++) {
      await this.#waitAsync(pending.shards[i], pending.seqs[i]);
    }
    return (pending.counts = this.#collect(pending));
  }

  /** Sums the workers' counts of `pending` (all done). */
  #collect(pending: PendingCounts): [number, number] {
    let train = 0, test = 0;
    for (const shard of pending.shards) {
      this.#check(shard);
      train += this.#ctl[shard * MAILBOX_INTS + RESULT];
      test += this.#ctl[shard * MAILBOX_INTS + RESULT2];
    }
    return [train, test];
  }

  /** Stops the workers (idempotent). */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (let s = 1; s <= this.workers.length; s++) this.#post(s, Phase.Quit, { part: 0, parts: 1 });
    for (const w of this.workers) w.terminate();
  }
}
