/**
 * MNIST and Fashion-MNIST as the book's `load_mnist` gives them (§3.6.1,
 * `dataset/mnist.py`), from the original IDX files (raw or gzip'd) or CSV,
 * every byte checked, nothing partial ever returned. Depends only on
 * `lib/core/`.
 *
 * - Pixels stay `Uint8Array`; normalized pixels equal NumPy's
 *   `x.astype(np.float32) / 255.0` bit for bit, held in a `Float64Array`
 *   `count × 784` {@linkcode Matrix}. Images are always flat rows (the book's
 *   `flatten=True`); `rows` and `cols` (28 × 28) say how to fold them back.
 * - Bad input throws {@linkcode MnistFormatError} (a `TypeError`) or
 *   {@linkcode MnistValueError} (a `RangeError`) naming the file and the
 *   offset or line; a missing file throws {@linkcode MnistNotFoundError}
 *   saying how to get it.
 *
 * | file           | idea                                                                  |
 * | -------------- | --------------------------------------------------------------------- |
 * | `types.ts`     | image size, data set and format names, image and source types         |
 * | `datasets.ts`  | the two data sets by name: message names, file names, folders, env    |
 * | `errors.ts`    | `MnistFormatError`, `MnistValueError`, `MnistNotFoundError`           |
 * | `_gzip.ts`     | gzip'd files (recognised by `1f 8b`), for the parsers and checksums   |
 * | `_checks.ts`   | argument checks several files share                                   |
 * | `idx.ts`       | IDX files: `parseIdxImages`, `parseIdxLabels` and their encoders      |
 * | `csv.ts`       | MNIST CSV: `parseMnistCsv`, `formatMnistCsv`                          |
 * | `normalize.ts` | `normalize=True` and `one_hot_label=True`                             |
 * | `resolve.ts`   | `resolveMnistDir`: which folder, which format (`dataset_dir`)         |
 * | `load.ts`      | `loadMnist`, `readMnistSource` (`load_mnist`)                         |
 * | `download/`    | getting the files onto disk, verified: a separate entry point, below  |
 *
 * Getting the files (checksums, mirrors, installation) lives in
 * `lib/data/download/mod.ts` (`@dlfs/deno/data/download`), not here: it is
 * network code a training run never needs, so an experiment that only loads
 * data never loads it. The command-line flags (`mnistFlags`) live in
 * `lib/cli/mnist_flags.ts`.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { encodeIdxImages, encodeIdxLabels, loadMnist } from "./mod.ts";
 * const dir = await Deno.makeTempDir();
 * const pixels = new Uint8Array(784);
 * pixels[0] = 255;
 * for (const split of ["train", "t10k"]) {
 *   await Deno.writeFile(`${dir}/${split}-images-idx3-ubyte`, encodeIdxImages({ count: 1, rows: 28, cols: 28, pixels }));
 *   await Deno.writeFile(`${dir}/${split}-labels-idx1-ubyte`, encodeIdxLabels(new Uint8Array([7])));
 * }
 * const { train, test } = await loadMnist({ dir, oneHotLabel: true });
 * assert.deepStrictEqual([train.x.rows, train.x.cols, train.x.data[0]], [1, 784, 1]);
 * assert.strictEqual(test.t.data[7], 1);
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @module
 */

export * from "./types.ts";
export * from "./datasets.ts";
export * from "./errors.ts";
export * from "./idx.ts";
export * from "./csv.ts";
export * from "./normalize.ts";
export * from "./resolve.ts";
export * from "./load.ts";
