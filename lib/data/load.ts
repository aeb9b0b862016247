/**
 * Loading a data set (the book's `load_mnist(normalize, flatten,
 * one_hot_label)`, §3.6.1): resolve the folder, read and check every file,
 * pair images with labels, then normalize and one-hot as asked. Nothing
 * partial is ever returned.
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";
import { parseMnistCsv } from "./csv.ts";
import { MNIST_DATASET_NAMES } from "./datasets.ts";
import { MnistFormatError, MnistNotFoundError } from "./errors.ts";
import { parseIdxImages, parseIdxLabels } from "./idx.ts";
import { normalizeImages, oneHotLabels } from "./normalize.ts";
import { resolveMnistDir, type ResolveMnistOptions } from "./resolve.ts";
import type {
  MnistDataset,
  MnistImages,
  MnistLabeledImages,
  MnistParseOptions,
  MnistSource,
} from "./types.ts";

/** Options of {@linkcode loadMnist}: where to look, and the book's `load_mnist` switches. */
export interface LoadMnistOptions extends ResolveMnistOptions {
  /** Pixels as float32 values in [0, 1], a `count × 784` matrix (default true, as in the book). */
  readonly normalize?: boolean;
  /** Labels as a `count × 10` one-hot matrix (default false, as in the book). */
  readonly oneHotLabel?: boolean;
}

/** One split (training or test) as loaded. */
export interface MnistSplit<X, T> extends MnistLabeledImages {
  /** The book's `x`: the normalized `count × 784` matrix, or `pixels` itself (not normalizing). */
  readonly x: X;
  /** The book's `t`: the one-hot `count × 10` matrix, or `labels` itself. */
  readonly t: T;
}

/** What {@linkcode loadMnist} returns: the book's `(x_train, t_train), (x_test, t_test)` (§3.6.1). */
export interface MnistData<X, T> {
  /** Where the data came from. */
  readonly source: MnistSource;
  /** 60000 training images. */
  readonly train: MnistSplit<X, T>;
  /** 10000 test images. */
  readonly test: MnistSplit<X, T>;
}

/** The type of `x`: a matrix when normalizing, else the pixel bytes. */
export type MnistX<N extends boolean> = N extends true ? Matrix : Uint8Array;
/** The type of `t`: a one-hot matrix, else the label bytes. */
export type MnistT<O extends boolean> = O extends true ? Matrix : Uint8Array;

async function readDataFile(dataset: MnistDataset, path: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new MnistNotFoundError(
        `Cannot read ${MNIST_DATASET_NAMES[dataset]} data as the file must exist: file=${path}`,
        path,
      );
    }
    throw error;
  }
}

function pair(
  dataset: MnistDataset,
  split: string,
  images: MnistImages,
  labels: Uint8Array,
  imagesFile: string,
  labelsFile: string,
): MnistLabeledImages {
  if (images.count !== labels.length) {
    const name = MNIST_DATASET_NAMES[dataset];
    throw new MnistFormatError(
      `Cannot load ${name} ${split} set as the image and label counts must be equal: ` +
        `images=${imagesFile} (${images.count}), labels=${labelsFile} (${labels.length})`,
      labelsFile,
    );
  }
  return { ...images, labels };
}

