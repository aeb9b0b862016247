/**
 * The book's math, with no I/O: row-major matrices, NumPy's summation order,
 * the activations and losses of chapters 3–4, numerical differentiation and
 * gradient descent, NumPy's seeded random streams, and the sparse rows the
 * fast first layer works on. Everything else in the library builds on this
 * folder; it imports nothing outside it.
 *
 * | file                    | idea                                                         | book       | test                                      |
 * | ----------------------- | ------------------------------------------------------------ | ---------- | ----------------------------------------- |
 * | `matrix.ts`             | `Matrix`: row-major `Float64Array` with rows and cols         | §3.3       | `tests/core/matrix_test.ts`               |
 * | `dot.ts`                | `matMul` (`np.dot`), transposed products, row sums           | §3.3, §5.7 | `tests/core/dot_test.ts`                  |
 * | `argmax.ts`             | `argmax`, `argmaxRows` (`np.argmax`)                          | §3.6       | `tests/core/argmax_test.ts`               |
 * | `convert.ts`            | `fromRows`, `toRows`, copies, transposes                      | §3.3       | `tests/core/convert_test.ts`              |
 * | `pairwise_sum.ts`       | `pairwiseSum`: `np.sum`'s order, which the printed digits need | §4.2      | `tests/core/pairwise_sum_test.ts`         |
 * | `functions.ts`          | sigmoid, ReLU, softmax (`common/functions.py`)               | §3.2–3.5   | `tests/core/functions_test.ts`            |
 * | `loss.ts`               | sum of squared errors, cross-entropy (single and batch)      | §4.2       | `tests/core/loss_test.ts`                 |
 * | `numerical_gradient.ts` | `numericalDiff`, `numericalGradient` (h = 1e-4)              | §4.3–4.4   | `tests/core/numerical_gradient_test.ts`   |
 * | `gradient_descent.ts`   | `gradientDescent`                                            | §4.4.1     | `tests/core/gradient_descent_test.ts`     |
 * | `random.ts`             | `RandomState`: NumPy's legacy MT19937 streams                | §4.5       | `tests/core/random_test.ts`               |
 * | `sparse_rows.ts`        | `SparseRows`: a matrix's nonzero entries, row by row         | §4.5       | `tests/core/sparse_rows_test.ts`          |
 * | `sparse_matmul.ts`      | `sparseMatMul`: the first layer without its zeros            | §4.5       | `tests/core/sparse_rows_test.ts`          |
 * | `statistics.ts`         | `meanStd` of repeated runs                                   |            | `tests/core/statistics_test.ts`           |
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { crossEntropyError, numericalDiff, sumSquaredError } from "./mod.ts";
 * const t = new Float64Array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
 * const y = new Float64Array([0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0]);
 * assert.strictEqual(sumSquaredError(y, t), 0.09750000000000003); // §4.2.1, every digit
 * assert.strictEqual(crossEntropyError(y, t), 0.510825457099338); // §4.2.2
 * assert.strictEqual(numericalDiff((x) => 0.01 * x * x + 0.1 * x, 5), 0.1999999999990898); // §4.3.2
 * ```
 *
 * @module
 */

export * from "./matrix.ts";
export * from "./convert.ts";
export * from "./dot.ts";
export * from "./argmax.ts";
export * from "./pairwise_sum.ts";
export * from "./functions.ts";
export * from "./loss.ts";
export * from "./numerical_gradient.ts";
export * from "./gradient_descent.ts";
export * from "./random.ts";
export * from "./sparse_rows.ts";
export * from "./sparse_matmul.ts";
export * from "./statistics.ts";
