/**
 * The shapes the data layer hands around (§3.6.1): the image size and class
 * count, the two data sets and two file formats, images as bytes, and where a
 * data set's files were found. Types and constants only.
 *
 * @module
 */

/** Image height in pixels. */
export const MNIST_ROWS = 28;
/** Image width in pixels. */
export const MNIST_COLS = 28;
/** Pixels per image, the book's input size 784. */
export const MNIST_PIXELS = MNIST_ROWS * MNIST_COLS;
/** Number of classes (digits 0–9, or the ten Fashion-MNIST article types). */
export const MNIST_CLASSES = 10;

/** The data sets {@linkcode loadMnist} reads: same file layout, different images. */
export const MNIST_DATASETS = ["mnist", "fashion-mnist"] as const;
/** `"mnist"` (handwritten digits) or `"fashion-mnist"` (Zalando's article images). */
export type MnistDataset = typeof MNIST_DATASETS[number];
/** A file format {@linkcode loadMnist} reads. */
export type MnistFormat = "idx" | "csv";

/** Options of the IDX and CSV parsers. */
export interface MnistParseOptions {
  /**
   * The data set the file holds, named in error messages ("Cannot read Fashion-MNIST IDX
   * images as ..."); absent: IDX messages name only the format, CSV ones "MNIST CSV".
   */
  readonly dataset?: MnistDataset;
}

/** Images as bytes (§3.6.1): `count` images of `rows × cols` pixels, row-major, one after another. */
export interface MnistImages {
  /** Number of images. */
  readonly count: number;
  /** Image height (28). */
  readonly rows: number;
  /** Image width (28). */
  readonly cols: number;
  /** `count * rows * cols` pixels 0–255; pixel (r, c) of image i is at `i*rows*cols + r*cols + c`. */
  readonly pixels: Uint8Array;
}

/** Images with one label 0–9 each. */
export interface MnistLabeledImages extends MnistImages {
  /** `count` labels 0–9. */
  readonly labels: Uint8Array;
}

/** Where a data set's files are and in which format. */
export type MnistSource =
  & { readonly dataset: MnistDataset; readonly dir: string }
  & (
    | {
      readonly format: "idx";
      /** Paths of the four IDX files (each `.gz` or raw). */
      readonly files: {
        readonly trainImages: string;
        readonly trainLabels: string;
        readonly testImages: string;
        readonly testLabels: string;
      };
    }
    | {
      readonly format: "csv";
      /** Paths of the two CSV files. */
      readonly files: { readonly train: string; readonly test: string };
    }
  );
