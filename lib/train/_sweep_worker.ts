/**
 * Worker of `runSweep` (lib/train/sweep.ts): loads the data once, then trains the
 * runs it is sent, one at a time, reporting progress. Private.
 *
 * @module
 */

/// <reference lib="deno.worker" />

import type { TrainData } from "./trainer.ts";
import {
  loadTrainData,
  type SweepWorkerMessage,
  type SweepWorkerRequest,
  trainRun,
} from "./sweep.ts";

const PROGRESS_EVERY = 100;
let data: TrainData | undefined;
const post = (m: SweepWorkerMessage) => self.postMessage(m);

self.onmessage = async (event: MessageEvent<SweepWorkerRequest>) => {
  const m = event.data;
  try {
    if (m.type === "load") {
      data = await loadTrainData(m.data);
      post({ type: "ready" });
    } else if (m.type === "run") {
      if (!data) throw new Error("Cannot train a run as the worker has no data: send load first");
      const outcome = await trainRun(m.spec, data, (i) => {
        if ((i + 1) % PROGRESS_EVERY === 0) {
          post({ type: "progress", index: m.index, iteration: i + 1 });
        }
      });
      post({ type: "done", index: m.index, outcome });
    }
  } catch (error) {
    post({ type: "error", message: error instanceof Error ? error.message : String(error) });
  }
};
