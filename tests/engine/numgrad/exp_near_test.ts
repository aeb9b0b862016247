// The exp the fast numerical gradient uses for perturbed rows (numgrad.wat: exp_refs, $exp_near_row):
// exp(x') computed from the unperturbed x's exp parts and a polynomial in d = x' − x. Whatever x
// and x' are, it must give Math.exp(x')'s bits (V8's Math.exp is correctly rounded): near x by the
// short path, anywhere else by the full exp.

import { numgradWasmBytes } from "../../../lib/engine/wasm/numgrad_wasm.ts";
import type { NumgradKernels } from "../../../lib/engine/numgrad/types.ts";
import { RandomState } from "../../../lib/core/random.ts";
import { assertSameBits } from "../../_assert.ts";

const K = 10;
/** Where the exp table goes (as in workspace.ts), then the records, then the arguments. */
const TABLE = 16, REFS = 8192, ARGS = REFS + 40 * K;

function kernels(pairs: number): NumgradKernels {
  const module = new WebAssembly.Module(numgradWasmBytes());
  const k = new WebAssembly.Instance(module, { env: { exp: Math.exp } })
    .exports as unknown as NumgradKernels;
  const need = ARGS + 16 * pairs - k.memory.buffer.byteLength;
  if (need > 0) k.memory.grow(Math.ceil(need / 65536));
  k.init_exp_table(TABLE);
  k.set_exp_table(TABLE);
  return k;
}

/** Unperturbed softmax arguments: 0 (the max), typical negatives, and edge cases. */
function referenceArgs(rng: RandomState, round: number): Float64Array {
  const edge = [0, -0, -1e-300, -5e-5, -700, -700.5, 701, NaN, -Infinity, -(2 ** -12)];
  const x = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    if (round % 7 === 0) x[k] = edge[(k + round) % edge.length];
    else if (k === 0) x[k] = 0;
    else x[k] = -40 * rng.random() ** 2;
  }
  return x;
}

/** d for one lane: mostly what a perturbation of 1e-4 gives, then the record's range limits. */
function offset(rng: RandomState, x: number, lane: number): number {
  const u = 2 * rng.random() - 1;
  switch (lane % 8) {
    case 0:
      return 0;
    case 1:
      return u * 1e-5;
    case 2:
      return u * 2 ** -14;
    case 3:
      return Math.sign(u) * 2 ** -14 * (1 + 2 ** -52); // just beyond 2^-14
    case 4:
      return Math.sign(u) * Math.abs(x) / 4; // the Sterbenz limit
    case 5:
      return Math.sign(u) * Math.abs(x) * 0.2500001;
    case 6:
      return u * 1e-9;
    default:
      return u; // far: the full exp
  }
}

Deno.test("exp_near (wasm) has Math.exp's bits near the reference exp and far from it", () => {
  const rounds = 100_000, pairs = rounds * K;
  const k = kernels(pairs);
  const F = new Float64Array(k.memory.buffer);
  const rng = new RandomState(21);
  const xs = new Float64Array(2 * pairs), expected = new Float64Array(2 * pairs);
  const got = new Float64Array(2 * pairs);
  for (let round = 0; round < rounds; round++) {
    const x = referenceArgs(rng, round);
    F.set(x, ARGS / 8);
    k.exp_refs(ARGS, K, REFS);
    for (let i = 0; i < K; i++) {
      for (let lane = 0; lane < 2; lane++) {
        const at = 2 * (round * K + i) + lane;
        xs[at] = x[i] + offset(rng, x[i], 2 * i + lane + round);
        expected[at] = Math.exp(xs[at]);
      }
    }
    // One round's K pairs against its K records.
    const from = 2 * round * K;
    F.set(xs.subarray(from, from + 2 * K), ARGS / 8);
    k.exp_near(ARGS, REFS, K);
    got.set(F.subarray(ARGS / 8, ARGS / 8 + 2 * K), from);
  }
  assertSameBits(got, expected, "exp near a reference");
});
