/**
 * A result set: an experiment's CSV series and SVG figures and, written
 * last, its JSON, which lists every other file of the set with its SHA-256.
 * Each file is written atomically, but a run stopped between two files
 * (a kill during the writes) can leave a new `loss.csv` beside an old JSON;
 * with the digests in the JSON, {@linkcode verifyResultSet} (and
 * `deno task diff`) tells such a set from a whole one.
 *
 * An experiment reads:
 *
 * ```ts ignore
 * const set = resultSet(config.out, "04_train_two_layer_net");
 * await set.csv("loss.csv", ["iteration", "loss"], rows); // 04_train_two_layer_net.loss.csv
 * await set.svg("loss.svg", spec); //                        04_train_two_layer_net.loss.svg
 * await set.json(header, body); //                           04_train_two_layer_net.json, last
 * ```
 *
 * @module
 */

import { join } from "node:path";
import { writeBytesAtomic, writeTextAtomic } from "./atomic.ts";
import { formatCsv } from "./csv.ts";
import { formatResultsJson } from "./json.ts";
import { renderSvg, type VegaLiteSpec } from "./plot.ts";
import { sha256Hex } from "./sha256.ts";
import type { ExperimentHeader, ResultValue } from "./types.ts";

/** The writer of one experiment's result set (see the module doc). */
export interface ResultSet {
  /** The results directory. */
  readonly dir: string;
  /** The experiment, the stem of every file of the set. */
  readonly experiment: string;
  /**
   * Writes `<dir>/<experiment>.<name>` as CSV ({@linkcode formatCsv}).
   *
   * @param name `"csv"` or a name ending in `.csv`, e.g. `"loss.csv"`.
   * @param header Column names.
   * @param rows Rows with one cell per column.
   * @returns The path written.
   */
  csv(
    name: string,
    header: readonly string[],
    rows: readonly (readonly (number | string)[])[],
  ): Promise<string>;
  /**
   * Renders a figure ({@linkcode renderSvg}) and writes it as `<dir>/<experiment>.<name>`.
   *
   * @param name `"svg"` or a name ending in `.svg`, e.g. `"loss.svg"`.
   * @param spec The figure.
   * @returns The path written.
   */
  svg(name: string, spec: VegaLiteSpec): Promise<string>;
  /**
   * Waits for the set's other files, then writes `<dir>/<experiment>.json`
   * ({@linkcode formatResultsJson}) with their SHA-256 in the `sha256` block,
   * in the order they were started. After it, the set takes no more files.
   *
   * @param header The header; its `experiment` must be the set's.
   * @param body The results.
   * @returns The path written.
   */
  json(header: ExperimentHeader, body: { readonly [key: string]: ResultValue }): Promise<string>;
}

/** An experiment name: a plain file stem. */
const EXPERIMENT = /^[A-Za-z0-9_-]+$/;
/** A file's name within its set: dot-separated plain parts, ending in its extension. */
const MEMBER = /^(?:[A-Za-z0-9_-]+\.)*(csv|svg)$/;
/** How an error names a file of each kind. */
const ARTICLE = { csv: "a CSV", svg: "an SVG" } as const;

class ResultSetWriter implements ResultSet {
  readonly dir: string;
  readonly experiment: string;
  /** File name → its digest (filled in once hashed), in the order the writes started. */
  readonly #digests = new Map<string, Promise<string>>();
  #closed = false;

  constructor(dir: string, experiment: string) {
    this.dir = dir;
    this.experiment = experiment;
  }

  csv(
    name: string,
    header: readonly string[],
    rows: readonly (readonly (number | string)[])[],
  ): Promise<string> {
    const file = this.#claim(name, "csv");
    const text = formatCsv(header, rows); // a bad row throws here, before the file is recorded
    return this.#write(file, Promise.resolve(text));
  }

  svg(name: string, spec: VegaLiteSpec): Promise<string> {
    return this.#write(this.#claim(name, "svg"), renderSvg(spec));
  }

