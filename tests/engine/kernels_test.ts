// Oracles: the TypeScript sparse kernels of lib/core/sparse_matmul.ts (themselves held to the dense
// loops in tests/core/sparse_rows_test.ts) and the reference functions of lib/core/ for the
// WebAssembly kernels. Same sums in the same order, so every
// comparison is exact (Object.is per element, so -0 and NaN count too). Also: the committed
// WebAssembly binary is what tools/build.ts assembles from lib/engine/wasm/kernels.wat.

import assert from "node:assert";
import { assertSameBits } from "../_assert.ts";
import { sigmoid, softmaxRows } from "../../lib/core/functions.ts";
import { sparseMatMul, sparseMatMulTransposeA } from "../../lib/core/sparse_matmul.ts";
import { type SparseRows, toSparseRows } from "../../lib/core/sparse_rows.ts";
import {
  addRowVectorInPlace,
  matMul,
  matMulTransposeA,
  matMulTransposeB,
  sumRows,
} from "../../lib/core/dot.ts";
import { argmax } from "../../lib/core/argmax.ts";
import { matrix } from "../../lib/core/matrix.ts";
import { transpose } from "../../lib/core/convert.ts";
import { pairwiseSum } from "../../lib/core/pairwise_sum.ts";
import { RandomState } from "../../lib/core/random.ts";
import { imageLike, randomMatrix } from "../_random_matrices.ts";
import { assembleWat, buildWasmModule, readWat, WASM_MODULES } from "../../tools/_wasm.ts";
import {
  EXP_TABLE_BYTES,
  f64View,
  i32View,
  instantiateKernels,
  type KernelExports,
  Layout,
  newKernelMemory,
} from "../../lib/engine/wasm/instance.ts";

/** Kernels on a fresh memory with bump allocation: copy in, run, read out. */
class Arena {
  readonly k: KernelExports;
  readonly #layout = new Layout();
  readonly #memory: WebAssembly.Memory;

