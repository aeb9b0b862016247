// Mutations of valid data files for the property tests (not a test file itself): a valid file
// with bytes cut, flipped, inserted or set must parse to valid data or throw one of our errors.

import assert from "node:assert";
import fc from "fast-check";
import { MnistFormatError, type MnistImages, MnistValueError } from "../../lib/data/mod.ts";

/** One change to a file's bytes; `at` is taken modulo the length. */
export type Mutation =
  | { kind: "truncate"; at: number }
  | { kind: "flip"; at: number; mask: number }
  | { kind: "insert"; at: number; junk: Uint8Array }
  | { kind: "set"; at: number; value: number };

const JUNK_TEXT = [",", "\n", "\r", "\r\n", "-", "1.5", "abc", "999", "", " ", "\u00ff", "label"];

/** Any {@linkcode Mutation}, with CSV-ish junk for insertions half the time. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("flip" as const),
    at: fc.nat(),
    mask: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    junk: fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 8 }),
      fc.constantFrom(...JUNK_TEXT).map((s) => new TextEncoder().encode(s)),
    ),
  }),
  fc.record({
    kind: fc.constant("set" as const),
    at: fc.nat(),
    value: fc.integer({ min: 0, max: 255 }),
  }),
);

/** `bytes` with `m` applied (a copy); `headerBias` puts half the positions in the first 24 bytes. */
export function mutate(bytes: Uint8Array, m: Mutation, headerBias: boolean): Uint8Array {
  // Half the positions fall in the first 24 bytes, where the headers are.
  const at = headerBias && m.at % 2 === 0
    ? (m.at >> 1) % Math.min(24, bytes.length + 1)
    : m.at % (bytes.length + 1);
  switch (m.kind) {
    case "truncate":
      return bytes.slice(0, at);
    case "flip": {
      const b = bytes.slice();
      if (at < b.length) b[at] ^= m.mask;
      return b;
    }
    case "set": {
      const b = bytes.slice();
      if (at < b.length) b[at] = m.value;
      return b;
    }
    case "insert": {
      const b = new Uint8Array(bytes.length + m.junk.length);
      b.set(bytes.subarray(0, at));
      b.set(m.junk, at);
      b.set(bytes.subarray(at), at + m.junk.length);
      return b;
    }
  }
}

/** Whether `error` is one of our format or value errors, starting `prefix`, about `file`. */
export function isOurError(error: unknown, prefix: string, file: string): boolean {
  return (error instanceof MnistFormatError || error instanceof MnistValueError) &&
    error.message.startsWith(prefix) && error.message.includes(`file=${file}`) &&
    error.file === file;
}

/** Asserts at least one 28x28 image and the matching number of pixels. */
export function checkImages(images: MnistImages): void {
  assert.ok(images.count >= 1);
  assert.deepStrictEqual([images.rows, images.cols], [28, 28]);
  assert.strictEqual(images.pixels.length, images.count * 784);
}

/**
 * The property that one of `variants`, with one to three {@linkcode Mutation}s, either passes
 * `readBack(bytes, file)` or throws our error starting `Cannot read <what> as ` about `file`.
 */
export function mutationProperty(
  variants: readonly Uint8Array[],
  options: { readonly what: string; readonly file: string; readonly headerBias: boolean },
  readBack: (bytes: Uint8Array, file: string) => void,
): fc.IProperty<[number, Mutation[]]> {
  const { what, file, headerBias } = options;
  return fc.property(
    fc.nat({ max: variants.length - 1 }),
    fc.array(mutation, { minLength: 1, maxLength: 3 }),
    (v, ms) => {
      let bytes = variants[v];
      for (const m of ms) bytes = mutate(bytes, m, headerBias);
      try {
        readBack(bytes, file);
      } catch (error) {
        if (!isOurError(error, `Cannot read ${what} as `, file)) throw error;
      }
    },
  );
}

/** Runs and seed of the mutation properties. */
export const PROPERTY_RUNS = { numRuns: 250, seed: 20240311 };