  async json(
    header: ExperimentHeader,
    body: { readonly [key: string]: ResultValue },
  ): Promise<string> {
    this.#checkOpen();
    if (header.experiment !== this.experiment) {
      throw new RangeError(
        `Cannot write a result set's JSON as its header must name the set's experiment: ` +
          `set=${this.experiment}, header=${header.experiment}`,
      );
    }
    this.#closed = true;
    const sha256: Record<string, string> = {};
    for (const [file, digest] of this.#digests) sha256[file] = await digest;
    const path = join(this.dir, `${this.experiment}.json`);
    await writeTextAtomic(path, formatResultsJson(header, body, { sha256 }));
    return path;
  }

  #checkOpen(): void {
    if (this.#closed) {
      throw new TypeError(
        `Cannot write to a result set as its JSON, the last file, is written: ` +
          `experiment=${this.experiment}`,
      );
    }
  }

  /** Checks the name and the set's state; returns the file name. */
  #claim(name: string, extension: "csv" | "svg"): string {
    this.#checkOpen();
    const m = MEMBER.exec(name);
    if (!m || m[1] !== extension) {
      throw new RangeError(
        `Cannot write to a result set as ${ARTICLE[extension]} file's name must be ` +
          `"${extension}" or end in ".${extension}", in letters, digits, _, - and dots: ` +
          `name=${name}`,
      );
    }
    const file = `${this.experiment}.${name}`;
    if (this.#digests.has(file)) {
      throw new RangeError(
        `Cannot write to a result set as each file is written once: file=${file}`,
      );
    }
    return file;
  }

  /** Writes `file` once its text is ready; records its digest in start order. */
  #write(file: string, text: Promise<string>): Promise<string> {
    const path = join(this.dir, file);
    const written = text.then(async (t) => {
      const bytes = new TextEncoder().encode(t);
      const digest = await sha256Hex(bytes);
      await writeBytesAtomic(path, bytes);
      return digest;
    });
    this.#digests.set(file, written);
    return written.then(() => path);
  }
}

/**
 * Starts an experiment's result set in `outDir`: its CSV and SVG files
 * through {@linkcode ResultSet.csv} and {@linkcode ResultSet.svg}, then, last,
 * its JSON through {@linkcode ResultSet.json}, which lists the other files
 * with their SHA-256 (a top-level `"sha256": { "<file name>": "<hex>", … }`
 * after `runtime`, in the order the writes started).
 *
 * @param outDir Results directory.
 * @param experiment The experiment, e.g. `"04_train_two_layer_net"`: the
 *   stem of every file of the set.
 * @returns The set's writer.
 * @throws {RangeError} When `experiment` is not a plain file stem.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseResultsJson, resultSet, sha256Hex, verifyResultSet } from "./mod.ts";
 * const dir = await Deno.makeTempDir();
 * const set = resultSet(dir, "99_example");
 * await set.csv("loss.csv", ["iteration", "loss"], [[0, 2.3], [1, 1.9]]);
 * const path = await set.json(
 *   { experiment: "99_example", section: "4.5", title: "An example", seed: 0, config: {} },
 *   { final: 1.9 },
 * );
 * const json = parseResultsJson(await Deno.readTextFile(path)) as { sha256: object };
 * const csv = await Deno.readFile(`${dir}/99_example.loss.csv`);
 * assert.deepStrictEqual(json.sha256, { "99_example.loss.csv": await sha256Hex(csv) });
 * assert.deepStrictEqual((await verifyResultSet(path)).problems, []);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function resultSet(outDir: string, experiment: string): ResultSet {
  if (typeof experiment !== "string" || !EXPERIMENT.test(experiment)) {
    throw new RangeError(
      `Cannot start a result set as the experiment must be a plain file stem ` +
        `(letters, digits, _ and -): experiment=${String(experiment)}`,
    );
  }
  return new ResultSetWriter(outDir, experiment);
}
