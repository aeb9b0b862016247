/**
 * The command-line helpers the experiments and tools share (placeholder, to be
 * written with the folder's split).
 *
 * @module
 */

export * from "./cli.ts";
export * from "./progress.ts";
export * from "./mnist_flags.ts";
