// Vector natural log and log1p for f32x4 and f64x2: x = 2^k·m with m in [√½, √2) taken from the bits,
// f = m - 1, s = f/(2 + f), log(1+f) = f - f²/2 + s·(f²/2 + R(s²)). The JS backend (src/js/math.ts) runs
// the same algorithm.
//
// log_f32x4: musl/fdlibm logf (Lg1..Lg4). Max error 1 ulp over all positive float32 (subnormals scaled by
//   2^25 first). log(0) = -Inf, log(x < 0) = NaN, log(+Inf) = +Inf, NaN propagates. Tested by test/math.test.ts.
// log_f64x2: musl/fdlibm log (Lg1..Lg7). Max error 1 ulp; same specials. Tested by test/math.test.ts (within
//   1 ulp of V8's Math.log, bitwise equal to the JS backend's log).
// log1p(y) = log(u) + (y - (u - 1))/u with u = 1 + y: the quotient restores what rounding u lost, so the
//   error stays within 2 ulp of log1p for y >= -1 (log1p(-1) = -Inf; log1p(-0) is +0).

// @ts-ignore: decorator
@inline const LG1_F32: f32 = reinterpret<f32>(0x3F2AAAAA); // 0xaaaaaa.0p-24
// @ts-ignore: decorator
@inline const LG2_F32: f32 = reinterpret<f32>(0x3ECCCE13); // 0xccce13.0p-25
// @ts-ignore: decorator
@inline const LG3_F32: f32 = reinterpret<f32>(0x3E91E9EE); // 0x91e9ee.0p-25
// @ts-ignore: decorator
@inline const LG4_F32: f32 = reinterpret<f32>(0x3E789E26); // 0xf89e26.0p-26
// @ts-ignore: decorator
@inline const LN2_HI_F32: f32 = reinterpret<f32>(0x3F317180); // 6.9313812256e-01
// @ts-ignore: decorator
@inline const LN2_LO_F32: f32 = reinterpret<f32>(0x3717F7D1); // 9.0580006145e-06

/** Replaces the lanes of r where x is NaN or +Inf by x, where x = 0 by -Inf and where x < 0 by NaN. */
// @ts-ignore: decorator
@inline function logSpecials<T>(x: v128, r: v128): v128 {
  const inf = v128.splat<T>(<T>Infinity);
  r = v128.bitselect(x, r, v128.or(v128.ne<T>(x, x), v128.eq<T>(x, inf)));
  r = v128.bitselect(v128.neg<T>(inf), r, v128.eq<T>(x, v128.splat<T>(0)));
  return v128.bitselect(v128.splat<T>(<T>NaN), r, v128.lt<T>(x, v128.splat<T>(0)));
}

/** ln(x) for four float32 lanes (see the header for accuracy). */
// @ts-ignore: decorator
@inline export function log_f32x4(x: v128): v128 {
  const sub = f32x4.lt(x, f32x4.splat(reinterpret<f32>(0x00800000))); // below the smallest normal
  const xs = v128.bitselect(f32x4.mul(x, f32x4.splat(33554432.0)), x, sub); // · 2^25
  const ix = i32x4.add(xs, i32x4.splat(0x3F800000 - 0x3F3504F3));
  const k = i32x4.sub(i32x4.sub(i32x4.shr_s(ix, 23), i32x4.splat(0x7F)), v128.and(sub, i32x4.splat(25)));
  const m = i32x4.add(v128.and(ix, i32x4.splat(0x007FFFFF)), i32x4.splat(0x3F3504F3));
  const f = f32x4.sub(m, f32x4.splat(1.0));
  const s = f32x4.div(f, f32x4.add(f32x4.splat(2.0), f));
  const z = f32x4.mul(s, s);
  const w = f32x4.mul(z, z);
  const t1 = f32x4.mul(w, f32x4.add(f32x4.splat(LG2_F32), f32x4.mul(w, f32x4.splat(LG4_F32))));
  const t2 = f32x4.mul(z, f32x4.add(f32x4.splat(LG1_F32), f32x4.mul(w, f32x4.splat(LG3_F32))));
  const hfsq = f32x4.mul(f32x4.mul(f32x4.splat(0.5), f), f);
  const dk = f32x4.convert_i32x4_s(k);
  let r = f32x4.add(f32x4.mul(s, f32x4.add(hfsq, f32x4.add(t2, t1))), f32x4.mul(dk, f32x4.splat(LN2_LO_F32)));
  r = f32x4.add(f32x4.add(f32x4.sub(r, hfsq), f), f32x4.mul(dk, f32x4.splat(LN2_HI_F32)));
  return logSpecials<f32>(x, r);
}

