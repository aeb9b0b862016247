// What result_set.ts (the writer) and verify_set.ts (the checker) agree on: the JSON key that
// lists the set's files, and what a listed name and digest look like. The checker does not import
// the writer (which loads the figure renderer).

/** The top-level key of a result set's JSON: `{ "<file name>": "<sha256 hex>", … }`. */
export const SET_KEY = "sha256";

/** A name in the JSON's own folder: no folder part, not `.`-prefixed (temporary files). */
export const PLAIN_FILE_NAME = /^[^./\\][^/\\]*$/;

/** A SHA-256 digest as written: 64 lowercase hex digits. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;
