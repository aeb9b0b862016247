/**
 * The two-layer net's numerical gradient (§4.4–4.5), fast: exactly the
 * numbers of the book's `numerical_gradient` —
 * `TwoLayerNet.numericalGradient`, central differences with
 * h = 1e-4 on the batch's mean cross-entropy, every entry of W1, b1, W2, b2
 * perturbed in turn — bit for bit. For the book's 784-50-10 net and a batch
 * of 100 MNIST images that takes about 0.1 s in one thread and 0.06 s in two
 * workers, where the naive method takes about 10 minutes
 * (`bench/numerical_gradient_bench.ts`; backpropagation: 15 ms).
 *
 * The naive method recomputes the whole forward pass twice per entry (about
 * 80,000 passes for the 784-50-10 net). Here one forward pass is cached and
 * each perturbed loss is obtained by recomputing only what the perturbation
 * changes, with the same floating-point operations in the same order, hence
 * the same bits:
 *
 * - W1[i][j] changes hidden unit j only, and only in the rows whose input i
 *   is not zero (a zero input adds ±0 to a sum, which changes no bit). For
 *   such a row, a1[n][j] is the row's prefix sum up to input i, plus
 *   `x[n][i] · (W1[i][j] ± h)`, plus the row's remaining terms in order, plus
 *   b1[j]; then z = sigmoid(a1), a2[n][k] = the prefix of `z1·W2` before j,
 *   plus `z · W2[j][k]`, plus the remaining products, plus b2[k]; then the
 *   row's softmax and log term, and the batch loss from the pairwise sum of
 *   all rows' terms with the changed rows replaced. Inputs no batch row uses
 *   have gradient (f − f) / 2h = 0.
 * - b1[j]: every row, hidden unit j. W2[j][k]: every row, output k only.
 *   b2[k]: every row, output k.
 * - Within a row, perturbing different inputs often gives the very same
 *   a1[n][j] (MNIST has many equal pixel values): each distinct value is
 *   carried through the rest of the row once.
 * - The chains of additions run in WebAssembly (`lib/engine/wasm/numgrad.wat`),
 *   f64x2 add/sub/mul only, two chains in the two lanes (+h and −h), and so do
 *   the softmax, the pairwise sums and the batch losses.
 * - A perturbed row's exps and logs start from its unperturbed row's:
 *   exp(x + d) = exp(x)·exp(d) and log(p') = log(p) + log1p((p' − p)/p), with
 *   exp(x) and log(p) kept in extra precision per row (`exp_refs`,
 *   `log_refs.ts`) and a short polynomial. A rounding test keeps only results
 *   that are certainly the correctly rounded value; the others (about 2% of
 *   the exps) are computed in full, or by `Math.exp` / `Math.log`. V8's
 *   `Math.exp` and `Math.log` are correctly rounded, so the bits are theirs
 *   (`tests/engine/numgrad/near_test.ts`).
 * - Hidden units (and output units, for b2) go to Workers one at a time,
 *   each to the first worker free (a counter in shared memory), so a worker
 *   slowed by the rest of the machine takes fewer; each entry's value is
 *   computed in full by one worker, so the result depends neither on the
 *   number of workers nor on which took what.
 *
 * Requires finite W1 (the naive method's `0 · Infinity` would be NaN where
 * this one skips the zero input). Needs no permissions: the workers run from
 * bundled source text (`_worker.ts`, started as `lib/engine/worker.ts` says).
 *
 * The files: `forward.ts` (the cached forward pass), `log_refs.ts` (the
 * logs' double-double starting points), `perturbed_terms.ts`
 * (a perturbed row's loss terms), `entries.ts` (the gradient's entries and a
 * shard's loop over the units it takes), `workspace.ts` (the reused
 * buffers), `checks.ts` (the API's checks), `types.ts`; this file is the API. The same bits as
 * `TwoLayerNet.numericalGradient`, for any number of workers:
 * `tests/engine/numgrad/fast_numerical_gradient_test.ts`.
 *
 * @module
 */

