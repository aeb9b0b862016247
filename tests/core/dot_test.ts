// Oracles: the book's printed np.dot examples (§3.3), hand-computed small cases, and NumPy's
// np.sum(m, axis=0) through tests/fixtures/core/pairwise_sum.json (made by
// make_core_fixtures.py, numpy 2.4.6): sums involve no exp/log, so sumRows must equal it bit for
// bit. The transposed products are checked against matMul on explicit transposes: the same
// products summed in the same order.

import assert from "node:assert";
import {
  addRowVectorInPlace,
  matMul,
  matMulTransposeA,
  matMulTransposeB,
  sumRows,
  vecMat,
} from "../../lib/core/dot.ts";
import { fromRows, toRows, transpose } from "../../lib/core/convert.ts";
import { matrix } from "../../lib/core/matrix.ts";

/** The column sums of tests/fixtures/core/pairwise_sum.json (np.sum(m, axis=0)); the rest is pairwise_sum_test.ts's. */
interface PairwiseFixture {
  readonly strided: readonly {
    readonly rows: number;
    readonly cols: number;
    readonly values: readonly number[];
    readonly columnSums: readonly number[];
    readonly axis0Sums: readonly number[];
  }[];
}

const PAIRWISE: PairwiseFixture = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/core/pairwise_sum.json", import.meta.url)),
);

Deno.test("matMul() gives the book's np.dot results when shapes agree", async (t) => {
  await t.step("2x2 by 2x2 (§3.3.2)", () => {
    const c = matMul(fromRows([[1, 2], [3, 4]]), fromRows([[5, 6], [7, 8]]));
    assert.deepStrictEqual(toRows(c), [[19, 22], [43, 50]]);
  });
  await t.step("2x3 by 3x2 (§3.3.2)", () => {
    const c = matMul(fromRows([[1, 2, 3], [4, 5, 6]]), fromRows([[1, 2], [3, 4], [5, 6]]));
    assert.deepStrictEqual(toRows(c), [[22, 28], [49, 64]]);
  });
  await t.step("3x2 by 2x1 (§3.3.2)", () => {
    const c = matMul(fromRows([[1, 2], [3, 4], [5, 6]]), fromRows([[7], [8]]));
    assert.deepStrictEqual(toRows(c), [[23], [53], [83]]);
  });
  await t.step("an empty inner dimension gives zeros, as np.dot", () => {
    const c = matMul(matrix(2, 0), matrix(0, 3));
    assert.deepStrictEqual(Array.from(c.data), [0, 0, 0, 0, 0, 0]);
    assert.ok(c.data.every((v) => Object.is(v, 0)));
  });
  await t.step("each element summed left to right over k", () => {
    // (0.1 + 0.2) + 0.3 = 0.6000000000000001, while 0.1 + (0.2 + 0.3) = 0.6.
    const c = matMul(fromRows([[1, 1, 1]]), fromRows([[0.1], [0.2], [0.3]]));
    assert.strictEqual(c.data[0], 0.6000000000000001);
  });
});

Deno.test("matMul() writes into out and returns it when out has the result's shape", () => {
  const out = matrix(2, 2);
  const c = matMul(fromRows([[1, 2], [3, 4]]), fromRows([[5, 6], [7, 8]]), out);
  assert.strictEqual(c, out);
  assert.deepStrictEqual(Array.from(out.data), [19, 22, 43, 50]);
});

Deno.test("matMul() throws when the shapes do not fit", async (t) => {
  await t.step("a.cols differs from b.rows", () => {
    assert.throws(() => matMul(matrix(2, 3), matrix(4, 2)), {
      name: "TypeError",
      message: "Cannot multiply matrices as a.cols must equal b.rows: a.cols=3, b.rows=4",
    });
  });
  await t.step("out has the wrong shape", () => {
    assert.throws(() => matMul(matrix(2, 3), matrix(3, 4), matrix(4, 2)), {
      name: "TypeError",
      message: "Cannot multiply matrices as out must be 2x4: out is 4x2",
    });
  });
});

Deno.test("vecMat() gives the book's np.dot(X, W) when x.length equals W.rows", () => {
  // §3.3.3: X = [1, 2], W = [[1, 3, 5], [2, 4, 6]] -> [5, 11, 17].
  const y = vecMat(new Float64Array([1, 2]), fromRows([[1, 3, 5], [2, 4, 6]]));
  assert.deepStrictEqual(Array.from(y), [5, 11, 17]);
});

Deno.test("vecMat() throws when x.length differs from W.rows", () => {
  assert.throws(() => vecMat(new Float64Array(3), matrix(2, 3)), {
    name: "TypeError",
    message:
      "Cannot multiply vector and matrix as x.length must equal W.rows: x.length=3, W.rows=2",
  });
});

Deno.test("addRowVectorInPlace() adds b to every row and returns m when lengths agree", () => {
  const m = fromRows([[1, 2], [3, 4], [5, 6]]);
  const r = addRowVectorInPlace(m, new Float64Array([10, 20]));
  assert.strictEqual(r, m);
  assert.deepStrictEqual(toRows(m), [[11, 22], [13, 24], [15, 26]]);
});

