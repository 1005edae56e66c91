// Vector exp for f32x4 and f64x2: range reduction x = n·ln2 + t, |t| <= ln2/2, a polynomial for exp(t),
// then scaling by 2^n in two steps (2^(n>>1) · 2^(n - (n>>1))) so that neither factor leaves the normal
// range: results overflow to +Inf and underflow gradually through the subnormals exactly where exp does.
// The same algorithms run in the JS backend (src/js/math.ts), so the backends agree.
//
// exp_f32x4: XNNPACK's rr2 scheme (two-constant Cody-Waite reduction, magic-bias rounding), degree-6 polynomial.
//   Max error 2 ulp over all float32 inputs (measured 1.26 ulp: 0.29 from the polynomial, the rest from
//   rounding; the second scaling step can add one rounding in the subnormal range). exp(-Inf) = 0, exp(+Inf) = +Inf, NaN propagates. Tested by
//   test/math.test.ts (bit-pattern sweep against float64 Math.exp).
// exp_f64x2: fdlibm's e_exp.c (rational form 1 + 2r/(2 - c), Remez P1..P5). Max error < 1 ulp in the normal
//   range, 2 ulp with the subnormal rounding; same specials. Tested by test/math.test.ts (within 1 ulp of
//   V8's Math.exp over every exponent, and bitwise equal to the JS backend's exp).

// @ts-ignore: decorator
@inline const MAGIC_F32: f32 = reinterpret<f32>(0x4B400000); // 0x1.8p23: adding it rounds to an integer
// @ts-ignore: decorator
@inline const LOG2E_F32: f32 = reinterpret<f32>(0x3FB8AA3B); // 0x1.715476p+0
// @ts-ignore: decorator
@inline const LN2_HI_F32: f32 = reinterpret<f32>(0x3F317200); // 0x1.62E400p-1, last 7 bits zero: n·hi is exact
// @ts-ignore: decorator
@inline const LN2_LO_F32: f32 = reinterpret<f32>(0x35BFBE8E); // 0x1.7F7D1Cp-20
// exp(t) ≈ 1 + t·(C1 + t·(C2 + … + t·C6)) on [-ln2/2, ln2/2]: a degree-6 relative-minimax fit (tools/fit-exp.py),
// 1.7e-8 relative error before rounding; XNNPACK's degree-5 p5 (9.2e-8) would leave 2.2 ulp overall.
// @ts-ignore: decorator
@inline const C6_F32: f32 = reinterpret<f32>(0x3AB57398); // 0x1.6ae730p-10
// @ts-ignore: decorator
@inline const C5_F32: f32 = reinterpret<f32>(0x3C0933C1); // 0x1.126782p-7
// @ts-ignore: decorator
@inline const C4_F32: f32 = reinterpret<f32>(0x3D2AAC11); // 0x1.555822p-5
// @ts-ignore: decorator
@inline const C3_F32: f32 = reinterpret<f32>(0x3E2AAA0D); // 0x1.55541ap-3
// @ts-ignore: decorator
@inline const C2_F32: f32 = reinterpret<f32>(0x3EFFFFFE); // 0x1.fffffcp-2

/** e^x for four float32 lanes (see the header for accuracy). */
// @ts-ignore: decorator
@inline export function exp_f32x4(x: v128): v128 {
  // Clamp so that n fits the two-step scaling; pmin/pmax keep NaN (first operand) as it is.
  x = f32x4.pmax(f32x4.pmin(x, f32x4.splat(89.0)), f32x4.splat(-150.0));
  let vn = f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E_F32)), f32x4.splat(MAGIC_F32));
  const n = i32x4.sub(vn, f32x4.splat(MAGIC_F32));
  vn = f32x4.sub(vn, f32x4.splat(MAGIC_F32));
  let t = f32x4.sub(x, f32x4.mul(vn, f32x4.splat(LN2_HI_F32)));
  t = f32x4.sub(t, f32x4.mul(vn, f32x4.splat(LN2_LO_F32)));
  let p = f32x4.add(f32x4.mul(f32x4.splat(C6_F32), t), f32x4.splat(C5_F32));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(C4_F32));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(C3_F32));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(C2_F32));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(1.0));
  const n1 = i32x4.shr_s(n, 1);
  const s1 = i32x4.shl(i32x4.add(n1, i32x4.splat(127)), 23);
  const s2 = i32x4.shl(i32x4.add(i32x4.sub(n, n1), i32x4.splat(127)), 23);
  const e = f32x4.add(s1, f32x4.mul(f32x4.mul(t, s1), p));
  return f32x4.mul(e, s2);
}

