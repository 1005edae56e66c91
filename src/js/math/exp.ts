// Mirror of assembly/math/exp.ts, one lane at a time: the same operations in the same order, every float32
// operation rounded (Math.fround) as f32x4 rounds it, so each lane's result equals the kernel's to the bit
// (tested by test/backends-identical.test.ts). Accuracy: see the kernel's header. The integer steps (n from
// the magic-number sum, the 2^n scale factors built from exponent bits) are exact, so they are done with
// numbers and tables of the powers the bit patterns stand for.
import {
  type Elem, isF32, EXP_LOG2E32, EXP_LOG2E64, EXP_MAGIC32, EXP_MAGIC64, EXP_LN2_HI32, EXP_LN2_HI64, EXP_LN2_LO32,
  EXP_LN2_LO64, EXP_C32, EXP_P64, EXPNEG_MAGIC32, EXPNEG_MAGIC64, EXPNEG_CUTOFF32, EXPNEG_CUTOFF64, f32Bits, f64Bits,
} from './consts.js';
import { pmax, pmin } from './vec.js';

const fr = Math.fround;
const [C2, C3, C4, C5, C6] = EXP_C32;
const [P1, P2, P3, P4, P5] = EXP_P64;

// 2^k for the two scaling steps of exp (k in [-POW2_OFFSET, POW2_OFFSET], exact powers of two)
const POW2_OFFSET = 1100;
const POW2 = new Float64Array(2 * POW2_OFFSET + 1);
for (let k = -POW2_OFFSET; k <= POW2_OFFSET; k++) POW2[k + POW2_OFFSET] = 2 ** k;
const pow2 = (k: number): number => POW2[(k | 0) + POW2_OFFSET]; // NaN's k: any index (the lane is NaN anyway)

// expneg's scale is the magic sum's bits shifted into the exponent field: element b holds the value of the
// bit pattern b << 23 (float32) or b << 52 (float64), b = the low 9 or 12 bits of that sum.
const EXPNEG_SCALE32 = Float64Array.from({ length: 512 }, (_, b) => f32Bits(b << 23));
const EXPNEG_SCALE64 = Float64Array.from({ length: 4096 }, (_, b) => f64Bits((b << 20) | 0, 0));

/**
 * e^x for a float32 lane (exp_f32x4). Three of the kernel's float32 operations are exact, so their rounding
 * is left out (it would return its argument): vn - magic (both in one binade: an integer below 2^22), vn·LN2_HI
 * (|vn| <= 216 has 8 significant bits, LN2_HI 15) and x - vn·LN2_HI (Sterbenz: x is within a factor 2 of
 * vn·LN2_HI when vn ≠ 0, as x·log2e rounds to vn). Checked against the kernel over all 2^32 float32 inputs.
 */
export function exp_f32x4(x: number): number {
  x = pmax(pmin(x, 89), -150);
  let vn = fr(fr(x * EXP_LOG2E32) + EXP_MAGIC32);
  const n = vn - EXP_MAGIC32; // the integer i32x4.sub leaves: vn and the magic share their exponent
  vn = vn - EXP_MAGIC32; // (exact, as the next two operations: see exp_f32x4)
  let t = x - vn * EXP_LN2_HI32;
  t = fr(t - fr(vn * EXP_LN2_LO32));
  const n1 = n >> 1;
  return fr(poly_f32x4(t, pow2(n1)) * pow2(n - n1));
}

/** The polynomial part for float32: e^t·s ≈ s + (t·s)·p(t). */
function poly_f32x4(t: number, s: number): number {
  let p = fr(fr(C6 * t) + C5);
  p = fr(fr(p * t) + C4);
  p = fr(fr(p * t) + C3);
  p = fr(fr(p * t) + C2);
  p = fr(fr(p * t) + 1);
  return fr(s + fr(fr(t * s) * p));
}

/**
 * e^x for a float32 lane with x <= 0, flushed to 0 below the normal range (expneg_f32x4); the same exact
 * operations as in exp_f32x4 go unrounded (where x < the cutoff they may not be exact, but the lane is 0).
 */
export function expneg_f32x4(x: number): number {
  let vn = fr(fr(x * EXP_LOG2E32) + EXPNEG_MAGIC32);
  const s = EXPNEG_SCALE32[((vn - EXPNEG_MAGIC32) + 127) & 0x1FF];
  vn = vn - EXPNEG_MAGIC32; // (exact, as the next two operations: see exp_f32x4)
  let t = x - vn * EXP_LN2_HI32;
  t = fr(t - fr(vn * EXP_LN2_LO32));
  return x < EXPNEG_CUTOFF32 ? 0 : poly_f32x4(t, s);
}

/** The rational part for float64: e^r given r = hi - lo (fdlibm). */
function rational_f64x2(hi: number, lo: number): number {
  const r = hi - lo;
  const r2 = r * r;
  let q = r2 * P5 + P4;
  q = r2 * q + P3;
  q = r2 * q + P2;
  q = r2 * q + P1;
  const c = r - r2 * q;
  const rc = (r * c) / (2 - c);
  return 1 - ((lo - rc) - hi);
}

/** e^x for a float64 lane with x <= 0, flushed to 0 below the normal range (expneg_f64x2). */
export function expneg_f64x2(x: number): number {
  let vn = x * EXP_LOG2E64 + EXPNEG_MAGIC64;
  const s = EXPNEG_SCALE64[((vn - EXPNEG_MAGIC64) + 1023) & 0xFFF];
  vn = vn - EXPNEG_MAGIC64;
  const hi = x - vn * EXP_LN2_HI64;
  const lo = vn * EXP_LN2_LO64;
  return x < EXPNEG_CUTOFF64 ? 0 : rational_f64x2(hi, lo) * s;
}

/** e^x for a float64 lane (exp_f64x2). */
export function exp_f64x2(x: number): number {
  x = pmax(pmin(x, 710), -746);
  let vn = x * EXP_LOG2E64 + EXP_MAGIC64;
  const n = vn - EXP_MAGIC64;
  vn = vn - EXP_MAGIC64;
  const hi = x - vn * EXP_LN2_HI64;
  const lo = vn * EXP_LN2_LO64;
  const y = rational_f64x2(hi, lo);
  const n1 = n >> 1;
  return (y * pow2(n1)) * pow2(n - n1);
}

/** e^x lane-wise for x <= 0, flushed to 0 below the normal range. */
export function vexpneg(x: number, T: Elem): number {
  return isF32() ? expneg_f32x4(x) : expneg_f64x2(x);
}

/** e^x lane-wise for the element type T. */
export function vexp(x: number, T: Elem): number {
  return isF32() ? exp_f32x4(x) : exp_f64x2(x);
}