import type { TwoLayerParams } from "../../nets/params.ts";
import type { NumericalGradient, SparseData } from "../types.ts";
import { numgradWasmBytes } from "../wasm/numgrad_wasm.ts";
import { startWorker, type WorkerProgram } from "../worker.ts";
import { NUMGRAD_WORKER_SOURCE } from "./_worker_bundle.ts";
import { ACTION, checkParams, gatherBatch } from "./checks.ts";
import { allUnits, gradientShard, type NumgradPhase } from "./entries.ts";
import type { PhaseTimer } from "../timings.ts";
import type { NumgradGrads as CoreGrads, NumgradReply, NumgradRequest } from "./types.ts";
import type { Workspace } from "./workspace.ts";

/** The workers' program (`_worker.ts`, bundled). */
export const NUMGRAD_WORKER: WorkerProgram = {
  name: "numerical gradient worker",
  source: NUMGRAD_WORKER_SOURCE,
};

let compiled: WebAssembly.Module | undefined;

/** The compiled `numgrad.wat` (once per thread). */
function numgradModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(numgradWasmBytes());
  return compiled;
}

/**
 * Most workers {@linkcode makeFastNumericalGradient} starts by default: each
 * worker repeats the forward pass (a few milliseconds), so beyond about 8 the
 * overhead eats the gain for the book's 50 hidden units.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { makeFastNumericalGradient, MAX_DEFAULT_WORKERS } from "./fast_numerical_gradient.ts";
 * const numgrad = makeFastNumericalGradient();
 * assert.ok(numgrad.workers >= 1 && numgrad.workers <= MAX_DEFAULT_WORKERS);
 * await numgrad.dispose();
 * ```
 */
export const MAX_DEFAULT_WORKERS = 8;

/** The flat arrays of `out`, as the shards write them. */
function gradArrays(out: TwoLayerParams): CoreGrads {
  return { W1: out.W1.data, b1: out.b1, W2: out.W2.data, b2: out.b2 };
}

let sharedWorkspace: Workspace | undefined;

/**
 * The numerical gradient of the two-layer net's mean cross-entropy on a
 * batch, in this thread: bit for bit what
 * `TwoLayerNet.numericalGradient` gives on the same rows (central
 * differences with h = 1e-4, each entry of W1, b1, W2, b2 perturbed
 * by ±h in turn), computed from one cached forward pass (see the module doc).
 * About 0.1 s for the book's 784-50-10 net and a batch of 100 MNIST images,
 * where the naive method takes about 12 minutes.
 *
 * @param params The net's parameters (W1 `D × Hn`, finite; b1 `Hn`; W2 `Hn × K`; b2 `K`); read, never changed.
 * @param data Inputs as sparse rows with their labels (e.g. from `toSparseData`).
 * @param rowIds Which rows of `data` form the batch, in order.
 * @param count How many of `rowIds` to use (the batch size, at least 1).
 * @param out Gradient arrays shaped like `params` (overwritten; must not share memory with them).
 * @param timer Adds the time of each of `NUMGRAD_PHASES` (`entries.ts`) into it (the benchmarks' breakdown).
 * @returns `out`.
 * @throws {TypeError} When shapes disagree or `out` shares memory with `params`.
 * @throws {RangeError} When `count`, a row id or a label is out of range, or W1 is not finite.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { fastNumericalGradient } from "./fast_numerical_gradient.ts";
 * import { fromRows } from "../../core/convert.ts";
 * import { RandomState } from "../../core/random.ts";
 * import { toSparseRows } from "../../core/sparse_rows.ts";
 * import { TwoLayerNet } from "../../nets/two_layer_net.ts";
 * import { zeroParamsLike } from "../../nets/params.ts";
 * const net = new TwoLayerNet(3, 2, 2, { rng: new RandomState(0), weightInitStd: 1 });
 * const x = fromRows([[0, 0.5, 1], [1, 0, 0]]);
 * const labels = new Uint8Array([1, 0]);
 * const g = fastNumericalGradient(net.params, { x: toSparseRows(x), labels }, [0, 1], 2, zeroParamsLike(net.params));
 * assert.deepStrictEqual(g, net.numericalGradient(x, labels)); // the very same bits
 * ```
 */
