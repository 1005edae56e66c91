// Vector exp for f32x4 and f64x2: range reduction x = n·ln2 + t, |t| <= ln2/2, a polynomial for exp(t),
// then scaling by 2^n in two steps (2^(n>>1) · 2^(n - (n>>1))) so that neither factor leaves the normal
// range: results overflow to +Inf and underflow gradually through the subnormals exactly where exp does.
// The same algorithms run in the JS backend (src/js/math.ts), so the backends agree. Constants: math/consts.ts.
//
// exp_f32x4: XNNPACK's rr2 scheme (two-constant Cody-Waite reduction, magic-bias rounding), degree-6 polynomial.
//   Max error 2 ulp over all float32 inputs (measured 1.26 ulp: 0.29 from the polynomial, the rest from
//   rounding; the second scaling step can add one rounding in the subnormal range). exp(-Inf) = 0,
//   exp(+Inf) = +Inf, NaN propagates. Tested by test/math.test.ts (bit-pattern sweep against float64 Math.exp).
// exp_f64x2: fdlibm's e_exp.c (rational form 1 + 2r/(2 - c), Remez P1..P5). Max error < 1 ulp in the normal
//   range, 2 ulp with the subnormal rounding; same specials. Tested by test/math.test.ts (within 1 ulp of
//   V8's Math.exp over every exponent, and bitwise equal to the JS backend's exp).
//
// expneg (vexpneg): the same for x <= 0 with one scaling step, as XNNPACK's kernels do: the exponent bias
//   rides in the magic number, and results below the normal range (x < ln 2^-126, or ln 2^-1022 for f64) are
//   flushed to 0 (an absolute error below 1.2e-38). Equal to exp elsewhere on x <= 0 (tested). Used where the
//   argument is x - max or -|x| (softmax, cross-entropy, sigmoid-based losses): 8 fewer vector instructions.
import {
  K, ONE, TWO, EXP_HI, EXP_LO, EXP_LOG2E, EXP_MAGIC, EXP_LN2_HI, EXP_LN2_LO, EXP_C1, EXP_BIAS, EXPNEG_MAGIC,
  EXPNEG_CUTOFF,
} from "./consts";

/** e^x for four float32 lanes (see the header for accuracy). */
// @ts-ignore: decorator
@inline export function exp_f32x4(x: v128): v128 {
  // Clamp so that n fits the two-step scaling; pmin/pmax keep NaN (first operand) as it is.
  x = f32x4.pmax(f32x4.pmin(x, K<f32>(EXP_HI)), K<f32>(EXP_LO));
  let vn = f32x4.add(f32x4.mul(x, K<f32>(EXP_LOG2E)), K<f32>(EXP_MAGIC));
  const n = i32x4.sub(vn, K<f32>(EXP_MAGIC));
  vn = f32x4.sub(vn, K<f32>(EXP_MAGIC));
  let t = f32x4.sub(x, f32x4.mul(vn, K<f32>(EXP_LN2_HI)));
  t = f32x4.sub(t, f32x4.mul(vn, K<f32>(EXP_LN2_LO)));
  const n1 = i32x4.shr_s(n, 1);
  const s1 = i32x4.shl(i32x4.add(n1, K<f32>(EXP_BIAS)), 23);
  const s2 = i32x4.shl(i32x4.add(i32x4.sub(n, n1), K<f32>(EXP_BIAS)), 23);
  return f32x4.mul(poly_f32x4(t, s1), s2);
}

/** The polynomial part for float32: e^t·s ≈ s + (t·s)·p(t). */
// @ts-ignore: decorator
@inline function poly_f32x4(t: v128, s: v128): v128 {
  let p = f32x4.add(f32x4.mul(K<f32>(EXP_C1 + 5), t), K<f32>(EXP_C1 + 4));
  p = f32x4.add(f32x4.mul(p, t), K<f32>(EXP_C1 + 3));
  p = f32x4.add(f32x4.mul(p, t), K<f32>(EXP_C1 + 2));
  p = f32x4.add(f32x4.mul(p, t), K<f32>(EXP_C1 + 1));
  p = f32x4.add(f32x4.mul(p, t), K<f32>(ONE));
  return f32x4.add(s, f32x4.mul(f32x4.mul(t, s), p));
}