// @ts-ignore: decorator
@inline const MAGIC_F64: f64 = reinterpret<f64>(0x4338000000000000); // 0x1.8p52
// @ts-ignore: decorator
@inline const LOG2E_F64: f64 = reinterpret<f64>(0x3FF71547652B82FE); // 0x1.71547652b82fep+0
// @ts-ignore: decorator
@inline const LN2_HI_F64: f64 = reinterpret<f64>(0x3FE62E42FEE00000); // 0x1.62e42feep-1, n·hi exact
// @ts-ignore: decorator
@inline const LN2_LO_F64: f64 = reinterpret<f64>(0x3DEA39EF35793C76); // 0x1.a39ef35793c76p-33
// @ts-ignore: decorator
@inline const P1_F64: f64 = reinterpret<f64>(0x3FC555555555553E); // 1.66666666666666019037e-01
// @ts-ignore: decorator
@inline const P2_F64: f64 = reinterpret<f64>(0xBF66C16C16BEBD93); // -2.77777777770155933842e-03
// @ts-ignore: decorator
@inline const P3_F64: f64 = reinterpret<f64>(0x3F11566AAF25DE2C); // 6.61375632143793436117e-05
// @ts-ignore: decorator
@inline const P4_F64: f64 = reinterpret<f64>(0xBEBBBD41C5D26BF1); // -1.65339022054652515390e-06
// @ts-ignore: decorator
@inline const P5_F64: f64 = reinterpret<f64>(0x3E66376972BEA4D0); // 4.13813679705723846039e-08

/** e^x for two float64 lanes (see the header for accuracy). */
// @ts-ignore: decorator
@inline export function exp_f64x2(x: v128): v128 {
  x = f64x2.pmax(f64x2.pmin(x, f64x2.splat(710.0)), f64x2.splat(-746.0));
  let vn = f64x2.add(f64x2.mul(x, f64x2.splat(LOG2E_F64)), f64x2.splat(MAGIC_F64));
  const n = i64x2.sub(vn, f64x2.splat(MAGIC_F64));
  vn = f64x2.sub(vn, f64x2.splat(MAGIC_F64));
  const hi = f64x2.sub(x, f64x2.mul(vn, f64x2.splat(LN2_HI_F64)));
  const lo = f64x2.mul(vn, f64x2.splat(LN2_LO_F64));
  const r = f64x2.sub(hi, lo);
  const r2 = f64x2.mul(r, r);
  let q = f64x2.add(f64x2.mul(r2, f64x2.splat(P5_F64)), f64x2.splat(P4_F64));
  q = f64x2.add(f64x2.mul(r2, q), f64x2.splat(P3_F64));
  q = f64x2.add(f64x2.mul(r2, q), f64x2.splat(P2_F64));
  q = f64x2.add(f64x2.mul(r2, q), f64x2.splat(P1_F64));
  const c = f64x2.sub(r, f64x2.mul(r2, q));
  // e^r = 1 - ((lo - r·c/(2 - c)) - hi)
  const rc = f64x2.div(f64x2.mul(r, c), f64x2.sub(f64x2.splat(2.0), c));
  const y = f64x2.sub(f64x2.splat(1.0), f64x2.sub(f64x2.sub(lo, rc), hi));
  const n1 = i64x2.shr_s(n, 1);
  const s1 = i64x2.shl(i64x2.add(n1, i64x2.splat(1023)), 52);
  const s2 = i64x2.shl(i64x2.add(i64x2.sub(n, n1), i64x2.splat(1023)), 52);
  return f64x2.mul(f64x2.mul(y, s1), s2);
}

/** e^x lane-wise for the element type T (f32 → f32x4, f64 → f64x2). */
// @ts-ignore: decorator
@inline export function vexp<T>(x: v128): v128 {
  if (sizeof<T>() == 4) return exp_f32x4(x);
  return exp_f64x2(x);
}