/**
 * Reads a data set's files as found by {@linkcode resolveMnistDir}, raw:
 * pixels and labels as bytes, everything checked (the book's `_convert_numpy`, §3.6.1).
 *
 * @param source The folder, format and files.
 * @returns The training and test images with their labels.
 * @throws {MnistFormatError} {@link MnistValueError} For bad files (see the parsers), or when a
 * split's image and label counts differ.
 * @throws {MnistNotFoundError} When a file vanished since it was found.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { encodeIdxImages, encodeIdxLabels } from "./idx_write.ts";
 * import { resolveMnistDir } from "./resolve.ts";
 * import { readMnistSource } from "./load.ts";
 * const dir = await Deno.makeTempDir();
 * const images = encodeIdxImages({ count: 1, rows: 28, cols: 28, pixels: new Uint8Array(784) });
 * for (const split of ["train", "t10k"]) {
 *   await Deno.writeFile(`${dir}/${split}-images-idx3-ubyte`, images);
 *   await Deno.writeFile(`${dir}/${split}-labels-idx1-ubyte`, encodeIdxLabels(new Uint8Array([6])));
 * }
 * const source = await resolveMnistDir({ dir });
 * const { train, test } = await readMnistSource(source);
 * assert.deepStrictEqual([source.format, train.count, test.labels[0]], ["idx", 1, 6]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readMnistSource(
  source: MnistSource,
): Promise<{ train: MnistLabeledImages; test: MnistLabeledImages }> {
  const { dataset } = source;
  const read = async <T>(
    parse: (bytes: Uint8Array, file: string, options: MnistParseOptions) => T,
    path: string,
  ): Promise<T> => parse(await readDataFile(dataset, path), path, { dataset });
  if (source.format === "csv") {
    const { train, test } = source.files;
    return { train: await read(parseMnistCsv, train), test: await read(parseMnistCsv, test) };
  }
  const f = source.files;
  const trainImages = await read(parseIdxImages, f.trainImages);
  const trainLabels = await read(parseIdxLabels, f.trainLabels);
  const train = pair(dataset, "training", trainImages, trainLabels, f.trainImages, f.trainLabels);
  const testImages = await read(parseIdxImages, f.testImages);
  const testLabels = await read(parseIdxLabels, f.testLabels);
  const test = pair(dataset, "test", testImages, testLabels, f.testImages, f.testLabels);
  return { train, test };
}

/**
 * Loads MNIST (or Fashion-MNIST): the book's `load_mnist(normalize=True,
 * flatten=True, one_hot_label=False)` (§3.6.1, `dataset/mnist.py`), from IDX
 * or CSV files found by {@linkcode resolveMnistDir}. Images are always flat
 * (784 values a row); `rows` and `cols` give the 28 × 28 shape.
 *
 * @param options Where to look (`dataset`, `dir`, `format`, `env`) and the
 * book's switches `normalize` (default true) and `oneHotLabel` (default false).
 * @returns `train` and `test`, each with `x` (a `count × 784` matrix of
 * `np.float32(p) / 255` values, or the pixel bytes), `t` (a `count × 10`
 * one-hot matrix, or the label bytes), and always `pixels`, `labels`, `count`,
 * `rows`, `cols`; plus the `source` read.
 * @throws {MnistNotFoundError} When a file is missing (the message says how to get it).
 * @throws {MnistFormatError} {@link MnistValueError} For a bad file, naming it and the offset or
 * line.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { formatMnistCsv } from "./csv_write.ts";
 * import { loadMnist } from "./load.ts";
 * const dir = await Deno.makeTempDir();
 * const pixels = new Uint8Array(784);
 * pixels[400] = 255;
 * const csv = formatMnistCsv({ count: 1, rows: 28, cols: 28, pixels, labels: new Uint8Array([3]) });
 * await Deno.writeFile(`${dir}/mnist_train.csv`, csv);
 * await Deno.writeFile(`${dir}/mnist_test.csv`, csv);
 * const { train, test } = await loadMnist({ dir, oneHotLabel: true });
 * assert.deepStrictEqual([train.x.rows, train.x.cols, train.x.data[400]], [1, 784, 1]);
 * assert.deepStrictEqual(Array.from(test.t.data), [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
 * assert.strictEqual(test.labels[0], 3);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadMnist<N extends boolean = true, O extends boolean = false>(
  options: LoadMnistOptions & { readonly normalize?: N; readonly oneHotLabel?: O } = {},
): Promise<MnistData<MnistX<N>, MnistT<O>>> {
  const { normalize = true, oneHotLabel = false } = options;
  const source = await resolveMnistDir(options);
  const raw = await readMnistSource(source);
  const split = (s: MnistLabeledImages): MnistSplit<MnistX<N>, MnistT<O>> => ({
    ...s,
    x: (normalize ? normalizeImages(s) : s.pixels) as MnistX<N>,
    t: (oneHotLabel ? oneHotLabels(s.labels) : s.labels) as MnistT<O>,
  });
  return { source, train: split(raw.train), test: split(raw.test) };
}
