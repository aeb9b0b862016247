// softmax_args (numgrad.wat): each row's scores minus the row's max, the max taken as
// softmaxRows takes it (lib/core/functions.ts: c = a_0, then a_k when !(a_k <= c) and c is not
// NaN). The kernel takes pmax steps for rows without NaN and the rule itself for the others; the
// arguments must be the rule's, bit for bit, ties, signed zeros and infinities included.

import { numgradWasmBytes } from "../../../lib/engine/wasm/numgrad_wasm.ts";
import type { NumgradKernels } from "../../../lib/engine/numgrad/types.ts";
import { RandomState } from "../../../lib/core/random.ts";
import { assertSameBits } from "../../_assert.ts";

/** x − max(row) per lane, the reference's way. */
function referenceArgs(scores: Float64Array, rows: number, K: number): Float64Array {
  const out = new Float64Array(scores.length);
  for (let r = 0; r < rows; r++) {
    for (let lane = 0; lane < 2; lane++) {
      const at = (k: number) => 2 * (r * K + k) + lane;
      let c = scores[at(0)];
      for (let k = 1; k < K; k++) {
        if (!(scores[at(k)] <= c)) {
          c = Number.isNaN(c) ? c : scores[at(k)];
        }
      }
      for (let k = 0; k < K; k++) out[at(k)] = scores[at(k)] - c;
    }
  }
  return out;
}

Deno.test("softmax_args (wasm) subtracts each row's max as softmaxRows takes it", () => {
  const K = 10, rows = 20_000, base = 1024;
  const k = new WebAssembly.Instance(new WebAssembly.Module(numgradWasmBytes()), {
    env: { exp: Math.exp, log: Math.log },
  }).exports as unknown as NumgradKernels;
  k.memory.grow(Math.ceil((base + 16 * K * rows) / 65536));
  const F = new Float64Array(k.memory.buffer);
  const rng = new RandomState(23);
  const pool = [0, -0, 1, -1, 2.5, Infinity, -Infinity, NaN, 1e-300, -1e300];
  const scores = new Float64Array(2 * K * rows);
  for (let i = 0; i < scores.length; i++) {
    const r = rng.random(), row = Math.floor(i / (2 * K));
    // Most rows plain (as in training), some with ties and edge values, a few with NaN.
    const pick = pool[Math.floor(rng.random() * (r < 0.95 ? 7 : pool.length))];
    scores[i] = row % 3 === 0 ? 4 * r - 2 : pick;
  }
  F.set(scores, base / 8);
  k.softmax_args(base, rows, K);
  assertSameBits(
    F.subarray(base / 8, base / 8 + scores.length),
    referenceArgs(scores, rows, K),
    "args",
  );
});