  constructor(bytes = 1 << 22) {
    this.#memory = newKernelMemory(bytes);
    this.k = instantiateKernels(this.#memory, this.#layout.alloc(EXP_TABLE_BYTES, 1), true);
  }

  f64(values: ArrayLike<number> | number): number {
    const n = typeof values === "number" ? values : values.length;
    const ptr = this.#layout.alloc(n + 2, 8); // +2: room for reading past the end
    if (typeof values !== "number") f64View(this.#memory.buffer, ptr, n).set(values);
    return ptr;
  }

  i32(values: ArrayLike<number> | number): number {
    const n = typeof values === "number" ? values : values.length;
    const ptr = this.#layout.alloc(n + 4, 4);
    if (typeof values !== "number") i32View(this.#memory.buffer, ptr, n).set(values);
    return ptr;
  }

  readF64(ptr: number, n: number): Float64Array {
    return f64View(this.#memory.buffer, ptr, n).slice();
  }

  sparse(x: SparseRows) {
    return { rowStart: this.i32(x.rowStart), index: this.i32(x.index), value: this.f64(x.value) };
  }
}

/** Hidden sizes around every block edge of the kernels (blocks of 26, 24 and 10, pairs, one). */
const WIDTHS = [1, 2, 3, 7, 10, 11, 12, 21, 24, 25, 26, 27, 36, 49, 50, 51, 76, 100];

Deno.test("sparse_affine (wasm) equals sparseMatMul() + b bit for bit", async (t) => {
  const rng = new RandomState(3);
  for (const h of WIDTHS) {
    await t.step(`h=${h}`, () => {
      const a = new Arena();
      const x = toSparseRows(imageLike(rng, 30, 40)), w = randomMatrix(rng, 40, h);
      const b = randomMatrix(rng, 1, h).data;
      const ids = [5, 0, 29, 3, 3, 17, 10]; // includes all-zero rows (3, 10, 17) and a repeat
      const sx = a.sparse(x), pw = a.f64(w.data), pb = a.f64(b), out = a.f64(ids.length * h);
      const expected = sparseMatMul(x, ids, ids.length, w, matrix(ids.length, h));
      a.k.sparse_affine(sx.rowStart, sx.index, sx.value, a.i32(ids), 0, ids.length, pw, 0, h, out);
      assertSameBits(a.readF64(out, ids.length * h), expected.data, "no bias");
      a.k.sparse_affine(sx.rowStart, sx.index, sx.value, a.i32(ids), 0, ids.length, pw, pb, h, out);
      assertSameBits(a.readF64(out, ids.length * h), addRowVectorInPlace(expected, b).data, "bias");
      // Consecutive rows (ids = 0): rows first … first + count − 1, here a batch of one too.
      for (const [first, count] of [[2, 9], [29, 1]]) {
        const range = Array.from({ length: count }, (_, i) => first + i);
        a.k.sparse_affine(sx.rowStart, sx.index, sx.value, 0, first, count, pw, pb, h, out);
        const e = addRowVectorInPlace(sparseMatMul(x, range, count, w, matrix(count, h)), b);
        assertSameBits(a.readF64(out, count * h), e.data, `rows ${first}+${count}`);
      }
    });
  }
});

Deno.test("batch_columns + columns_transpose_mul (wasm) equal sparseMatMulTransposeA()", async (t) => {
  const rng = new RandomState(4);
  for (const h of WIDTHS) {
    await t.step(`h=${h}`, () => {
      const a = new Arena();
      const cols = 40, x = toSparseRows(imageLike(rng, 30, cols));
      for (const ids of [[5, 0, 29, 3, 3, 17, 10, 22], [7], [3]]) {
        const n = ids.length, d = randomMatrix(rng, n, h);
        const expected = sparseMatMulTransposeA(x, ids, n, d, matrix(cols, h)).data;
        const sx = a.sparse(x), pid = a.i32(ids), pd = a.f64(d.data), out = a.f64(cols * h);
        // Column slots of n entries (a column has at most one entry per batch row).
        const counts = a.i32(cols), cscOff = a.i32(n * cols), cscVal = a.f64(n * cols);
        // Whole rows, as the single step shard does.
        a.k.batch_columns(
          sx.rowStart,
          sx.rowStart + 4,
          4,
          sx.index,
          sx.value,
          pid,
          n,
          0,
          cols,
          h,
          counts,
          cscOff,
          cscVal,
          n,
        );
        a.k.columns_transpose_mul(counts, cscOff, cscVal, cols, n, pd, h, out);
        assertSameBits(a.readF64(out, cols * h), expected, `ids ${ids}`);
        // Column ranges through a split table, as several step shards do: [0,13) [13,13) [13,40).
        const bounds = [0, 13, 13, cols], parts = bounds.length - 1;
        const split = new Int32Array(x.rows * (parts + 1));
        for (let r = 0; r < x.rows; r++) {
          let p = x.rowStart[r];
          for (let s = 0; s < parts; s++) {
            while (p < x.rowStart[r + 1] && x.index[p] < bounds[s]) p++;
            split[r * (parts + 1) + s] = p;
          }
          split[r * (parts + 1) + parts] = x.rowStart[r + 1];
        }
        const psplit = a.i32(split), part = a.f64(cols * h);
        for (let s = 0; s < parts; s++) {
          const lo = bounds[s], span = bounds[s + 1] - lo;
          a.k.batch_columns(
            psplit + 4 * s,
            psplit + 4 * (s + 1),
            4 * (parts + 1),
            sx.index,
            sx.value,
            pid,
            n,
            lo,
            span,
            h,
            counts,
            cscOff,
            cscVal,
            n,
          );
          a.k.columns_transpose_mul(counts, cscOff, cscVal, span, n, pd, h, part + lo * h * 8);
        }
        assertSameBits(a.readF64(part, cols * h), expected, `split ids ${ids}`);
      }
    });
  }
});

Deno.test("columns_update (wasm) is W − lr · sparseMatMulTransposeA() and reports finiteness", () => {
  const rng = new RandomState(5);
  for (const h of WIDTHS) {
    const a = new Arena(), cols = 40, lr = 0.37;
    const x = toSparseRows(imageLike(rng, 30, cols));
    const ids = [1, 2, 2, 28, 3],
      n = ids.length,
      d = randomMatrix(rng, n, h),
      w = randomMatrix(rng, cols, h);
    const g = sparseMatMulTransposeA(x, ids, n, d, matrix(cols, h)).data;
    const expected = w.data.map((p, i) => p - lr * g[i]);
    const sx = a.sparse(x), pid = a.i32(ids), pd = a.f64(d.data), pw = a.f64(w.data);
    const counts = a.i32(cols), cscOff = a.i32(n * cols), cscVal = a.f64(n * cols);
    a.k.batch_columns(
      sx.rowStart,
      sx.rowStart + 4,
      4,
      sx.index,
      sx.value,
      pid,
      n,
      0,
      cols,
      h,
      counts,
      cscOff,
      cscVal,
      n,
    );
    assert.strictEqual(a.k.columns_update(counts, cscOff, cscVal, cols, n, pd, h, pw, lr), 1);
    assertSameBits(a.readF64(pw, cols * h), expected, `h=${h}`);
    // An overflow to Infinity is reported.
    const huge = a.f64(d.data.map((v) => v * 1e300));
    assert.strictEqual(
      a.k.columns_update(counts, cscOff, cscVal, cols, n, huge, h, pw, 1e100),
      0,
      `h=${h}`,
    );
  }
});

Deno.test("dense kernels (wasm) equal matMul, matMulTransposeA/B, sumRows, transpose", () => {
  const rng = new RandomState(6);
  for (const h of WIDTHS) {
    for (const n of [1, 4, 9]) {
      const a = new Arena();
      const z = randomMatrix(rng, n, h, 0.2),
        w2 = randomMatrix(rng, h, 10),
        b2 = randomMatrix(rng, 1, 10).data;
      const dy = randomMatrix(rng, n, 10);
      const pz = a.f64(z.data), pw2 = a.f64(w2.data), pb2 = a.f64(b2), pdy = a.f64(dy.data);
      const out = a.f64(Math.max(n, h) * Math.max(h, 10));
      // a2 = z1·W2 + b2
      a.k.dense_affine(pz, n, h, pw2, 10, pb2, out);
      assertSameBits(
        a.readF64(out, n * 10),
        addRowVectorInPlace(matMul(z, w2), b2).data,
        `affine h=${h}`,
      );
      // gW2 = z1ᵀ·dy
      a.k.transpose_a_mul(pz, n, h, pdy, 10, out);
      assertSameBits(a.readF64(out, h * 10), matMulTransposeA(z, dy).data, `z1ᵀ·dy h=${h}`);
      // da1 = dy·W2ᵀ through W2ᵀ
      const pw2t = a.f64(10 * h);
      a.k.transpose(pw2, h, 10, pw2t);
      assertSameBits(a.readF64(pw2t, 10 * h), transpose(w2).data, `transpose h=${h}`);
      a.k.dense_affine(pdy, n, 10, pw2t, h, 0, out);
      assertSameBits(a.readF64(out, n * h), matMulTransposeB(dy, w2).data, `dy·W2ᵀ h=${h}`);
      // column sums, the first row first (so -0 stays -0)
      a.k.sum_rows(pz, n, h, out);
      assertSameBits(a.readF64(out, h), sumRows(z), `sumRows h=${h}`);
    }
  }
});

Deno.test("elementwise kernels (wasm) equal the reference formulas", async (t) => {
  const rng = new RandomState(7);
  const a = new Arena();
  const specials = [
    0,
    -0,
    1e-310,
    -1e-310,
    700,
    -700,
    745.2,
    -745.2,
    Infinity,
    -Infinity,
    NaN,
    36.7,
    -36.7,
  ];
  const values = Float64Array.from([
    ...specials,
    ...randomMatrix(rng, 1, 2001).data.map((v) => 20 * v),
  ]);
  await t.step("sigmoid uses Math.exp: 1 / (1 + exp(-x))", () => {
    const p = a.f64(values), out = a.f64(values.length);
    a.k.sigmoid(p, values.length, out);
    assertSameBits(a.readF64(out, values.length), sigmoid(values), "sigmoid");
  });
  await t.step("sigmoid_grad_mul: ((1 - s) * s) * d, flagging non-finite results", () => {
    for (const len of [1, 2, 7, 64]) {
      const s = values.slice(13, 13 + len).map((v) => 1 / (1 + Math.exp(-v)));
      const d = randomMatrix(rng, 1, len).data;
      const out = a.f64(len);
      assert.strictEqual(a.k.sigmoid_grad_mul(a.f64(s), a.f64(d), len, out), 1);
      assertSameBits(a.readF64(out, len), s.map((v, i) => ((1 - v) * v) * d[i]), `len=${len}`);
      d[len - 1] = Infinity;
      assert.strictEqual(
        a.k.sigmoid_grad_mul(a.f64(s), a.f64(d), len, out),
        0,
        `Infinity len=${len}`,
      );
    }
  });
  await t.step("sub_scaled: p - lr * g, flagging non-finite results", () => {
    for (const len of [1, 3, 50]) {
      const p = randomMatrix(rng, 1, len).data, g = randomMatrix(rng, 1, len).data, pp = a.f64(p);
      assert.strictEqual(a.k.sub_scaled(pp, a.f64(g), len, 0.1), 1);
      assertSameBits(a.readF64(pp, len), p.map((v, i) => v - 0.1 * g[i]), `len=${len}`);
      g[0] = NaN;
      assert.strictEqual(a.k.sub_scaled(pp, a.f64(g), len, 0.1), 0);
    }
  });
  await t.step("output_grad: (y - onehot) / n for a share of the rows", () => {
    const y = randomMatrix(rng, 6, 10).data, labels = [3, 0, 9, 9, 1, 5];
    const out = a.f64(60);
    a.k.output_grad(a.f64(y.subarray(20)), a.i32(labels.slice(2)), 4, 10, 6, out);
    const expected = Array.from(
      { length: 40 },
      (_, i) => (y[20 + i] - (i % 10 === labels[2 + Math.floor(i / 10)] ? 1 : 0)) / 6,
    );
    assertSameBits(a.readF64(out, 40), expected, "dy");
  });
});

/** Arguments for exp: every branch and range edge, then random ones where the net's values live. */
function expArguments(rng: RandomState, count: number): Float64Array {
  const edges = [
    0,
    -0,
    1,
    -1,
    5e-324,
    -5e-324,
    2 ** -60,
    -(2 ** -60),
    2 ** -28,
    1e-300,
    700,
    -700,
    700.0000000000001,
    -700.0000000000001,
    709.782712893384,
    709.7827128933841,
    -745.1332191019411,
    -745.1332191019412,
    -746,
    710,
    1000,
    -1000,
    Infinity,
    -Infinity,
    NaN,
    Math.LN2 / 128,
    -Math.LN2 / 128,
    Math.LN2 / 512,
    -Math.LN2 / 512,
    Math.LN2 / 256,
    Math.LN2 / 64,
    Math.LN2,
    64 * Math.LN2,
    -1022 * Math.LN2,
  ];
  const x = new Float64Array(count);
  x.set(edges);
  for (let i = edges.length; i < count; i++) {
    const u = rng.random(), v = rng.random() - 0.5;
    // k·ln2/256 ± tiny (j and m boundaries), (k + 1/2)·ln2/256 (halfway cases of the
    // rounding of k), small, sigmoid-sized, softmax-sized (≤ 0) and full-range arguments.
    if (u < 0.15) x[i] = (rng.randint(-260000, 260000, 1)[0] * Math.LN2) / 256 + v * 2 ** -40;
    else if (u < 0.2) {
      x[i] = ((rng.randint(-260000, 260000, 1)[0] + 0.5) * Math.LN2) / 256 * (1 + v * 2 ** -50);
    } else if (u < 0.3) x[i] = v * 2 ** (-60 * rng.random());
    else if (u < 0.6) x[i] = 40 * v;
    else if (u < 0.8) x[i] = -60 * rng.random();
    else x[i] = 1440 * v;
  }
  return x;
}

Deno.test("exp (wasm, two lanes at a time) has Math.exp's bits", () => {
  // V8's Math.exp is correctly rounded; the kernels' exp (exp.wat) computes the correctly
  // rounded value when its error bound allows, and calls Math.exp when unsure.
  const a = new Arena(1 << 26);
  const x = expArguments(new RandomState(12), 3_000_001);
  const px = a.f64(x), out = a.f64(x.length);
  a.k.exp_all(px, x.length, out);
  assertSameBits(a.readF64(out, x.length), x.map(Math.exp), "exp");
});

Deno.test("exp.wat's table is 2^(j/256) rounded to nearest as hi, and the rest as lo", () => {
  // Oracle: T = floor(2^(j/256) · 2^200), the integer 256th root of 2^(j + 51200), exact in
  // BigInt. hi must be the nearest double to T/2^200, lo the nearest to T/2^200 − hi (to
  // within T's truncation, far below lo's half ulp).
  const a = new Arena();
  const tab = a.f64(512);
  a.k.init_exp_table(tab);
  const table = a.readF64(tab, 512);
  const SCALE = 200n;
  /** d as m · 2^e (m the 53-bit significand); for normal doubles that fit the scale. */
  const parts = (d: number): [bigint, bigint] => {
    const bits = new BigUint64Array(new Float64Array([d]).buffer)[0];
    const e = BigInt(Number((bits >> 52n) & 0x7ffn) - 1075) + SCALE;
    assert.ok(e >= 0n, `${d} is too small for the check`);
    return [(bits >> 63n ? -1n : 1n) * ((bits & ((1n << 52n) - 1n)) | (1n << 52n)), e];
  };
  const exact = (d: number): bigint => parts(d)[0] << parts(d)[1]; // d · 2^200
  const ulp = (d: number): bigint => 1n << parts(d)[1]; // ulp(d) · 2^200
  for (let j = 0; j < 256; j++) {
    const target = 1n << (BigInt(j) + 256n * SCALE);
    // Newton's method for the integer root, from just above it (Math.pow is within 2^-52)
    let y = (BigInt(Math.round(2 ** (j / 256) * 2 ** 53)) + 4n) << (SCALE - 53n);
    for (;;) {
      const next = (255n * y + target / y ** 255n) / 256n;
      if (next >= y) break;
      y = next;
    }
    while (y ** 256n > target) y--;
    const [hi, lo] = [table[2 * j], table[2 * j + 1]];
    const rest = y - exact(hi);
    assert.ok(2n * (rest < 0n ? -rest : rest) <= ulp(hi), `hi of j=${j}`);
    if (j === 0) {
      assert.strictEqual(lo, 0);
      continue;
    }
    const err = rest - exact(lo);
    assert.ok(2n * (err < 0n ? -err : err) <= ulp(lo) + 2n, `lo of j=${j}`);
  }
});

Deno.test("softmax_rows, pairwise_sum and count_correct (wasm) equal softmaxRows, pairwiseSum, argmax", async (t) => {
  const rng = new RandomState(8);
  const a = new Arena();
  await t.step("pairwise_sum over every length to 300 (all branches of NumPy's order)", () => {
    const v = randomMatrix(rng, 1, 300).data.map((x) => x * 1e3);
    const p = a.f64(v);
    for (let n = 0; n <= 300; n++) {
      assert.ok(Object.is(a.k.pairwise_sum(p, n), pairwiseSum(v, 0, n)), `n=${n}`);
    }
    const zeros = a.f64([-0, -0, -0]);
    assert.ok(Object.is(a.k.pairwise_sum(zeros, 3), pairwiseSum([-0, -0, -0])), "-0");
  });
  for (const m of [1, 2, 3, 10, 17, 130]) {
    await t.step(`softmax and argmax, ${m} classes`, () => {
      const n = 12, s = randomMatrix(rng, n, m);
      s.data[0] = NaN; // a NaN row, a tie and huge values
      if (m > 2) s.data[m + 1] = s.data[m];
      s.data[2 * m] = 1000;
      const ps = a.f64(s.data), out = a.f64(n * m);
      a.k.softmax_rows(ps, n, m, out);
      const y = softmaxRows(s);
      assertSameBits(a.readF64(out, n * m), y.data, "softmax");
      const labels = Array.from(
        { length: n },
        (_, r) => (r % 3 === 0 ? argmax(y.data, r * m, m) : r % m),
      );
      let expected = 0;
      for (let r = 0; r < n; r++) if (argmax(y.data, r * m, m) === labels[r]) expected++;
      assert.strictEqual(a.k.count_correct(out, a.i32(labels), n, m), expected);
      a.k.softmax_rows(ps, n, m, ps); // in place
      assertSameBits(a.readF64(ps, n * m), y.data, "in place");
    });
  }
});

Deno.test("count_correct_scores (wasm) equals the argmax of softmaxRows, near ties and non-finite scores included", () => {
  // Oracle: count_correct's rule on softmaxRows' output. Rows at and around the kernel's
  // near-tie bound (2^-49) must agree too: those go through the softmax.
  const rng = new RandomState(21);
  const a = new Arena(1 << 24);
  for (const m of [1, 2, 3, 10, 17]) {
    const n = 4000, s = randomMatrix(rng, n, m);
    for (let r = 0; r < n; r++) {
      const o = r * m, kind = r % 16, i = rng.randint(0, m, 1)[0], j = rng.randint(0, m, 1)[0];
      if (kind === 1) s.data[o + i] = s.data[o + j]; // an exact tie
      if (kind >= 2 && kind <= 8) { // near ties of 1 ulp to 2^-40 relative, both sides of 2^-49
        const d = [2 ** -52, 2 ** -51, 2 ** -50, 2 ** -49, 2 ** -48, 2 ** -45, 2 ** -40][kind - 2];
        s.data[o + i] = s.data[o + j] * (1 + (rng.random() < 0.5 ? d : -d));
      }
      if (kind === 9) s.data[o + i] = NaN;
      if (kind === 10) s.data[o + i] = Infinity;
      if (kind === 11) s.data[o + i] = -Infinity;
      if (kind === 12) s.data[o + i] = 1e300 * (rng.random() - 0.5);
      if (kind === 13) s.data.fill(3, o, o + m); // all equal
      if (kind === 14) s.data[o + i] = s.data[o + j] - 2 ** -49; // at the bound
    }
    const y = softmaxRows(s);
    const labels = Array.from({ length: n }, (_, r) => r % 2 ? r % m : argmax(y.data, r * m, m));
    let expected = 0;
    for (let r = 0; r < n; r++) if (argmax(y.data, r * m, m) === labels[r]) expected++;
    const ps = a.f64(s.data), pl = a.i32(labels), scratch = a.f64(m);
    assert.strictEqual(a.k.count_correct_scores(ps, pl, n, m, scratch), expected, `m=${m}`);
    for (let r = 0; r < n; r++) { // row by row, so that one wrong row cannot hide another
      const one = a.k.count_correct_scores(ps + r * m * 8, pl + r * 4, 1, m, scratch);
      assert.strictEqual(one, argmax(y.data, r * m, m) === labels[r] ? 1 : 0, `m=${m} row ${r}`);
    }
  }
});

Deno.test("lib/engine/wasm/kernels_wasm.ts is exactly what build.ts assembles from kernels.wat", async () => {
  const spec = WASM_MODULES.kernels;
  const bytes = await assembleWat(await readWat(spec.wat));
  const committed = await Deno.readTextFile(spec.ts);
  assert.ok(
    (await buildWasmModule(spec)) === committed,
    "lib/engine/wasm/kernels_wasm.ts is stale: run `deno run --allow-read=lib/engine/wasm --allow-write=lib/engine/wasm tools/build.ts`",
  );
  assert.ok(WebAssembly.validate(bytes));
});

Deno.test("assembleWat() rejects invalid text with wabt's message", async () => {
  await assert.rejects(assembleWat("(module (func (result i32)))", "bad.wat"), (e: Error) => {
    assert.strictEqual(e.name, "SyntaxError");
    assert.match(e.message, /^Cannot assemble bad\.wat as wabt rejects it: /);
    return true;
  });
});
