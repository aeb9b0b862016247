/**
 * A seeded random number generator that reproduces NumPy's legacy
 * `np.random.seed(int)` streams, so a run here starts from the same weights and
 * mini-batches as the book's NumPy code with the same seed (book §4.5:
 * `np.random.randn` for the initial weights, `np.random.choice` for batches).
 *
 * The generator is MT19937 seeded with `init_genrand`, exactly as
 * `np.random.seed(seed)` seeds it; uniform doubles, integers and batch indices
 * match NumPy bit for bit. Normals use NumPy's legacy polar method, whose `log`
 * is the C library's: where V8's `Math.log` rounds differently (a handful of
 * the 39,700 normals behind the book's initial weights) a normal differs from
 * NumPy's in the last bit or two. `tests/core/random_test.ts` counts them.
 *
 * @module
 */

import type { Matrix } from "./matrix.ts";

/** MT19937 state length in 32-bit words. */
const N = 624;
/** MT19937 middle word offset. */
const M = 397;
/** MT19937 twist matrix constant. */
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
/** 2**26: the high 27 bits of a double are shifted past the low 26. */
const TWO_POW_26 = 67108864;
/** 2**53: scales a 53-bit integer into [0, 1). */
const TWO_POW_53 = 9007199254740992;
const TWO_POW_32 = 4294967296;
/** Largest seed `np.random.seed(int)` accepts. */
const MAX_SEED = 0xffffffff;
/** Widest `randint` range: every value in it is then an exact double. */
const MAX_RANGE = 2 ** 53;

/**
 * A plain, JSON-able snapshot of a {@linkcode RandomState}: the same fields as
 * NumPy's `RandomState.get_state(legacy=False)` (MT19937 key and position, and
 * the cached normal), flattened.
 */
export interface RandomStateSnapshot {
  /** Always `"MT19937"`. */
  readonly bitGenerator: "MT19937";
  /** The 624 MT19937 state words, each an integer in [0, 2**32-1]. */
  readonly key: readonly number[];
  /** Index of the next word to temper, in [0, 624]; 624 means twist first. */
  readonly pos: number;
  /** Whether a second polar-method normal is cached for the next draw. */
  readonly hasGauss: boolean;
  /** The cached normal (0 when `hasGauss` is false, as in NumPy). */
  readonly gauss: number;
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object" && value !== null) return "an object";
  return String(value);
}

function checkSize(action: string, name: string, value: number): void {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new TypeError(`Cannot ${action} as ${name} must be an integer: ${name}=${show(value)}`);
  }
  if (value < 0) {
    throw new RangeError(`Cannot ${action} as ${name} must be non-negative: ${name}=${value}`);
  }
}

/** Checks a matrix shape's `rows` and `cols` as {@linkcode checkSize} does. */
function checkShape(action: string, rows: number, cols: number): void {
  checkSize(action, "rows", rows);
  checkSize(action, "cols", cols);
}

