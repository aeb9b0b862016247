// Temporary: the old path of flags.ts + run.ts while the data and results folders are split
// in parallel branches; removed once they are merged.
export * from "./flags.ts";
export * from "./run.ts";
