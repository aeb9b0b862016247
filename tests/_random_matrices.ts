// Random test matrices shared by the kernel tests: normals with exact zeros, and MNIST-like rows.

import { type Matrix, matrix } from "../lib/core/matrix.ts";
import type { RandomState } from "../lib/core/random.ts";

/** A matrix of normals with about `zeroShare` exact zeros (and some -0). */
export function randomMatrix(rng: RandomState, rows: number, cols: number, zeroShare = 0): Matrix {
  const m = matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) {
    const u = rng.random();
    m.data[i] = u < zeroShare ? (u < zeroShare / 8 ? -0 : 0) : rng.standardNormal();
  }
  return m;
}

/** MNIST-like rows: ~81% zeros, the rest float32(k / 255), some rows all zero. */
export function imageLike(rng: RandomState, rows: number, cols: number): Matrix {
  const m = matrix(rows, cols);
  for (let r = 0; r < rows; r++) {
    if (r % 7 === 3) continue; // a row without nonzeros
    for (let c = 0; c < cols; c++) {
      if (rng.random() < 0.19) {
        m.data[r * cols + c] = Math.fround((1 + rng.randint(0, 255, 1)[0]) / 255);
      }
    }
  }
  return m;
}