export function fastNumericalGradient(
  params: TwoLayerParams,
  data: SparseData,
  rowIds: ArrayLike<number>,
  count: number,
  out: TwoLayerParams,
  timer?: PhaseTimer<NumgradPhase>,
): TwoLayerParams {
  const p = checkParams(params, out);
  const b = gatherBatch(data, rowIds, count, p.D, p.K);
  const module = numgradModule();
  sharedWorkspace = gradientShard(
    sharedWorkspace,
    p,
    b,
    allUnits(),
    gradArrays(out),
    module,
    timer,
  );
  return out;
}

/** Options of {@linkcode makeFastNumericalGradient}. */
export interface FastNumericalGradientOptions {
  /**
   * Workers to share the work (default: one per core, `navigator.hardwareConcurrency`,
   * at most {@linkcode MAX_DEFAULT_WORKERS}); 0 computes in the calling
   * thread. The result is the same for any number.
   */
  readonly workers?: number;
}

/**
 * A fast numerical gradient that may run in Workers (see
 * {@linkcode makeFastNumericalGradient}): its `gradient` is
 * {@linkcode fastNumericalGradient} shared among the workers, resolving once
 * `out` holds the gradient (its arguments are checked before it starts).
 */
export interface FastNumericalGradient extends NumericalGradient {
  /** How many workers share the work (0: the calling thread does it). */
  readonly workers: number;
  /** Stops the workers; pending and later calls reject. */
  dispose(): Promise<void>;
}

/**
 * Makes a fast numerical gradient whose work is shared among Workers (see
 * {@linkcode fastNumericalGradient} for what it computes). Each call sends the
 * parameters and the batch's rows — a few hundred kilobytes — to every worker;
 * the workers take the hidden units (and output units, for b2) one at a time
 * from a shared counter, compute their entries and send them back. The data
 * set itself never leaves the calling thread. The workers run from bundled source text, so they need no permissions;
 * `dispose()` stops them (until then they keep the process alive).
 *
 * @param options `workers` (default: one per core, at most {@linkcode MAX_DEFAULT_WORKERS}).
 * @returns The gradient and `dispose`.
 * @throws {RangeError} When `workers` is not a non-negative integer.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { makeFastNumericalGradient } from "./fast_numerical_gradient.ts";
 * import { fromRows } from "../../core/convert.ts";
 * import { RandomState } from "../../core/random.ts";
 * import { toSparseRows } from "../../core/sparse_rows.ts";
 * import { TwoLayerNet } from "../../nets/two_layer_net.ts";
 * import { zeroParamsLike } from "../../nets/params.ts";
 * const net = new TwoLayerNet(3, 2, 2, { rng: new RandomState(0), weightInitStd: 1 });
 * const x = fromRows([[0, 0.5, 1], [1, 0, 0]]);
 * const labels = new Uint8Array([1, 0]);
 * const numgrad = makeFastNumericalGradient({ workers: 2 });
 * try {
 *   const g = await numgrad.gradient(net.params, { x: toSparseRows(x), labels }, [0, 1], 2, zeroParamsLike(net.params));
 *   assert.deepStrictEqual(g, net.numericalGradient(x, labels));
 * } finally {
 *   await numgrad.dispose();
 * }
 * ```
 */
