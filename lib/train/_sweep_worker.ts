/**
 * The program of `runSweep`'s workers (lib/train/sweep.ts): set up with the
 * data's location, it loads the data once, then trains the runs it is sent,
 * one at a time, reporting progress. Bundled by `tools/build.ts` into
 * `_sweep_worker_bundle.ts`. Private.
 *
 * @module
 */

import type { LoadMnistOptions } from "../data/load.ts";
import { serveWorker } from "../engine/worker.ts";
import { loadTrainData } from "./load_data.ts";
import { type SweepWorkerMessage, type SweepWorkerRequest, trainRun } from "./sweep_run.ts";

const PROGRESS_EVERY = 100;
const post = (m: SweepWorkerMessage) =>
  (globalThis as unknown as { postMessage(m: SweepWorkerMessage): void }).postMessage(m);

serveWorker<LoadMnistOptions>(async (options) => {
  const data = await loadTrainData(options);
  return async (event: MessageEvent<SweepWorkerRequest>) => {
    const { index, spec } = event.data;
    try {
      const outcome = await trainRun(spec, data, (i) => {
        if ((i + 1) % PROGRESS_EVERY === 0) post({ type: "progress", index, iteration: i + 1 });
      });
      post({ type: "done", index, outcome });
    } catch (error) {
      post({ type: "error", message: error instanceof Error ? error.message : String(error) });
    }
  };
});
