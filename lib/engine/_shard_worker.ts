/**
 * The program of the engine's worker threads: one {@linkcode Shard} on the
 * shared memory, serving commands until told to quit. Bundled by
 * `tools/build.ts` into `_shard_worker_bundle.ts`; started by `crew.ts`.
 *
 * @module
 */

import { Shard, type ShardInit } from "./shard.ts";
import { serveWorker } from "./worker.ts";

serveWorker<ShardInit>(({ module, memory, layout, index }) => {
  const shard = new Shard(memory, layout, index, module);
  // Serve after this turn, so the ready answer goes out before the loop blocks.
  setTimeout(() => {
    shard.serve();
    (globalThis as unknown as { close(): void }).close();
  }, 0);
});
