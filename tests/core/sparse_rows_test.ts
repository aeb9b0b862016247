// Oracle: the dense loops of lib/core/matrix.ts (the reference net's sums, in the reference
// order). Skipping zeros changes no bit of a sum whose other terms keep their order, so every
// comparison is exact (Object.is per element, so -0 and NaN count too).

import assert from "node:assert";
import { assertSameBits } from "../_assert.ts";
import { randomMatrix } from "../_random_matrices.ts";
import { matMul, matMulTransposeA } from "../../lib/core/dot.ts";
import { matrix } from "../../lib/core/matrix.ts";
import { RandomState } from "../../lib/core/random.ts";
import { sparseMatMul, sparseMatMulTransposeA } from "../../lib/core/sparse_matmul.ts";
import { toSparseRows } from "../../lib/core/sparse_rows.ts";

/** Hidden sizes around every block edge of the WebAssembly kernels (blocks of 26, 24, 10, pairs, one). */
const WIDTHS = [1, 2, 3, 7, 10, 11, 12, 21, 24, 25, 26, 27, 36, 49, 50, 51, 76, 100];

Deno.test("sparseMatMul() equals matMul() bit for bit when rows are sparse", () => {
  const rng = new RandomState(1);
  for (const h of WIDTHS) {
    const x = randomMatrix(rng, 9, 13, 0.8), w = randomMatrix(rng, 13, h);
    const ids = [4, 0, 8, 8, 2];
    const out = sparseMatMul(toSparseRows(x), ids, ids.length, w, matrix(ids.length, h));
    const dense = matMul(x, w);
    for (let r = 0; r < ids.length; r++) {
      assertSameBits(
        out.data.subarray(r * h, (r + 1) * h),
        dense.data.subarray(ids[r] * h, (ids[r] + 1) * h),
        `h=${h}`,
      );
    }
  }
});

Deno.test("sparseMatMulTransposeA() equals matMulTransposeA() of the gathered rows", () => {
  const rng = new RandomState(2);
  for (const h of WIDTHS) {
    const x = randomMatrix(rng, 9, 13, 0.8), d = randomMatrix(rng, 6, h);
    const ids = [3, 3, 0, 8, 5, 1];
    const gathered = matrix(ids.length, 13);
    ids.forEach((id, r) => gathered.data.set(x.data.subarray(id * 13, (id + 1) * 13), r * 13));
    const out = sparseMatMulTransposeA(toSparseRows(x), ids, ids.length, d, matrix(13, h));
    assertSameBits(out.data, matMulTransposeA(gathered, d).data, `h=${h}`);
  }
});

Deno.test("sparse kernels reject bad shapes and row ids with precise errors", async (t) => {
  const x = toSparseRows(matrix(3, 4)), w = matrix(4, 2);
  await t.step("wrong weight rows", () => {
    assert.throws(() => sparseMatMul(x, [0], 1, matrix(5, 2), matrix(1, 2)), {
      name: "TypeError",
      message: "Cannot multiply matrices as a.cols must equal b.rows: a.cols=4, b.rows=5",
    });
  });
  await t.step("row id out of range", () => {
    assert.throws(() => sparseMatMul(x, [3], 1, w, matrix(1, 2)), {
      name: "RangeError",
      message: "Cannot multiply matrices as row ids must be integers in [0, 3): rowIds[0]=3",
    });
  });
  await t.step("count beyond the ids", () => {
    assert.throws(() => sparseMatMulTransposeA(x, [0], 2, matrix(2, 2), matrix(4, 2)), {
      name: "RangeError",
      message:
        "Cannot multiply aᵀ by b as count must not exceed the row ids given: count=2, rowIds=1",
    });
  });
});
