/**
 * The program of the fast numerical gradient's workers: set up with the
 * compiled `numgrad.wat`, then each request `{ id, params, batch, shard,
 * shards }` is answered with `{ id, grads }` (the shard's entries; the
 * arrays are transferred) or `{ id, error: { name, message } }`. Bundled by
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
    const { id, params, batch, shard, shards } = e.data;
    try {
      const grads = {
        W1: new Float64Array(params.D * params.Hn),
        b1: new Float64Array(params.Hn),
        W2: new Float64Array(params.Hn * params.K),
        b2: new Float64Array(params.K),
      };
      ws = gradientShard(ws, params, batch, shard, shards, grads, module);
      const transfer = [grads.W1.buffer, grads.b1.buffer, grads.W2.buffer, grads.b2.buffer];
      scope.postMessage({ id, grads }, transfer);
    } catch (error) {
      const name = error instanceof Error ? error.name : "Error";
      const message = error instanceof Error ? error.message : String(error);
      scope.postMessage({ id, error: { name, message } });
    }
  };
});
