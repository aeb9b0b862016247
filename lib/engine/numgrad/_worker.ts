/**
 * The program of the fast numerical gradient's workers: set up with the
 * compiled `numgrad.wat`, then each request `{ id, params, batch, counter }`
 * is answered with `{ id, grads, units }` (the units this worker took from the
 * shared counter and their entries; the arrays are transferred) or
 * `{ id, error: { name, message } }`. Bundled by
 * `tools/build.ts` into `_worker_bundle.ts`; started by
 * `fast_numerical_gradient.ts`.
 *
 * @module
 */

import { serveWorker } from "../worker.ts";
import { gradientShard } from "./entries.ts";
import type { NumgradReply, NumgradRequest } from "./types.ts";
import type { Workspace } from "./workspace.ts";

const scope = globalThis as unknown as {
  postMessage(message: NumgradReply, transfer?: Transferable[]): void;
};

serveWorker<{ module: WebAssembly.Module }>(({ module }) => {
  let ws: Workspace | undefined;
  return (e: MessageEvent<NumgradRequest>) => {
    const { id, params, batch, counter } = e.data;
    try {
      const grads = {
        W1: new Float64Array(params.D * params.Hn),
        b1: new Float64Array(params.Hn),
        W2: new Float64Array(params.Hn * params.K),
        b2: new Float64Array(params.K),
      };
      const taken: number[] = [], end = params.Hn + params.K;
      const next = () => {
        const unit = Atomics.add(counter, 0, 1);
        if (unit < end) taken.push(unit);
        return unit;
      };
      ws = gradientShard(ws, params, batch, next, grads, module);
      const units = Int32Array.from(taken);
      const transfer = [grads.W1.buffer, grads.b1.buffer, grads.W2.buffer, grads.b2.buffer];
      scope.postMessage({ id, grads, units }, [...transfer, units.buffer]);
    } catch (error) {
      const name = error instanceof Error ? error.name : "Error";
      const message = error instanceof Error ? error.message : String(error);
      scope.postMessage({ id, error: { name, message } });
    }
  };
});
