/**
 * The records the kernel `near_logs` (wasm/numgrad.wat) starts from: a
 * perturbed row's loss term is log(p') with p' within a few parts in 10^5 of
 * its unperturbed row's p, so log(p') = log(p) + log1p((p' − p)/p), with
 * log(p) as the double-double L_hi + L_lo. L_hi is the unperturbed term
 * (Math.log(p), correctly rounded); L_lo = log(p) − L_hi comes from
 * exp(−L_hi) in double-double: p·exp(−L_hi) = exp(L_lo) = 1 + y, so
 * L_lo = y − y²/2 (|y| < 2^-52, the rest below 2^-150).
 *
 * @module
 */

/** Veltkamp's splitting constant 2^27 + 1. */
const SPLIT = 134217729;
/** ln 2 in three parts: L1 and L2 of 32 bits (k·L1 and k·L2 exact for |k| < 2^20), L3 the rest (tools: mpmath). */
const LN2_1 = 0.6931471803691238, LN2_2 = 1.9082149288430703e-10, LN2_3 = 4.275175589747649e-20;

/** hi + lo = a + b exactly (Knuth's TwoSum); the pair in `out`. */
function twoSum(a: number, b: number, out: Float64Array): void {
  const s = a + b, bb = s - a;
  out[0] = s;
  out[1] = (a - (s - bb)) + (b - bb);
}

/** hi + lo = a · b exactly (Dekker's TwoProduct); the pair in `out`. */
function twoProd(a: number, b: number, out: Float64Array): void {
  const p = a * b;
  const ca = SPLIT * a, a1 = ca - (ca - a), a2 = a - a1;
  const cb = SPLIT * b, b1 = cb - (cb - b), b2 = b - b1;
  out[0] = p;
  out[1] = ((a1 * b1 - p) + a1 * b2 + a2 * b1) + a2 * b2;
}

const t = new Float64Array(2), u = new Float64Array(2);

/** (ah + al) · (bh + bl) in double-double (relative error about 2^-104), into `out`. */
function ddMul(ah: number, al: number, bh: number, bl: number, out: Float64Array): void {
  twoProd(ah, bh, t);
  const lo = t[1] + (ah * bl + al * bh);
  twoSum(t[0], lo, out);
}

/** (ah + al) + (bh + bl) in double-double, into `out`. */
function ddAdd(ah: number, al: number, bh: number, bl: number, out: Float64Array): void {
  twoSum(ah, bh, t);
  twoSum(t[0], t[1] + al + bl, out);
}

const r = new Float64Array(2), term = new Float64Array(2), sum = new Float64Array(2);

/**
 * exp(x) in double-double for |x| < 700: x = k·ln2 + r with r in
 * double-double, then exp(r/256) by its Taylor series to r^12 (|r/256| <
 * 2^-9.4, the tail below 2^-120) squared eight times; relative error about 2^-98.
 */
function ddExp(x: number, out: Float64Array): void {
  const k = Math.round(x / LN2_1);
  twoSum(x - k * LN2_1, -k * LN2_2, r); // x − k·L1 is exact (Sterbenz)
  twoSum(r[0], r[1] - k * LN2_3, r);
  const rh = r[0] / 256, rl = r[1] / 256; // exact: a power of two
  sum[0] = 1;
  sum[1] = 0;
  term[0] = 1;
  term[1] = 0;
  for (let i = 1; i <= 12; i++) {
    ddMul(term[0], term[1], rh, rl, term);
    const th = term[0] / i, tl = (term[1] + (term[0] - th * i) - twoProdError(th, i)) / i;
    term[0] = th;
    term[1] = tl;
    ddAdd(sum[0], sum[1], th, tl, sum);
  }
  for (let i = 0; i < 8; i++) ddMul(sum[0], sum[1], sum[0], sum[1], sum);
  const scale = 2 ** k;
  out[0] = sum[0] * scale;
  out[1] = sum[1] * scale;
}

/** The error of th · i (i a small integer), for dividing a double-double by i. */
function twoProdError(a: number, b: number): number {
  twoProd(a, b, u);
  return u[1];
}

const e = new Float64Array(2), py = new Float64Array(2);

/**
 * log(p) − L_hi for L_hi = Math.log(p), for positive normal p with
 * |L_hi| < 700. Its error is about 2^-98 absolute (the double-double exp's),
 * at most 2^-24 of an ulp of L_hi on 3,000 probabilities checked against
 * mpmath at 300 bits (the worst near p = 1, where L_hi is tiny).
 *
 * @param p The unperturbed row's probability (plus δ).
 * @param lHi Math.log(p).
 * @returns L_lo.
 */
export function logLow(p: number, lHi: number): number {
  ddExp(-lHi, e);
  ddMul(p, 0, e[0], e[1], py);
  const y = (py[0] - 1) + py[1]; // py[0] − 1 is exact (py[0] is within 2^-51 of 1)
  return y - y * y / 2;
}

/**
 * Writes the 48-byte record of `near_logs` at F[at…]: p, p·2^-14 (the largest
 * |p' − p| it serves; none for a p that is not positive and normal), L_hi,
 * L_lo, and p's Veltkamp halves.
 *
 * @param F The kernels' memory.
 * @param at Where, in f64 elements.
 * @param p The unperturbed row's probability (plus δ).
 * @param lHi Math.log(p), the row's loss term.
 */
export function logRecord(F: Float64Array, at: number, p: number, lHi: number): void {
  const usable = p >= 2 ** -1000 && p <= 2 ** 1000;
  const c = SPLIT * p, p1 = c - (c - p);
  F[at] = p;
  F[at + 1] = usable ? p * 2 ** -14 : -1;
  F[at + 2] = lHi;
  F[at + 3] = usable ? logLow(p, lHi) : 0;
  F[at + 4] = p1;
  F[at + 5] = p - p1;
}
