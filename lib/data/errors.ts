/**
 * The data layer's three errors (§3.6.1: what the book's `load_mnist` would
 * misread, crash on, or download instead). Each names the file it is about.
 *
 * @module
 */

/**
 * A malformed data file: wrong magic, dimensions, size or column count, non-integer text,
 * corrupt gzip, empty file. A `TypeError`. (§3.6.1: what the book's `load_mnist` would
 * misread or crash on.)
 */
export class MnistFormatError extends TypeError {
  /** The file (path or name) the error is about. */
  readonly file: string;
  /**
   * @param message What is wrong, where, and what was expected.
   * @param file The file.
   */
  constructor(message: string, file: string) {
    super(message);
    this.name = "MnistFormatError";
    this.file = file;
  }
}

/**
 * A well-formed data file with a bad value: label outside 0–9, pixel outside 0–255, checksum
 * mismatch. A `RangeError` (§3.6.1).
 */
export class MnistValueError extends RangeError {
  /** The file (path or name) the error is about. */
  readonly file: string;
  /**
   * @param message What is wrong, where, and what was expected.
   * @param file The file.
   */
  constructor(message: string, file: string) {
    super(message);
    this.name = "MnistValueError";
    this.file = file;
  }
}

/**
 * A data file that is not there; the message says how to get it (the book's `load_mnist`
 * downloads instead, §3.6.1). A `Deno.errors.NotFound`.
 */
export class MnistNotFoundError extends Deno.errors.NotFound {
  /** The missing file. */
  readonly file: string;
  /**
   * @param message Which file is missing and how to provide it.
   * @param file The missing file.
   */
  constructor(message: string, file: string) {
    super(message);
    this.name = "MnistNotFoundError";
    this.file = file;
  }
}