export function makeFastNumericalGradient(
  options: FastNumericalGradientOptions = {},
): FastNumericalGradient {
  const { workers = Math.min(navigator.hardwareConcurrency, MAX_DEFAULT_WORKERS) } = options;
  if (!Number.isInteger(workers) || workers < 0) {
    throw new RangeError(
      `Cannot make a numerical gradient as workers must be a non-negative integer: workers=${workers}`,
    );
  }
  let disposed = false;
  const disposedError = () => new Error(`Cannot ${ACTION} as the numerical gradient was disposed`);
  if (workers === 0) {
    let ws: Workspace | undefined;
    return {
      workers,
      gradient(params, data, rowIds, count, out) {
        try {
          if (disposed) throw disposedError();
          const p = checkParams(params, out);
          const b = gatherBatch(data, rowIds, count, p.D, p.K);
          ws = gradientShard(ws, p, b, allUnits(), gradArrays(out), numgradModule());
          return Promise.resolve(out);
        } catch (error) {
          return Promise.reject(error);
        }
      },
      dispose() {
        disposed = true;
        ws = undefined;
        return Promise.resolve();
      },
    };
  }
  const module = numgradModule();
  const pending = new Map<number, (reply: NumgradReply | Error) => void>();
  /** Set when a worker dies: every call after that rejects with it. */
  let broken: Error | undefined;
  const failAll = (error: Error) => {
    for (const settle of pending.values()) settle(error);
    pending.clear();
  };
  const label = (w: number) => `${NUMGRAD_WORKER.name} ${w}`;
  const crew = Array.from({ length: workers }, async (_, w) => {
    const worker = await startWorker(NUMGRAD_WORKER, { module }, { label: label(w) });
    if (disposed) worker.terminate();
    worker.onmessage = (e: MessageEvent<NumgradReply>) => pending.get(e.data.id)?.(e.data);
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      broken ??= new Error(`Cannot ${ACTION} as ${label(w)} failed: ${e.message}`);
      failAll(broken);
    };
    return worker;
  });
  // A worker that cannot start breaks the gradient (each call rejects with why).
  const ready = Promise.all(crew).catch((error: Error) => {
    broken ??= error;
    return [] as Worker[];
  });
  let nextId = 0;
  const ask = (request: NumgradRequest, worker: Worker) =>
    new Promise<NumgradReply>((resolve, reject) => {
      pending.set(request.id, (reply) => {
        pending.delete(request.id);
        if (reply instanceof Error) reject(reply);
        else if (reply.error !== undefined) reject(reviveError(reply.error));
        else resolve(reply);
      });
      worker.postMessage(request);
    });
  return {
    workers,
    async gradient(params, data, rowIds, count, out) {
      if (disposed) throw disposedError();
      if (broken) throw broken;
      const p = checkParams(params, out);
      const b = gatherBatch(data, rowIds, count, p.D, p.K);
      const started = await ready;
      if (disposed) throw disposedError();
      if (broken) throw broken;
      // The call's workers take the units from one counter (its own: calls may overlap).
      const counter = new Int32Array(new SharedArrayBuffer(4));
      const replies = await Promise.all(
        started.slice(0, Math.min(workers, p.Hn + p.K)).map((worker) =>
          ask({ id: nextId++, params: p, batch: b, counter }, worker)
        ),
      );
      // Each worker's entries, of the units it took, copied into out.
      for (const { grads, units } of replies) {
        const g = grads!;
        for (const unit of units!) {
          if (unit >= p.Hn) {
            out.b2[unit - p.Hn] = g.b2[unit - p.Hn];
            continue;
          }
          const j = unit;
          for (let i = 0; i < p.D; i++) out.W1.data[i * p.Hn + j] = g.W1[i * p.Hn + j];
          out.b1[j] = g.b1[j];
          for (let k = 0; k < p.K; k++) out.W2.data[j * p.K + k] = g.W2[j * p.K + k];
        }
      }
      return out;
    },
    dispose() {
      if (!disposed) {
        disposed = true;
        failAll(disposedError());
        return ready.then((started) => started.forEach((worker) => worker.terminate()));
      }
      return Promise.resolve();
    },
  };
}

function reviveError(e: { name: string; message: string }): Error {
  if (e.name === "TypeError") return new TypeError(e.message);
  if (e.name === "RangeError") return new RangeError(e.message);
  return new Error(`Cannot ${ACTION} as a worker threw ${e.name}: ${e.message}`);
}
