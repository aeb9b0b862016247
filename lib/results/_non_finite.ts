// The spellings results files use for the numbers JSON cannot hold: JSON strings in
// format.ts, bare cells in csv.ts.

/** `"NaN"`, `"Infinity"`, `"-Infinity"` and the numbers they stand for. */
export const NON_FINITE: { readonly [spelling: string]: number } = {
  "NaN": NaN,
  "Infinity": Infinity,
  "-Infinity": -Infinity,
};