/** e^x for four float32 lanes with x <= 0 (see the header: flushed to 0 below the normal range). */
// @ts-ignore: decorator
@inline export function expneg_f32x4(x: v128): v128 {
  let vn = f32x4.add(f32x4.mul(x, K<f32>(EXP_LOG2E)), K<f32>(EXPNEG_MAGIC));
  const s = i32x4.shl(vn, 23);
  vn = f32x4.sub(vn, K<f32>(EXPNEG_MAGIC));
  let t = f32x4.sub(x, f32x4.mul(vn, K<f32>(EXP_LN2_HI)));
  t = f32x4.sub(t, f32x4.mul(vn, K<f32>(EXP_LN2_LO)));
  return v128.andnot(poly_f32x4(t, s), f32x4.lt(x, K<f32>(EXPNEG_CUTOFF)));
}

/** The rational part for float64: e^r given r = hi - lo (fdlibm). */
// @ts-ignore: decorator
@inline function rational_f64x2(hi: v128, lo: v128): v128 {
  const r = f64x2.sub(hi, lo);
  const r2 = f64x2.mul(r, r);
  let q = f64x2.add(f64x2.mul(r2, K<f64>(EXP_C1 + 4)), K<f64>(EXP_C1 + 3));
  q = f64x2.add(f64x2.mul(r2, q), K<f64>(EXP_C1 + 2));
  q = f64x2.add(f64x2.mul(r2, q), K<f64>(EXP_C1 + 1));
  q = f64x2.add(f64x2.mul(r2, q), K<f64>(EXP_C1));
  const c = f64x2.sub(r, f64x2.mul(r2, q));
  // e^r = 1 - ((lo - r·c/(2 - c)) - hi)
  const rc = f64x2.div(f64x2.mul(r, c), f64x2.sub(K<f64>(TWO), c));
  return f64x2.sub(K<f64>(ONE), f64x2.sub(f64x2.sub(lo, rc), hi));
}

/** e^x for two float64 lanes with x <= 0 (flushed to 0 below the normal range). */
// @ts-ignore: decorator
@inline export function expneg_f64x2(x: v128): v128 {
  let vn = f64x2.add(f64x2.mul(x, K<f64>(EXP_LOG2E)), K<f64>(EXPNEG_MAGIC));
  const s = i64x2.shl(vn, 52);
  vn = f64x2.sub(vn, K<f64>(EXPNEG_MAGIC));
  const hi = f64x2.sub(x, f64x2.mul(vn, K<f64>(EXP_LN2_HI)));
  const lo = f64x2.mul(vn, K<f64>(EXP_LN2_LO));
  return v128.andnot(f64x2.mul(rational_f64x2(hi, lo), s), f64x2.lt(x, K<f64>(EXPNEG_CUTOFF)));
}

/** e^x for two float64 lanes (see the header for accuracy). */
// @ts-ignore: decorator
@inline export function exp_f64x2(x: v128): v128 {
  x = f64x2.pmax(f64x2.pmin(x, K<f64>(EXP_HI)), K<f64>(EXP_LO));
  let vn = f64x2.add(f64x2.mul(x, K<f64>(EXP_LOG2E)), K<f64>(EXP_MAGIC));
  const n = i64x2.sub(vn, K<f64>(EXP_MAGIC));
  vn = f64x2.sub(vn, K<f64>(EXP_MAGIC));
  const hi = f64x2.sub(x, f64x2.mul(vn, K<f64>(EXP_LN2_HI)));
  const lo = f64x2.mul(vn, K<f64>(EXP_LN2_LO));
  const y = rational_f64x2(hi, lo);
  const n1 = i64x2.shr_s(n, 1);
  const s1 = i64x2.shl(i64x2.add(n1, K<f64>(EXP_BIAS)), 52);
  const s2 = i64x2.shl(i64x2.add(i64x2.sub(n, n1), K<f64>(EXP_BIAS)), 52);
  return f64x2.mul(f64x2.mul(y, s1), s2);
}

/** e^x lane-wise for x <= 0, flushed to 0 below the normal range (see the header). */
// @ts-ignore: decorator
@inline export function vexpneg<T>(x: v128): v128 {
  if (sizeof<T>() == 4) return expneg_f32x4(x);
  return expneg_f64x2(x);
}

/** e^x lane-wise for the element type T (f32 → f32x4, f64 → f64x2). */
// @ts-ignore: decorator
@inline export function vexp<T>(x: v128): v128 {
  if (sizeof<T>() == 4) return exp_f32x4(x);
  return exp_f64x2(x);
}
