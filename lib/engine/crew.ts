/**
 * The main thread's handle on the engine's shards: starts the worker threads
 * (each a {@linkcode Shard} on the shared memory, see `_shard_worker.ts`),
 * writes their commands into the mailboxes (`protocol.ts`), runs shard 0's
 * part itself, and waits. The step workers share every iteration with the
 * main thread; the evaluation workers count correct predictions in the
 * background on a snapshot of the parameters while training goes on
 * (without them the step shards evaluate, between iterations). When the main
 * thread keeps waiting longer for the step workers than it computes (another
 * program has their cores), it steps alone for a while — which changes who
 * computes, never what.
 *
 * @module
 */

import { SHARD_WORKER_SOURCE } from "./_shard_worker_bundle.ts";
import type { EngineLayout } from "./layout.ts";
import {
  COUNT,
  DONE,
  FAILED,
  FLAGS,
  FUSED,
  LR_F64,
  MAILBOX_INTS,
  PART,
  PARTS,
  PHASE,
  Phase,
  POLLS,
  readError,
  RESULT,
  RESULT2,
  SEQ,
  STATUS,
  WORKER_TIMEOUT_MS,
} from "./protocol.ts";
import { Shard, type ShardInit } from "./shard.ts";
import { Phases } from "./timings.ts";
import { f64View, i32View, kernelsModule } from "./wasm/instance.ts";
import { startWorker, type WorkerProgram } from "./worker.ts";

/** The engine's worker program (`_shard_worker.ts`, bundled). */
export const SHARD_WORKER: WorkerProgram = { name: "training worker", source: SHARD_WORKER_SOURCE };

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

/**
 * How long {@linkcode Crew.dispose} waits at most for its idle workers to
 * acknowledge their Quit: a sleeping worker wakes in well under a
 * millisecond, unless other programs keep the cores busy.
 */
const QUIT_WAIT_MS = 200;

/** Counts of correct predictions being computed (see {@linkcode Crew.startEvaluation}). */
export interface PendingCounts {
  /** The workers counting (none when all is counted). */
  readonly shards: readonly number[];
  /** The sequence numbers of their commands. */
  readonly seqs: readonly number[];
  /** Correct predictions per set, once known. */
  counts: readonly number[] | null;
}

/**
 * The main thread's handle on the shards: issues commands and waits for
 * them. Shard 0 runs in this thread, inside {@linkcode Crew.run}.
 */
export class Crew {
  readonly #ctl: Int32Array;
  readonly #lr: Float64Array;
  #seq = 0;
  #disposed = false;
  /** The sequence number of each worker's Quit command (by shard). */
  readonly #quitSeqs: number[] = [];
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
   * Starts `layout.shards.length − 1` workers on `memory`, each running
   * `program` (a blob, so no file permission is needed).
   *
   * @param memory The engine's memory.
   * @param layout Its layout.
   * @param program The workers' program (tests pass others; it must answer like `_shard_worker.ts`).
   * @returns The crew, once every worker is ready.
   * @throws {Error} When a worker fails to start, with its message.
   */
  static async start(
    memory: WebAssembly.Memory,
    layout: EngineLayout,
    program: WorkerProgram = SHARD_WORKER,
  ): Promise<Crew> {
    const module = kernelsModule();
    const main = new Shard(memory, layout, 0, module);
    const starting: Promise<Worker>[] = [];
    for (let index = 1; index < layout.shards.length; index++) {
      const init: ShardInit = { module, memory, layout, index };
      starting.push(startWorker(program, init, { label: `${program.name} ${index}` }));
    }
    const started = await Promise.allSettled(starting);
    const workers = started.flatMap((s) => s.status === "fulfilled" ? [s.value] : []);
    const failed = started.find((s) => s.status === "rejected");
    if (failed) {
      for (const w of workers) w.terminate();
      throw failed.reason;
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
          readError(this.memory, this.layout.errors, shard)
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
    const t1 = performance.now(), T = this.main.timer;
    if (phase === Phase.Predict) T?.lap(Phases.loss);
    let flags = flags0;
    for (let s = 1; s < parts; s++) {
      this.#waitSync(s, seqs[s]);
      flags &= ctl[s * MAILBOX_INTS + FLAGS];
    }
    if (parts > 1) T?.lap(Phases.wait);
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

  /** Whether {@linkcode Crew.dispose} was called. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /** Whether worker `shard` has acknowledged its Quit (it writes nothing after that). */
  #quit(shard: number): boolean {
    const seq = this.#quitSeqs[shard];
    return seq !== undefined && Atomics.load(this.#ctl, shard * MAILBOX_INTS + DONE) === seq;
  }

  /**
   * Whether every worker has left: acknowledged its Quit, after which it
   * never writes into the memory again (the region may then be reused).
   */
  quiet(): boolean {
    for (let s = 1; s <= this.workers.length; s++) if (!this.#quit(s)) return false;
    return true;
  }

  /**
   * Stops the workers (idempotent): each is told to quit, which it does after
   * its current command (a background evaluation may still be running). The
   * idle ones are waited for (at most {@linkcode QUIT_WAIT_MS}) and
   * terminated once they have acknowledged; the busy ones close themselves
   * when they get to the Quit.
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    const idle: number[] = [];
    for (let s = 1; s <= this.workers.length; s++) {
      const slot = s * MAILBOX_INTS;
      if (Atomics.load(this.#ctl, slot + DONE) === this.#ctl[slot + SEQ]) idle.push(s);
      this.#quitSeqs[s] = this.#post(s, Phase.Quit, { part: 0, parts: 1 });
    }
    // An idle worker only has to wake up to acknowledge; a busy one finishes its command first.
    const until = performance.now() + QUIT_WAIT_MS;
    while (idle.some((s) => !this.#quit(s)) && performance.now() < until) {
      for (let i = 0; i < POLLS; i++) if (idle.every((s) => this.#quit(s))) break;
    }
    this.workers.forEach((w, i) => {
      if (this.#quit(i + 1)) w.terminate();
    });
  }
}
