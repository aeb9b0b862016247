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
 *   saying how to get it. Loading names the data set in every message. A data folder
 *   that is a file, or that the run may not read, throws Deno's
 *   `NotADirectory` or `NotCapable` with a sentence saying what to give.
 *
 * Files (tests in `tests/data/`):
 * - `types.ts`: image size, data set and format names, image and source types;
 * - `datasets.ts`: each data set's name, file names, folders and variable (`datasets_test.ts`);
 * - `errors.ts`: `MnistFormatError`, `MnistValueError`, `MnistNotFoundError` (all, by class);
 * - `_gzip.ts`: gzip'd files, recognised by `1f 8b` (`idx_test.ts`, `csv_test.ts`);
 * - `_checks.ts`: argument checks several files share (`normalize_test.ts`);
 * - `_files.ts`: finding each IDX file on disk, `NAME.gz` before `NAME` (`resolve_test.ts`);
 * - `idx.ts`: IDX files, the book's `_load_img` and `_load_label` (`idx_test.ts`); `idx_write.ts`:
 *   the encoders (`idx_test.ts`);
 * - `csv.ts`: MNIST CSV, `parseMnistCsv` (`csv_test.ts`); `csv_write.ts`: `formatMnistCsv`
 *   (`csv_test.ts`);
 * - `normalize.ts`: `normalize=True` (float32 bits), `one_hot_label=True` (`normalize_test.ts`);
 * - `resolve.ts`: `resolveMnistDir`, the book's `dataset_dir`: folder and format (`resolve_test.ts`);
 * - `load.ts`: `loadMnist`, the book's `load_mnist`, and `readMnistSource` (`load_test.ts`);
 * - `download/`: getting the files, verified; its own entry point (`download/*_test.ts`).
 *
 * The NumPy-made fixtures are in `tests/fixtures/mnist/` (`make_mnist_fixtures.py`); the real
 * files are checked by `tests/data/real_data_test.ts`, the data scripts by `scripts_test.ts`.
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
 *   const images = encodeIdxImages({ count: 1, rows: 28, cols: 28, pixels });
 *   await Deno.writeFile(`${dir}/${split}-images-idx3-ubyte`, images);
 *   const labels = encodeIdxLabels(new Uint8Array([7]));
 *   await Deno.writeFile(`${dir}/${split}-labels-idx1-ubyte`, labels);
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
export * from "./idx_write.ts";
export * from "./csv.ts";
export * from "./csv_write.ts";
export * from "./normalize.ts";
export * from "./resolve.ts";
export * from "./load.ts";