// @ts-ignore: decorator
@inline const LG1_F64: f64 = reinterpret<f64>(0x3FE5555555555593); // 6.666666666666735130e-01
// @ts-ignore: decorator
@inline const LG2_F64: f64 = reinterpret<f64>(0x3FD999999997FA04); // 3.999999999940941908e-01
// @ts-ignore: decorator
@inline const LG3_F64: f64 = reinterpret<f64>(0x3FD2492494229359); // 2.857142874366239149e-01
// @ts-ignore: decorator
@inline const LG4_F64: f64 = reinterpret<f64>(0x3FCC71C51D8E78AF); // 2.222219843214978396e-01
// @ts-ignore: decorator
@inline const LG5_F64: f64 = reinterpret<f64>(0x3FC7466496CB03DE); // 1.818357216161805012e-01
// @ts-ignore: decorator
@inline const LG6_F64: f64 = reinterpret<f64>(0x3FC39A09D078C69F); // 1.531383769920937332e-01
// @ts-ignore: decorator
@inline const LG7_F64: f64 = reinterpret<f64>(0x3FC2F112DF3E5244); // 1.479819860511658591e-01
// @ts-ignore: decorator
@inline const LN2_HI_F64: f64 = reinterpret<f64>(0x3FE62E42FEE00000); // 6.93147180369123816490e-01
// @ts-ignore: decorator
@inline const LN2_LO_F64: f64 = reinterpret<f64>(0x3DEA39EF35793C76); // 1.90821492927058770002e-10
// @ts-ignore: decorator
@inline const MAGIC_F64: f64 = reinterpret<f64>(0x4338000000000000); // 0x1.8p52: int64 → f64 by adding bits

/** ln(x) for two float64 lanes (see the header for accuracy). */
// @ts-ignore: decorator
@inline export function log_f64x2(x: v128): v128 {
  const sub = f64x2.lt(x, f64x2.splat(reinterpret<f64>(0x0010000000000000)));
  const xs = v128.bitselect(f64x2.mul(x, f64x2.splat(18014398509481984.0)), x, sub); // · 2^54
  const ix = i64x2.add(xs, i64x2.splat(0x0009_5F62_0000_0000)); // (0x3ff00000 - 0x3fe6a09e) << 32
  const k = i64x2.sub(i64x2.sub(i64x2.shr_s(ix, 52), i64x2.splat(0x3FF)), v128.and(sub, i64x2.splat(54)));
  const m = i64x2.add(v128.and(ix, i64x2.splat(0x000FFFFFFFFFFFFF)), i64x2.splat(0x3FE6A09E00000000));
  const f = f64x2.sub(m, f64x2.splat(1.0));
  const hfsq = f64x2.mul(f64x2.mul(f64x2.splat(0.5), f), f);
  const s = f64x2.div(f, f64x2.add(f64x2.splat(2.0), f));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  let t1 = f64x2.add(f64x2.splat(LG4_F64), f64x2.mul(w, f64x2.splat(LG6_F64)));
  t1 = f64x2.mul(w, f64x2.add(f64x2.splat(LG2_F64), f64x2.mul(w, t1)));
  let t2 = f64x2.add(f64x2.splat(LG5_F64), f64x2.mul(w, f64x2.splat(LG7_F64)));
  t2 = f64x2.mul(z, f64x2.add(f64x2.splat(LG1_F64), f64x2.mul(w, f64x2.add(f64x2.splat(LG3_F64), f64x2.mul(w, t2)))));
  const dk = f64x2.sub(i64x2.add(k, f64x2.splat(MAGIC_F64)), f64x2.splat(MAGIC_F64));
  let r = f64x2.add(f64x2.mul(s, f64x2.add(hfsq, f64x2.add(t2, t1))), f64x2.mul(dk, f64x2.splat(LN2_LO_F64)));
  r = f64x2.add(f64x2.add(f64x2.sub(r, hfsq), f), f64x2.mul(dk, f64x2.splat(LN2_HI_F64)));
  return logSpecials<f64>(x, r);
}

/** ln(x) lane-wise for the element type T. */
// @ts-ignore: decorator
@inline export function vlog<T>(x: v128): v128 {
  if (sizeof<T>() == 4) return log_f32x4(x);
  return log_f64x2(x);
}

/** ln(1 + y) lane-wise for y >= -1 (see the header). */
// @ts-ignore: decorator
@inline export function vlog1p<T>(y: v128): v128 {
  const one = v128.splat<T>(1);
  const u = v128.add<T>(one, y);
  const fix = v128.div<T>(v128.sub<T>(y, v128.sub<T>(u, one)), u);
  // u = 0 (y = -1) and u = +Inf need no correction (it would be 0/0 or Inf/Inf).
  const keep = v128.and(v128.ne<T>(u, v128.splat<T>(0)), v128.ne<T>(u, v128.splat<T>(<T>Infinity)));
  return v128.add<T>(vlog<T>(u), v128.and(fix, keep));
}
