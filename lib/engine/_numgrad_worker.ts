/**
 * The Workers of `makeFastNumericalGradient` (lib/engine/fast_numerical_gradient.ts).
 *
 * A worker started from a file needs read access to that file and to every
 * module it imports, which an experiment run with `--allow-read=data,results`
 * does not have. So these workers run from source text instead (a `blob:`
 * URL, which needs no permission): the core's functions and constants as
 * `fastNumericalGradient`'s module gives them, then {@linkcode serve} below.
 * The compiled WebAssembly module is posted to each worker once.
 *
 * Protocol: the first message is `{ module }`; then each request
 * `{ id, params, batch, shard, shards }` is answered with
 * `{ id, grads }` (the shard's entries; the gradient arrays are transferred)
 * or `{ id, error: { name, message } }`.
 *
 * @module
 */

/** The parameters as flat arrays with their sizes (inputs D, hidden Hn, outputs K). */
export interface NumgradParams {
  readonly D: number;
  readonly Hn: number;
  readonly K: number;
  /** `D × Hn`, row-major. */
  readonly W1: Float64Array;
  readonly b1: Float64Array;
  /** `Hn × K`, row-major. */
  readonly W2: Float64Array;
  readonly b2: Float64Array;
}

/** A batch's rows, compressed (row n's nonzeros at [rowStart[n], rowStart[n + 1])), and labels. */
export interface NumgradBatch {
  readonly N: number;
  readonly rowStart: Int32Array;
  readonly index: Int32Array;
  readonly value: Float64Array;
  readonly labels: Int32Array;
}

/** Gradient arrays, flat, shaped like {@linkcode NumgradParams}. */
export interface NumgradGrads {
  readonly W1: Float64Array;
  readonly b1: Float64Array;
  readonly W2: Float64Array;
  readonly b2: Float64Array;
}

/** A request: the entries of shard `shard` of `shards` for this batch. */
export interface NumgradRequest {
  readonly id: number;
  readonly params: NumgradParams;
  readonly batch: NumgradBatch;
  readonly shard: number;
  readonly shards: number;
}

/** A reply: the shard's entries (the others are zero), or the error met. */
export interface NumgradReply {
  readonly id: number;
  readonly grads?: NumgradGrads;
  readonly error?: { readonly name: string; readonly message: string };
}

/** What the core gives the worker loop. */
interface WorkerCore {
  /** `gradientShard(ws, params, batch, shard, shards, out)`, returning the workspace. */
  gradientShard(
    ws: unknown,
    params: NumgradParams,
    batch: NumgradBatch,
    shard: number,
    shards: number,
    out: NumgradGrads,
  ): unknown;
  /** Sets the compiled kernels the core instantiates. */
  setModule(module: WebAssembly.Module): void;
}

/**
 * The worker's message loop. Runs inside the worker from its source text, so
 * it uses only its arguments and built-ins.
 */
function serve(scope: {
  onmessage: ((e: MessageEvent) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}, core: WorkerCore): void {
  let ws: unknown;
  scope.onmessage = (e: MessageEvent) => {
    if (e.data.module !== undefined) {
      core.setModule(e.data.module);
      return;
    }
    const { id, params, batch, shard, shards } = e.data as NumgradRequest;
    try {
      const grads = {
        W1: new Float64Array(params.D * params.Hn),
        b1: new Float64Array(params.Hn),
        W2: new Float64Array(params.Hn * params.K),
        b2: new Float64Array(params.K),
      };
      ws = core.gradientShard(ws, params, batch, shard, shards, grads);
      scope.postMessage({ id, grads } satisfies NumgradReply, [
        grads.W1.buffer,
        grads.b1.buffer,
        grads.W2.buffer,
        grads.b2.buffer,
      ]);
    } catch (error) {
      const name = error instanceof Error ? error.name : "Error";
      const message = error instanceof Error ? error.message : String(error);
      scope.postMessage({ id, error: { name, message } } satisfies NumgradReply);
    }
  };
}

/** Callbacks of a worker. */
export interface NumgradWorkerHandlers {
  /** A reply to a request. */
  onReply(reply: NumgradReply): void;
  /** The worker died (its script failed to load, or an error escaped). */
  onError(message: string): void;
}

/**
 * Starts a worker running `coreSource` (which must define `gradientShard` and
 * use `numgradKernels()` for its kernels) with the compiled `module`.
 *
 * @param coreSource The core's constants and functions as a script.
 * @param module The compiled `numgrad.wat`.
 * @param handlers Replies and failures.
 * @returns The worker (terminate it when done).
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { type NumgradReply, startNumgradWorker } from "./_numgrad_worker.ts";
 * // A stand-in core: the real one is fast_numerical_gradient.ts's.
 * const core = "function gradientShard(ws, params, batch, shard, shards, out) {\n" +
 *   "  out.b2[0] = params.b2[0] + 1;\n  return ws;\n}";
 * const empty = new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
 * const one = () => new Float64Array([0.5]);
 * const reply = await new Promise<NumgradReply>((resolve, reject) => {
 *   const worker = startNumgradWorker(core, empty, {
 *     onReply: (r) => (worker.terminate(), resolve(r)),
 *     onError: (message) => (worker.terminate(), reject(new Error(message))),
 *   });
 *   const batch = { N: 0, rowStart: new Int32Array(1), index: new Int32Array(0),
 *     value: new Float64Array(0), labels: new Int32Array(0) };
 *   const params = { D: 1, Hn: 1, K: 1, W1: one(), b1: one(), W2: one(), b2: one() };
 *   worker.postMessage({ id: 7, params, batch, shard: 0, shards: 1 });
 * });
 * assert.strictEqual(reply.id, 7);
 * assert.strictEqual(reply.grads?.b2[0], 1.5);
 * ```
 */
export function startNumgradWorker(
  coreSource: string,
  module: WebAssembly.Module,
  handlers: NumgradWorkerHandlers,
): Worker {
  const script = [
    coreSource,
    "let numgradModuleOfWorker;",
    "function numgradKernels() {",
    "  return new WebAssembly.Instance(numgradModuleOfWorker, {}).exports;",
    "}",
    `(${serve})(self, {`,
    "  gradientShard,",
    "  setModule(module) { numgradModuleOfWorker = module; },",
    "});",
    "",
  ].join("\n");
  const url = URL.createObjectURL(new Blob([script], { type: "text/javascript" }));
  const worker = new Worker(url, { type: "module" });
  let revoked = false;
  const revoke = () => {
    if (!revoked) URL.revokeObjectURL(url);
    revoked = true;
  };
  worker.onmessage = (e: MessageEvent<NumgradReply>) => {
    revoke();
    handlers.onReply(e.data);
  };
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    revoke();
    handlers.onError(e.message);
  };
  worker.postMessage({ module });
  return worker;
}
