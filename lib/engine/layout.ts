/**
 * Where everything of one training run lives in the engine's shared
 * `WebAssembly.Memory`: the data sets as sparse rows (in place, where
 * `data_memory.ts` built them, or copied), the parameters and a snapshot of
 * them for the background evaluations, the gradients, the batch's buffers,
 * each shard's own buffers and share of W1's rows, the mailboxes and the exp
 * table. {@linkcode planEngine} computes the byte offsets (plain data, posted
 * to the workers); {@linkcode fillEngineMemory} copies in what is not there yet.
 *
 * @module
 */

import type { PlacedRows } from "./data_memory.ts";
import { ERROR_BYTES, MAILBOX_INTS } from "./protocol.ts";
import { EXP_TABLE_BYTES, f64View, i32View, Layout, newKernelMemory } from "./wasm/instance.ts";

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
  /** Whether the rows are used where they were built (else this layout holds a copy). */
  readonly inPlace: boolean;
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
  /** Its evaluation scratch: `evalChunk × max(hidden, output)` f64. */
  readonly evalZ: number;
  /** Its evaluation scratch: `evalChunk × output` f64. */
  readonly evalY: number;
}

/** Everything's place in the memory; plain data, posted to the workers. */
export interface EngineLayout {
  /** The engine's region: bytes [base, base + bytes) of the memory. */
  readonly base: number;
  /** Bytes of the region. */
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
  const cols = set.x.cols;
  if (parts === 1) return [0, cols];
  const perCol = new Float64Array(cols), index = set.x.index;
  for (let i = 0; i < index.length; i++) perCol[index[i]]++;
  const total = index.length;
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
 * Plans an engine's region of the memory for `sets` (training first).
 *
 * @param plan Sizes.
 * @param sets Training set and optionally test set.
 * @param placed Where each set's rows already are in the memory (undefined: copy them in).
 * @param base Where the region starts (16-byte aligned; default 64, a memory of its own).
 * @returns The layout.
 */
export function planEngine(
  plan: EnginePlan,
  sets: readonly EngineSet[],
  placed: readonly (PlacedRows | undefined)[] = [],
  base?: number,
): EngineLayout {
  const { inputSize, hidden: h, output: o, maxBatch, evalChunk, stepShards, evalShards } = plan;
  const shards = stepShards + evalShards;
  const L = new Layout(base);
  const start = L.size;
  const setLayouts = sets.map((s, i) => {
    const at = placed[i];
    return {
      rows: s.x.rows,
      cols: s.x.cols,
      rowStart: at?.rowStart ?? L.alloc(s.x.rows + 1, 4),
      index: at?.index ?? L.alloc(s.x.index.length, 4),
      value: at?.value ?? L.alloc(s.x.value.length, 8),
      labels: L.alloc(s.x.rows, 4),
      inPlace: at !== undefined,
    };
  });
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
      evalZ: L.alloc(evalChunk * Math.max(h, o), 8), // z1, then the softmax's scratch
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
    base: start,
    bytes: 0,
  };
  return { ...layout, bytes: L.size - start };
}

/**
 * Writes into the engine's region what `layout` places there: the sets not
 * used in place, the labels, and the split table of the step shards.
 *
 * @param memory The memory (holding the sets used in place).
 * @param layout From {@linkcode planEngine} with the same sets.
 * @param sets The data.
 */
export function fillEngineMemory(
  memory: WebAssembly.Memory,
  layout: EngineLayout,
  sets: readonly EngineSet[],
): void {
  const buf = memory.buffer;
  sets.forEach((s, i) => {
    const l = layout.sets[i];
    if (!l.inPlace) {
      i32View(buf, l.rowStart, l.rows + 1).set(s.x.rowStart);
      i32View(buf, l.index, s.x.index.length).set(s.x.index);
      f64View(buf, l.value, s.x.value.length).set(s.x.value);
    }
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
}

/**
 * A new memory of its own holding `sets` as `layout` places them (a layout
 * planned without placements or base).
 *
 * @param layout From {@linkcode planEngine} with the same sets.
 * @param sets The data.
 * @returns The memory.
 */
export function newEngineMemory(
  layout: EngineLayout,
  sets: readonly EngineSet[],
): WebAssembly.Memory {
  const memory = newKernelMemory(layout.base + layout.bytes);
  fillEngineMemory(memory, layout, sets);
  return memory;
}
