/**
 * Checkpoints of a training run: everything the book's loop carries from one
 * iteration to the next — the parameters, the generator's state, the losses
 * and the per-epoch accuracies so far — saved exactly (doubles as their
 * bytes, base64), so a run resumed from one ends with the bits of a run that
 * never stopped.
 *
 * @module
 */

import { matrix } from "../core/matrix.ts";
import type { RandomStateSnapshot } from "../core/random.ts";
import { writeTextAtomic } from "../results/atomic.ts";
import { parseResultsJson, stringifyResults } from "../results/format.ts";
import type { EpochRecord, TrainCheckpoint } from "./types.ts";

/** Format tag of checkpoint files, so an old or foreign file is refused. */
const FORMAT = "dlfs-deno checkpoint 1";

function encodeDoubles(values: Float64Array): string {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat64(i * 8, v, true));
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function decodeDoubles(text: string, length: number, what: string): Float64Array {
  const binary = atob(text);
  if (binary.length !== length * 8) {
    throw new TypeError(
      `Cannot read the checkpoint as ${what} must hold ${length} doubles: got ${binary.length} bytes`,
    );
  }
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) view.setUint8(i, binary.charCodeAt(i));
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

/**
 * Serializes a checkpoint with the settings it belongs to.
 *
 * @param key The run's settings (any results value); loading checks it.
 * @param cp The checkpoint.
 * @returns JSON text.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseCheckpoint, serializeCheckpoint } from "./checkpoint.ts";
 * import { RandomState } from "../core/random.ts";
 * import { TwoLayerNet } from "../nets/two_layer_net.ts";
 * const rng = new RandomState(0);
 * const net = new TwoLayerNet(4, 3, 2, { rng });
 * const cp = { iteration: 2, params: net.params, rngState: rng.getState(), losses: new Float64Array([0.5, -0]), epochs: [] };
 * const back = parseCheckpoint(serializeCheckpoint({ seed: 0 }, cp), { seed: 0 });
 * assert.deepStrictEqual(back.params.W1.data, net.params.W1.data);
 * assert.ok(Object.is(back.losses[1], -0));
 * ```
 */
export function serializeCheckpoint(key: unknown, cp: TrainCheckpoint): string {
  const { W1, b1, W2, b2 } = cp.params;
  return stringifyResults({
    format: FORMAT,
    key,
    iteration: cp.iteration,
    shapes: { W1: [W1.rows, W1.cols], W2: [W2.rows, W2.cols], losses: cp.losses.length },
    params: {
      W1: encodeDoubles(W1.data),
      b1: encodeDoubles(b1),
      W2: encodeDoubles(W2.data),
      b2: encodeDoubles(b2),
    },
    losses: encodeDoubles(cp.losses),
    rngState: { ...cp.rngState, key: [...cp.rngState.key] },
    epochs: cp.epochs.map((e) => ({ ...e })),
  });
}

/**
 * Parses a checkpoint and checks it belongs to the run with settings `key`.
 *
 * @param text JSON from {@linkcode serializeCheckpoint}.
 * @param key The settings of the run to resume.
 * @param file Name for messages.
 * @returns The checkpoint.
 * @throws {TypeError} When the text is not a checkpoint of this format.
 * @throws {RangeError} When it belongs to other settings.
 */
export function parseCheckpoint(
  text: string,
  key: unknown,
  file = "<checkpoint>",
): TrainCheckpoint {
  // deno-lint-ignore no-explicit-any
  let doc: any;
  try {
    doc = parseResultsJson(text);
  } catch (error) {
    throw new TypeError(
      `Cannot read the checkpoint as it is not JSON: file=${file}: ${(error as Error).message}`,
    );
  }
  if (doc?.format !== FORMAT) {
    throw new TypeError(
      `Cannot read the checkpoint as its format must be "${FORMAT}": file=${file}`,
    );
  }
  if (stringifyResults(doc.key) !== stringifyResults(key)) {
    throw new RangeError(
      `Cannot resume from the checkpoint as it belongs to other settings: file=${file}, ` +
        `checkpoint ${JSON.stringify(doc.key)}, this run ${JSON.stringify(key)}`,
    );
  }
  const [r1, c1] = doc.shapes.W1, [r2, c2] = doc.shapes.W2;
  const iteration = doc.iteration;
  if (!Number.isInteger(iteration) || iteration < 0 || doc.shapes.losses !== iteration) {
    throw new TypeError(
      `Cannot read the checkpoint as its iteration count is inconsistent: file=${file}`,
    );
  }
  return {
    iteration,
    params: {
      W1: matrix(r1, c1, decodeDoubles(doc.params.W1, r1 * c1, "W1")),
      b1: decodeDoubles(doc.params.b1, c1, "b1"),
      W2: matrix(r2, c2, decodeDoubles(doc.params.W2, r2 * c2, "W2")),
      b2: decodeDoubles(doc.params.b2, c2, "b2"),
    },
    rngState: doc.rngState as RandomStateSnapshot,
    losses: decodeDoubles(doc.losses, iteration, "losses"),
    epochs: doc.epochs as EpochRecord[],
  };
}

/**
 * Writes a checkpoint atomically (a stopped run never leaves half a checkpoint).
 *
 * @param path File.
 * @param key The run's settings.
 * @param cp The checkpoint.
 */
export async function saveCheckpoint(
  path: string,
  key: unknown,
  cp: TrainCheckpoint,
): Promise<void> {
  await writeTextAtomic(path, serializeCheckpoint(key, cp));
}

/**
 * Reads the checkpoint at `path`, or null when there is none.
 *
 * @param path File.
 * @param key The settings of the run to resume (must match the checkpoint's).
 * @returns The checkpoint or null.
 * @throws {TypeError | RangeError} When the file is not a checkpoint of these settings.
 */
export async function loadCheckpoint(path: string, key: unknown): Promise<TrainCheckpoint | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
  return parseCheckpoint(text, key, path);
}
