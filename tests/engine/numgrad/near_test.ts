// The exp and the log the fast numerical gradient uses for perturbed rows (numgrad.wat):
// - exp(x') from the unperturbed x's exp parts and a polynomial in d = x' − x (exp_refs,
//   $exp_near_row);
// - log(p') from log(p) in double-double (log_refs.ts) and log1p((p' − p)/p) (near_logs).
// Whatever the arguments, they must give Math.exp's and Math.log's bits (V8's are correctly
// rounded): near the reference by the short path, anywhere else by the full function.

import { numgradWasmBytes } from "../../../lib/engine/wasm/numgrad_wasm.ts";
import type { NumgradKernels } from "../../../lib/engine/numgrad/types.ts";
import { RandomState } from "../../../lib/core/random.ts";
import { assertSameBits } from "../../_assert.ts";
import { logRecord } from "../../../lib/engine/numgrad/log_refs.ts";

const K = 10;
/** Where the exp table goes (as in workspace.ts), then the records, then the arguments. */
const TABLE = 16, REFS = 8192, ARGS = REFS + 40 * K;

function kernels(pairs: number): NumgradKernels {
  const module = new WebAssembly.Module(numgradWasmBytes());
  const k = new WebAssembly.Instance(module, { env: { exp: Math.exp, log: Math.log } })
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

/** An unperturbed probability (plus δ, as the loss adds): typical, confident, hopeless, and edges. */
function referenceProb(rng: RandomState, i: number): number {
  switch (i % 6) {
    case 0:
      return rng.random() + 1e-7;
    case 1:
      return 1 - rng.random() * 1e-3 + 1e-7;
    case 2:
      return 1e-7 + rng.random() * 1e-6;
    case 3:
      return 1 + 1e-7;
    case 4:
      return [0.5, 0.25, 1, 2 ** -1001, 0, NaN][Math.floor(rng.random() * 6)];
    default:
      return 0.5 + rng.random() / 2;
  }
}

/** p' for one lane: mostly p·(1 + t) with |t| around 1e-5, then the record's limits and beyond. */
function perturbedProb(rng: RandomState, p: number, lane: number): number {
  const u = 2 * rng.random() - 1;
  switch (lane % 7) {
    case 0:
      return p;
    case 1:
      return p * (1 + u * 1e-5);
    case 2:
      return p + u * p * 2 ** -14;
    case 3:
      return p + Math.sign(u) * p * 2 ** -14 * (1 + 2 ** -50); // just beyond the record's range
    case 4:
      return p * (1 + u * 1e-9);
    case 5:
      return p * (1 + u); // far: Math.log
    default:
      return [0, -p, NaN, Infinity][Math.floor(rng.random() * 4)];
  }
}

Deno.test("near_logs (wasm) has Math.log's bits near the reference log and far from it", () => {
  const pairs = 400_000, RECORDS = ARGS, PROBS = ARGS + 48 * pairs;
  const k = kernels(2 * pairs + 3 * pairs);
  const F = new Float64Array(k.memory.buffer);
  const rng = new RandomState(22);
  const expected = new Float64Array(2 * pairs);
  for (let i = 0; i < pairs; i++) {
    const p = referenceProb(rng, i);
    logRecord(F, RECORDS / 8 + 6 * i, p, Math.log(p));
    for (let lane = 0; lane < 2; lane++) {
      const q = perturbedProb(rng, p, 2 * i + lane + (i >> 3));
      F[PROBS / 8 + 2 * i + lane] = q;
      expected[2 * i + lane] = Math.log(q);
    }
  }
  k.near_logs(PROBS, pairs, RECORDS, 48, PROBS);
  assertSameBits(F.subarray(PROBS / 8, PROBS / 8 + 2 * pairs), expected, "log near a reference");
});
