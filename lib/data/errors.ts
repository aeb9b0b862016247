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
  override readonly name = "MnistFormatError";
  /**
   * @param message What is wrong, where, and what was expected.
   * @param file The file.
   */
  constructor(message: string, readonly file: string) {
    super(message);
  }
}

/**
 * A well-formed data file with a bad value: label outside 0–9, pixel outside 0–255, checksum
 * mismatch. A `RangeError` (§3.6.1).
 */
export class MnistValueError extends RangeError {
  override readonly name = "MnistValueError";
  /**
   * @param message What is wrong, where, and what was expected.
   * @param file The file.
   */
  constructor(message: string, readonly file: string) {
    super(message);
  }
}

/**
 * A data file that is not there; the message says how to get it (the book's `load_mnist`
 * downloads instead, §3.6.1). A `Deno.errors.NotFound`.
 */
export class MnistNotFoundError extends Deno.errors.NotFound {
  override readonly name = "MnistNotFoundError";
  /**
   * @param message Which file is missing and how to provide it.
   * @param file The missing file.
   */
  constructor(message: string, readonly file: string) {
    super(message);
  }
}
