/**
 * The one way this library starts a Worker, used by the training engine's
 * shards, the fast numerical gradient and the sweep: from a program's
 * bundled source text, through a `blob:` URL. A worker started from a file
 * needs read access to that file and everything it imports, which an
 * experiment allowed to read only its data does not have; a blob needs no
 * permission. Each program is an ordinary module (`_shard_worker.ts`,
 * `numgrad/_worker.ts`, `lib/train/_sweep_worker.ts`) that imports what it
 * uses; `tools/build.ts` bundles it into a generated `…_bundle.ts` holding
 * the text, and a test checks that every bundle is what the build writes.
 *
 * The hand-shake is the same for every program: the first message is the
 * program's set-up (`init`); the worker answers `{ ready: true }`, or
 * `{ ready: false, message }` when its set-up threw; later messages are the
 * program's own.
 *
 * @module
 */

/** A worker's program: a name for messages and its bundled source text. */
export interface WorkerProgram {
  /** What the worker is, e.g. "training worker". */
  readonly name: string;
  /** The module's JavaScript text, self-contained (from `tools/build.ts`). */
  readonly source: string;
}

/** A worker's answer to its set-up message. */
export type WorkerHello = { readonly ready: true } | {
  readonly ready: false;
  readonly message: string;
};

/** Options of {@linkcode startWorker}. */
export interface StartWorkerOptions {
  /** Names this worker in errors (default: the program's name), e.g. "training worker 2". */
  readonly label?: string;
  /** Objects to transfer with the set-up message. */
  readonly transfer?: Transferable[];
}

/**
 * Starts a worker running `program`, sends it `init`, and resolves once it
 * answers ready. Set the worker's `onmessage`/`onerror` for what follows.
 *
 * @param program The program (a generated bundle).
 * @param init Its set-up message.
 * @param options A label for errors, objects to transfer.
 * @returns The ready worker (terminate it when done).
 * @throws {Error} "Cannot start <label>: <message>" when it fails to load or to set up.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { startWorker } from "./worker.ts";
 * const program = {
 *   name: "echo worker",
 *   source: "self.onmessage = (e) => { self.onmessage = (m) => self.postMessage(m.data * e.data);" +
 *     " self.postMessage({ ready: true }); };",
 * };
 * const worker = await startWorker(program, 3);
 * const answer = new Promise((resolve) => (worker.onmessage = (e) => resolve(e.data)));
 * worker.postMessage(14);
 * assert.strictEqual(await answer, 42);
 * worker.terminate();
 * ```
 */
export function startWorker(
  program: WorkerProgram,
  init: unknown,
  options: StartWorkerOptions = {},
): Promise<Worker> {
  const label = options.label ?? program.name;
  const url = URL.createObjectURL(new Blob([program.source], { type: "text/javascript" }));
  const worker = new Worker(url, { type: "module" });
  return new Promise<Worker>((resolve, reject) => {
    const settle = (error?: Error) => {
      URL.revokeObjectURL(url);
      worker.onmessage = null;
      worker.onerror = null;
      if (!error) return resolve(worker);
      worker.terminate();
      reject(error);
    };
    worker.onmessage = (e: MessageEvent<WorkerHello>) =>
      settle(e.data.ready ? undefined : new Error(`Cannot start ${label}: ${e.data.message}`));
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      settle(new Error(`Cannot start ${label}: ${e.message}`));
    };
    worker.postMessage(init, options.transfer ?? []);
  });
}

/** What a program's set-up returns: the handler of its later messages, if it takes any. */
export type WorkerHandler = ((event: MessageEvent) => void) | void;

/**
 * The worker's side of {@linkcode startWorker}: runs `setup` on the first
 * message, answers `{ ready: true }` (or `{ ready: false, message }` when
 * `setup` throws), then passes later messages to the handler `setup` returned.
 * Work that blocks the thread (a command loop) belongs in a `setTimeout`
 * started by `setup`, so that the answer goes out first.
 *
 * @param setup The program's set-up (it may be async, e.g. to load data).
 */
export function serveWorker<I>(setup: (init: I) => WorkerHandler | Promise<WorkerHandler>): void {
  const scope = globalThis as unknown as {
    onmessage: ((e: MessageEvent) => void) | null;
    postMessage(message: WorkerHello): void;
  };
  scope.onmessage = async (e: MessageEvent<I>) => {
    scope.onmessage = null;
    let handler: WorkerHandler;
    try {
      handler = await setup(e.data);
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      scope.postMessage({ ready: false, message });
      return;
    }
    if (handler) scope.onmessage = handler;
    scope.postMessage({ ready: true });
  };
}
