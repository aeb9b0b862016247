/**
 * Results files, figures and the diff library (placeholder, to be written with
 * the folder's split).
 *
 * @module
 */

export * from "./results.ts";
export * from "./diff.ts";
export * from "./plot.ts";