function checkSeed(seed: number): void {
  if (typeof seed !== "number") {
    throw new TypeError(`Cannot seed RandomState as the seed must be a number: seed=${show(seed)}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new RangeError(
      `Cannot seed RandomState as the seed must be an integer in [0, 2**32-1]: seed=${seed}`,
    );
  }
}

/**
 * MT19937 with NumPy's legacy `RandomState` distributions, seeded like
 * `np.random.seed(seed)`. All methods draw from one stream and fill arrays in
 * C (row-major) order, so the same calls in the same order give NumPy's values.
 *
 * Book §4.5 initializes `TwoLayerNet` with `0.01 * np.random.randn(784, 50)`
 * and picks batches with `np.random.choice(60000, 100)`; here that is
 * `rng.randnMatrix(784, 50)` scaled by 0.01 (or {@linkcode RandomState.fillRandn})
 * and `rng.choice(60000, 100)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { RandomState } from "./random.ts";
 * const rng = new RandomState(0); // np.random.seed(0)
 * assert.strictEqual(rng.random(), 0.5488135039273248); // np.random.rand()
 * assert.deepStrictEqual(rng.choice(60000, 3), new Uint32Array([42613, 52416, 45891]));
 * ```
 */
export class RandomState {
  #key = new Uint32Array(N);
  #pos = N;
  #hasGauss = false;
  #gauss = 0;

  /**
   * Seeds MT19937 as `np.random.seed(seed)` / `np.random.RandomState(seed)`
   * does for an integer seed (`init_genrand`, not `init_by_array`).
   *
   * @param seed An integer in [0, 2**32-1].
   * @throws {TypeError} When `seed` is not a number.
   * @throws {RangeError} When `seed` is not an integer in [0, 2**32-1].
   * @example
   * ```ts
   * import assert from "node:assert";
   * import { RandomState } from "./random.ts";
   * assert.strictEqual(new RandomState(42).nextUint32(), 1608637542);
   * assert.throws(() => new RandomState(-1), RangeError);
   * ```
   */
  constructor(seed: number) {
    this.seed(seed);
  }

  /**
   * Reseeds the generator in place, like `np.random.seed(seed)`: resets the
   * MT19937 state and clears the cached normal.
   *
   * @param seed An integer in [0, 2**32-1].
   * @throws {TypeError} When `seed` is not a number.
   * @throws {RangeError} When `seed` is not an integer in [0, 2**32-1].
   * @example
   * ```ts
   * import assert from "node:assert";
   * import { RandomState } from "./random.ts";
   * const rng = new RandomState(0);
   * const first = rng.standardNormal();
   * rng.standardNormal(); // takes the cached second normal
   * rng.seed(0);
   * assert.strictEqual(rng.standardNormal(), first);
   * ```
   */
  seed(seed: number): void {
    checkSeed(seed);
    const key = this.#key;
    let s = seed >>> 0;
    for (let i = 0; i < N; i++) {
      key[i] = s;
      // Knuth's 1812433253 recurrence (MT19937 init_genrand), modulo 2**32.
      s = (Math.imul(1812433253, (s ^ (s >>> 30)) >>> 0) + i + 1) >>> 0;
    }
    this.#pos = N;
    this.#hasGauss = false;
    this.#gauss = 0;
  }

  /** Regenerates all 624 words (the MT19937 twist). */
  #twist(): void {
    const key = this.#key;
    let i = 0;
    let y: number;
    for (; i < N - M; i++) {
      y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
      key[i] = key[i + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; i < N - 1; i++) {
      y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
      key[i] = key[i + M - N] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    y = (key[N - 1] & UPPER_MASK) | (key[0] & LOWER_MASK);
    key[N - 1] = key[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    this.#pos = 0;
  }

  /**
   * Draws one raw, tempered MT19937 output (NumPy's `random_raw()` for MT19937,
   * or `randint(0, 2**32, dtype=np.uint32)`).
   *
   * @returns An integer in [0, 2**32-1].
   * @example
   * ```ts
   * import assert from "node:assert";
   * import { RandomState } from "./random.ts";
   * const rng = new RandomState(0);
   * assert.deepStrictEqual([rng.nextUint32(), rng.nextUint32()], [2357136044, 2546248239]);
   * ```
   */
  nextUint32(): number {
    if (this.#pos === N) this.#twist();
    let y = this.#key[this.#pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /**
   * Draws one double in [0, 1) with 53 random bits, like `np.random.rand()`
   * (NumPy's `random_double`: the first word's top 27 bits, then the second
   * word's top 26 bits).
   *
   * @returns A double in [0, 1).
   * @example
   * ```ts
   * import assert from "node:assert";
   * import { RandomState } from "./random.ts";
   * assert.strictEqual(new RandomState(0).random(), 0.5488135039273248);
   * ```
   */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * TWO_POW_26 + b) / TWO_POW_53;
  }

  /**
   * Draws `size` doubles in [0, 1), like `np.random.rand(size)`.
   *
   * @param size Number of values, a non-negative integer.
   * @returns A new `Float64Array` of length `size`.
   * @throws {TypeError} When `size` is not an integer.
   * @throws {RangeError} When `size` is negative.
   * @example
   * ```ts
   * import assert from "node:assert";
   * import { RandomState } from "./random.ts";
   * assert.deepStrictEqual(
   *   new RandomState(0).rand(2),
   *   new Float64Array([0.5488135039273248, 0.7151893663724195]),
   * );
   * ```
   */
  rand(size: number): Float64Array {
    checkSize("draw rand() samples", "size", size);
    return this.#draw(size, () => this.random());
  }

  /**
   * {@linkcode RandomState.rand} as a `rows × cols` matrix, row-major: `np.random.rand(rows, cols)`.
   *
   * @example
   * ```ts
   * import assert from "node:assert";
   * import { RandomState } from "./random.ts";
   * const m = new RandomState(0).randMatrix(2, 3);
   * assert.deepStrictEqual([m.rows, m.cols], [2, 3]);
   * assert.strictEqual(m.data[1 * m.cols + 0], 0.5448831829968969); // rand(2, 3)[1, 0]
   * ```
   */
  randMatrix(rows: number, cols: number): Matrix {
    checkShape("draw randMatrix() samples", rows, cols);
    return { rows, cols, data: this.#draw(rows * cols, () => this.random()) };
  }

  /** `size` values of `next`, in order. */
  #draw(size: number, next: () => number): Float64Array {
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = next();
    return out;
  }

  /**
   * Draws one standard normal, like `np.random.randn()` (NumPy's legacy
   * `legacy_gauss`): Marsaglia's polar method, returning the second normal of
   * a pair and caching the first for the next call. Uses `Math.log`, which can
   * round differently from the C library's `log` that NumPy calls, so a rare
   * value differs from NumPy's in the last bit or two.
   *
   * @returns A standard normal double.
   * @example
   * ```ts
   * import assert from "node:assert";
   * import { RandomState } from "./random.ts";
   * const rng = new RandomState(0);
   * assert.strictEqual(rng.standardNormal(), 1.764052345967664);
   * assert.strictEqual(rng.standardNormal(), 0.4001572083672233); // the cached one
   * ```
   */
  standardNormal(): number {
    if (this.#hasGauss) {
      const cached = this.#gauss;
      this.#hasGauss = false;
      this.#gauss = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.random() - 1;
      x2 = 2 * this.random() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.#gauss = f * x1;
    this.#hasGauss = true;
    return f * x2;
  }

  /**
   * Draws `size` standard normals, like `np.random.randn(size)`.
   *
   * @param size Number of values, a non-negative integer.
   * @returns A new `Float64Array` of length `size`.
   * @throws {TypeError} When `size` is not an integer.
   * @throws {RangeError} When `size` is negative.
   * @example
   * ```ts
   * import assert from "node:assert";
   * import { RandomState } from "./random.ts";
   * const rng = new RandomState(0);
   * assert.deepStrictEqual(rng.randn(2), new Float64Array([1.764052345967664, 0.4001572083672233]));
   * ```
   */
  randn(size: number): Float64Array {
    checkSize("draw randn() samples", "size", size);
    return this.#draw(size, () => this.standardNormal());
  }

  /**
   * {@linkcode RandomState.randn} as a `rows × cols` matrix, row-major: `np.random.randn(rows, cols)`,
   * the book's initial weights (`weight_init_std * np.random.randn(input_size, hidden_size)`).
   *
   * @example
   * ```ts
   * import assert from "node:assert";
   * import { RandomState } from "./random.ts";
   * const w = new RandomState(0).randnMatrix(2, 3);
   * assert.strictEqual(w.data[1 * w.cols + 0], 2.240893199201458); // randn(2, 3)[1, 0]
   * ```
   */
  randnMatrix(rows: number, cols: number): Matrix {
    checkShape("draw randnMatrix() samples", rows, cols);
    return { rows, cols, data: this.#draw(rows * cols, () => this.standardNormal()) };
  }

  /**
   * Fills `out` in place with `scale` times standard normals, the book's
   * `weight_init_std * np.random.randn(...)` without a second array. Each value
   * is one multiplication `scale * z`, as in NumPy, so it matches
   * `0.01 * np.random.randn(...)` wherever the normal `z` matches.
   *
   * @param out The array to overwrite, in order.
   * @param scale Finite factor for every normal; 1 by default.
   * @returns `out`.
   * @throws {TypeError} When `out` is not a `Float64Array` or `scale` is not a number.
   * @throws {RangeError} When `scale` is not finite.
   * @example
   * ```ts
   * import assert from "node:assert";
   * import { RandomState } from "./random.ts";
   * const w1 = new Float64Array(2); // W1 = 0.01 * np.random.randn(2) after np.random.seed(0)
   * new RandomState(0).fillRandn(w1, 0.01);
   * assert.deepStrictEqual(w1, new Float64Array([0.01 * 1.764052345967664, 0.01 * 0.4001572083672233]));
   * ```
   */
  fillRandn(out: Float64Array, scale = 1): Float64Array {
    if (!(out instanceof Float64Array)) {
      throw new TypeError(
        `Cannot fill with normals as out must be a Float64Array: out=${show(out)}`,
      );
    }
    if (typeof scale !== "number") {
      throw new TypeError(
        `Cannot fill with normals as scale must be a number: scale=${show(scale)}`,
      );
    }
    if (!Number.isFinite(scale)) {
      throw new RangeError(`Cannot fill with normals as scale must be finite: scale=${scale}`);
    }
    for (let i = 0; i < out.length; i++) out[i] = scale * this.standardNormal();
    return out;
  }

  /**
   * Draws `size` integers uniformly from [low, high), like legacy
   * `np.random.randint(low, high, size)` with its default int64 dtype.
   *
   * NumPy's legacy algorithm, reproduced draw for draw: with `rng = high - low - 1`,
   * a range of one (`rng = 0`) returns `low` without drawing; `rng = 2**32-1`
   * uses raw words; a smaller `rng` draws one word a try, masks it with the
   * smallest `2**k - 1 >= rng`, and retries while it exceeds `rng`; a larger
   * `rng` does the same on 64-bit values made of two words (first word high).
   *
   * @param low Smallest value, an integer.
   * @param high One past the largest value, an integer; `high - low` at most 2**53
   *   and both within ±2**53, so every value is an exact double.
   * @param size Number of values, a non-negative integer.
   * @returns A new `Float64Array` of `size` integers.
   * @throws {TypeError} When an argument is not an integer.
   * @throws {RangeError} When `high <= low`, the range is too wide or `size` is negative.
   * @example
   * ```ts
   * import assert from "node:assert";
   * import { RandomState } from "./random.ts";
   * assert.deepStrictEqual(new RandomState(0).randint(-5, 5, 5), new Float64Array([0, -5, -2, -2, 2]));
   * ```
   */
  randint(low: number, high: number, size: number): Float64Array {
    const action = "draw randint() samples";
    for (const [name, value] of [["low", low], ["high", high]] as const) {
      if (typeof value !== "number" || !Number.isInteger(value)) {
        throw new TypeError(
          `Cannot ${action} as ${name} must be an integer: ${name}=${show(value)}`,
        );
      }
    }
    checkSize(action, "size", size);
    if (high <= low) {
      throw new RangeError(
        `Cannot ${action} as high must be greater than low: low=${low}, high=${high}`,
      );
    }
    if (
      Math.abs(low) > MAX_RANGE || Math.abs(high) > MAX_RANGE ||
      BigInt(high) - BigInt(low) > BigInt(MAX_RANGE)
    ) {
      throw new RangeError(
        `Cannot ${action} as low and high must lie in [-2**53, 2**53] at most 2**53 apart: ` +
          `low=${low}, high=${high}`,
      );
    }
    const out = new Float64Array(size);
    this.#fillBounded(out, low, high - low - 1);
    return out;
  }

  /**
   * Draws `size` indices uniformly from [0, n) with replacement, like legacy
   * `np.random.choice(n, size)` (book §4.5: `np.random.choice(train_size,
   * batch_size)`), which is `randint(0, n, size)` in NumPy's legacy generator.
   *
   * @param n Population size, an integer in [1, 2**32].
   * @param size Number of indices, a non-negative integer.
   * @returns A new `Uint32Array` of `size` indices.
   * @throws {TypeError} When `n` or `size` is not an integer.
   * @throws {RangeError} When `n` is outside [1, 2**32] or `size` is negative.
   * @example
   * ```ts
   * import assert from "node:assert";
   * import { RandomState } from "./random.ts";
   * const batchMask = new RandomState(0).choice(60000, 4); // np.random.choice(60000, 4)
   * assert.deepStrictEqual(batchMask, new Uint32Array([2732, 43567, 42613, 52416]));
   * ```
   */
  choice(n: number, size: number): Uint32Array {
    const action = "draw choice() samples";
    if (typeof n !== "number" || !Number.isInteger(n)) {
      throw new TypeError(`Cannot ${action} as n must be an integer: n=${show(n)}`);
    }
    if (n < 1 || n > TWO_POW_32) {
      throw new RangeError(`Cannot ${action} as n must be in [1, 2**32]: n=${n}`);
    }
    checkSize(action, "size", size);
    const out = new Uint32Array(size);
    this.#fillBounded(out, 0, n - 1);
    return out;
  }

  /** NumPy's `random_bounded_uint64_fill` with masked rejection: `out[i] = low + v`, v in [0, rng]. */
  #fillBounded(out: Float64Array | Uint32Array, low: number, rng: number): void {
    const size = out.length;
    if (rng === 0) {
      out.fill(low); // NumPy draws nothing for a range of one.
    } else if (rng === MAX_SEED) {
      for (let i = 0; i < size; i++) out[i] = low + this.nextUint32();
    } else if (rng < TWO_POW_32) {
      const mask = MAX_SEED >>> Math.clz32(rng);
      for (let i = 0; i < size; i++) {
        let v: number;
        do v = (this.nextUint32() & mask) >>> 0; while (v > rng);
        out[i] = low + v;
      }
    } else {
      // rng < 2**53: the high word keeps its smallest covering mask, the low word all bits.
      const hiMask = MAX_SEED >>> Math.clz32(Math.floor(rng / TWO_POW_32));
      for (let i = 0; i < size; i++) {
        let v: number;
        do {
          const hi = (this.nextUint32() & hiMask) >>> 0;
          v = hi * TWO_POW_32 + this.nextUint32();
        } while (v > rng);
        out[i] = low + v;
      }
    }
  }

  /**
   * Returns a plain, JSON-able snapshot of the generator (NumPy's
   * `get_state(legacy=False)`, flattened), to checkpoint a long run and resume
   * the exact stream later with {@linkcode RandomState.setState}.
   *
   * @returns A new snapshot; later draws do not change it.
   * @example
   * ```ts
   * import assert from "node:assert";
   * import { RandomState } from "./random.ts";
   * const rng = new RandomState(0);
   * rng.randn(3); // leaves a cached normal
   * const saved = JSON.stringify(rng.getState());
   * const expected = rng.randn(4);
   * const resumed = new RandomState(1);
   * resumed.setState(JSON.parse(saved));
   * assert.deepStrictEqual(resumed.randn(4), expected);
   * ```
   */
  getState(): RandomStateSnapshot {
    return {
      bitGenerator: "MT19937",
      key: Array.from(this.#key),
      pos: this.#pos,
      hasGauss: this.#hasGauss,
      gauss: this.#gauss,
    };
  }

  /**
   * Restores a snapshot from {@linkcode RandomState.getState} (or one converted
   * from NumPy's `get_state(legacy=False)`), after checking every field. The
   * generator is unchanged when the snapshot is rejected.
   *
   * @param state The snapshot; copied, not kept.
   * @throws {TypeError} When `state` or a field has the wrong type or `key` is not an array.
   * @throws {RangeError} When a field has a bad value (`key` not 624 words in
   *   [0, 2**32-1], `pos` outside [0, 624], `gauss` not finite, or an unknown generator).
   * @example
   * ```ts
   * import assert from "node:assert";
   * import { RandomState } from "./random.ts";
   * const a = new RandomState(7);
   * const b = new RandomState(0);
   * b.setState(a.getState());
   * assert.strictEqual(b.random(), a.random());
   * ```
   */
  setState(state: RandomStateSnapshot): void {
    const action = "set RandomState state";
    if (typeof state !== "object" || state === null || Array.isArray(state)) {
      throw new TypeError(`Cannot ${action} as the state must be an object: state=${show(state)}`);
    }
    const { bitGenerator, key, pos, hasGauss, gauss } = state;
    if (bitGenerator !== "MT19937") {
      throw new RangeError(
        `Cannot ${action} as bitGenerator must be "MT19937": bitGenerator=${show(bitGenerator)}`,
      );
    }
    if (!Array.isArray(key)) {
      throw new TypeError(`Cannot ${action} as key must be an array: key=${show(key)}`);
    }
    if (key.length !== N) {
      throw new RangeError(`Cannot ${action} as key must hold 624 words: key.length=${key.length}`);
    }
    for (let i = 0; i < N; i++) {
      const word = key[i];
      if (typeof word !== "number") {
        throw new TypeError(
          `Cannot ${action} as key words must be numbers: key[${i}]=${show(word)}`,
        );
      }
      if (!Number.isInteger(word) || word < 0 || word > MAX_SEED) {
        throw new RangeError(
          `Cannot ${action} as key words must be integers in [0, 2**32-1]: key[${i}]=${word}`,
        );
      }
    }
    if (typeof pos !== "number") {
      throw new TypeError(`Cannot ${action} as pos must be a number: pos=${show(pos)}`);
    }
    if (!Number.isInteger(pos) || pos < 0 || pos > N) {
      throw new RangeError(`Cannot ${action} as pos must be an integer in [0, 624]: pos=${pos}`);
    }
    if (typeof hasGauss !== "boolean") {
      throw new TypeError(
        `Cannot ${action} as hasGauss must be a boolean: hasGauss=${show(hasGauss)}`,
      );
    }
    if (typeof gauss !== "number") {
      throw new TypeError(`Cannot ${action} as gauss must be a number: gauss=${show(gauss)}`);
    }
    if (!Number.isFinite(gauss)) {
      throw new RangeError(`Cannot ${action} as gauss must be finite: gauss=${gauss}`);
    }
    this.#key.set(key);
    this.#pos = pos;
    this.#hasGauss = hasGauss;
    this.#gauss = gauss;
  }
}