Deno.test("addRowVectorInPlace() throws when b.length differs from m.cols", () => {
  assert.throws(() => addRowVectorInPlace(matrix(2, 3), new Float64Array(2)), {
    name: "TypeError",
    message: "Cannot add a row vector as b.length must equal m.cols: b.length=2, m.cols=3",
  });
});

Deno.test("matMulTransposeA() equals matMul(transpose(a), b) exactly when a.rows equals b.rows", async (t) => {
  await t.step("a small case by hand", () => {
    // aᵀ = [[1, 3], [2, 4]]; aᵀ·[[5], [6]] = [[23], [34]].
    const c = matMulTransposeA(fromRows([[1, 2], [3, 4]]), fromRows([[5], [6]]));
    assert.deepStrictEqual(toRows(c), [[23], [34]]);
  });
  await t.step("fixture matrices: the same sums in the same order", () => {
    for (const m of PAIRWISE.strided) {
      const a = matrix(m.rows, m.cols, new Float64Array(m.values));
      const b = matrix(m.rows, 2, new Float64Array(a.data.subarray(0, m.rows * 2)));
      const c = matMulTransposeA(a, b);
      assert.deepStrictEqual(Array.from(c.data), Array.from(matMul(transpose(a), b).data));
    }
  });
  await t.step("out is overwritten, not added to", () => {
    const out = matrix(2, 1, new Float64Array([100, 100]));
    matMulTransposeA(fromRows([[1, 2], [3, 4]]), fromRows([[5], [6]]), out);
    assert.deepStrictEqual(Array.from(out.data), [23, 34]);
  });
  await t.step("mismatched rows throw", () => {
    assert.throws(() => matMulTransposeA(matrix(3, 2), matrix(4, 2)), {
      name: "TypeError",
      message: "Cannot multiply aᵀ by b as a.rows must equal b.rows: a.rows=3, b.rows=4",
    });
  });
  await t.step("out of the wrong shape throws", () => {
    assert.throws(() => matMulTransposeA(matrix(3, 2), matrix(3, 4), matrix(4, 2)), {
      name: "TypeError",
      message: "Cannot multiply aᵀ by b as out must be 2x4: out is 4x2",
    });
  });
});

Deno.test("matMulTransposeB() equals matMul(a, transpose(b)) exactly when a.cols equals b.cols", async (t) => {
  await t.step("a small case by hand", () => {
    const c = matMulTransposeB(fromRows([[1, 2]]), fromRows([[3, 4], [5, 6]]));
    assert.deepStrictEqual(toRows(c), [[11, 17]]);
  });
  await t.step("fixture matrices: the same sums in the same order", () => {
    for (const m of PAIRWISE.strided) {
      const a = matrix(m.rows, m.cols, new Float64Array(m.values));
      const b = matrix(3, m.cols, new Float64Array(a.data.subarray(m.cols, 4 * m.cols)));
      const c = matMulTransposeB(a, b);
      assert.deepStrictEqual(Array.from(c.data), Array.from(matMul(a, transpose(b)).data));
    }
  });
  await t.step("mismatched columns throw", () => {
    assert.throws(() => matMulTransposeB(matrix(2, 3), matrix(2, 4)), {
      name: "TypeError",
      message: "Cannot multiply a by bᵀ as a.cols must equal b.cols: a.cols=3, b.cols=4",
    });
  });
  await t.step("out of the wrong shape throws", () => {
    assert.throws(() => matMulTransposeB(matrix(2, 3), matrix(4, 3), matrix(4, 2)), {
      name: "TypeError",
      message: "Cannot multiply a by bᵀ as out must be 2x4: out is 4x2",
    });
  });
});

Deno.test("sumRows() equals np.sum(m, axis=0) exactly when m has at least two columns", async (t) => {
  await t.step("fixture matrices: rows added in order, unlike the pairwise column sum", () => {
    for (const m of PAIRWISE.strided) {
      const a = matrix(m.rows, m.cols, new Float64Array(m.values));
      assert.deepStrictEqual(Array.from(sumRows(a)), m.axis0Sums, `${m.rows}x${m.cols}`);
      // NumPy's axis-0 order is not its 1-D pairwise order: the fixture tells them apart.
      assert.ok(m.axis0Sums.some((v, j) => v !== m.columnSums[j]));
    }
  });
  await t.step("into out", () => {
    const out = new Float64Array(2);
    assert.strictEqual(sumRows(fromRows([[1, 2], [3, 4]]), out), out);
    assert.deepStrictEqual(Array.from(out), [4, 6]);
  });
  await t.step("no rows throws", () => {
    assert.throws(() => sumRows(matrix(0, 3)), {
      name: "TypeError",
      message: "Cannot sum the rows as there must be at least one row: rows=0",
    });
  });
  await t.step("out of the wrong length throws", () => {
    assert.throws(() => sumRows(matrix(2, 3), new Float64Array(2)), {
      name: "TypeError",
      message: "Cannot sum the rows as out must have one element per column: out.length=2, cols=3",
    });
  });
});
