// Vector natural log and log1p for f32x4 and f64x2: x = 2^k·m with m in [√½, √2) taken from the bits,
// f = m - 1, s = f/(2 + f), log(1+f) = f - f²/2 + s·(f²/2 + R(s²)). The JS backend (src/js/math.ts) runs
// the same algorithm. Constants: math/consts.ts.
//
// log_f32x4: musl/fdlibm logf (Lg1..Lg4). Max error 1 ulp over all positive float32 (subnormals scaled by
//   2^25 first). log(0) = -Inf, log(x < 0) = NaN, log(+Inf) = +Inf, NaN propagates. Tested by test/math.test.ts.
// log_f64x2: musl/fdlibm log (Lg1..Lg7). Max error 1 ulp; same specials. Tested by test/math.test.ts (within
//   1 ulp of V8's Math.log, bitwise equal to the JS backend's log).
// log1p(y) = log(u) + (y - (u - 1))/u with u = 1 + y: the quotient restores what rounding u lost, so the
//   error stays within 2 ulp of log1p for y >= -1 (log1p(-1) = -Inf; log1p(-0) is +0).
//
// vlog1pUnit(e) for e in [0, 1] (softplus' log1p(exp(-|x|))): float32 sums the atanh series 2s·Σ z^k/(2k+1)
//   with s = e/(2 + e): one division, no bit tricks, within 2 ulp (tested); float64 uses vlog1p.
import {
  L1P_C1, K, ZERO, ONE, TWO, HALF, INF, NEG_INF, NAN, LOG_MIN_NORMAL, LOG_SUB_SCALE, LOG_OFFSET, LOG_BIAS, LOG_SUB_K,
  LOG_MANT, LOG_SQRT_HALF, LOG_LN2_HI, LOG_LN2_LO, LOG_LG1, LOG_MAGIC,
} from "./consts";

/** Replaces the lanes of r where x is NaN or +Inf by x, where x = 0 by -Inf and where x < 0 by NaN. */
// @ts-ignore: decorator
@inline function logSpecials<T>(x: v128, r: v128): v128 {
  r = v128.bitselect(x, r, v128.or(v128.ne<T>(x, x), v128.eq<T>(x, K<T>(INF))));
  r = v128.bitselect(K<T>(NEG_INF), r, v128.eq<T>(x, K<T>(ZERO)));
  return v128.bitselect(K<T>(NAN), r, v128.lt<T>(x, K<T>(ZERO)));
}

/** ln(x) for four float32 lanes (see the header for accuracy). */
// @ts-ignore: decorator
@inline export function log_f32x4(x: v128): v128 {
  const sub = f32x4.lt(x, K<f32>(LOG_MIN_NORMAL));
  const xs = v128.bitselect(f32x4.mul(x, K<f32>(LOG_SUB_SCALE)), x, sub);
  const ix = i32x4.add(xs, K<f32>(LOG_OFFSET));
  const k = i32x4.sub(i32x4.sub(i32x4.shr_s(ix, 23), K<f32>(LOG_BIAS)), v128.and(sub, K<f32>(LOG_SUB_K)));
  const m = i32x4.add(v128.and(ix, K<f32>(LOG_MANT)), K<f32>(LOG_SQRT_HALF));
  const f = f32x4.sub(m, K<f32>(ONE));
  const s = f32x4.div(f, f32x4.add(K<f32>(TWO), f));
  const z = f32x4.mul(s, s);
  const w = f32x4.mul(z, z);
  const t1 = f32x4.mul(w, f32x4.add(K<f32>(LOG_LG1 + 1), f32x4.mul(w, K<f32>(LOG_LG1 + 3))));
  const t2 = f32x4.mul(z, f32x4.add(K<f32>(LOG_LG1), f32x4.mul(w, K<f32>(LOG_LG1 + 2))));
  const hfsq = f32x4.mul(f32x4.mul(K<f32>(HALF), f), f);
  const dk = f32x4.convert_i32x4_s(k);
  let r = f32x4.add(f32x4.mul(s, f32x4.add(hfsq, f32x4.add(t2, t1))), f32x4.mul(dk, K<f32>(LOG_LN2_LO)));
  r = f32x4.add(f32x4.add(f32x4.sub(r, hfsq), f), f32x4.mul(dk, K<f32>(LOG_LN2_HI)));
  return logSpecials<f32>(x, r);
}

/** ln(x) for two float64 lanes (see the header for accuracy). */
// @ts-ignore: decorator
@inline export function log_f64x2(x: v128): v128 {
  const sub = f64x2.lt(x, K<f64>(LOG_MIN_NORMAL));
  const xs = v128.bitselect(f64x2.mul(x, K<f64>(LOG_SUB_SCALE)), x, sub);
  const ix = i64x2.add(xs, K<f64>(LOG_OFFSET)); // (0x3ff00000 - 0x3fe6a09e) << 32
  const k = i64x2.sub(i64x2.sub(i64x2.shr_s(ix, 52), K<f64>(LOG_BIAS)), v128.and(sub, K<f64>(LOG_SUB_K)));
  const m = i64x2.add(v128.and(ix, K<f64>(LOG_MANT)), K<f64>(LOG_SQRT_HALF));
  const f = f64x2.sub(m, K<f64>(ONE));
  const hfsq = f64x2.mul(f64x2.mul(K<f64>(HALF), f), f);
  const s = f64x2.div(f, f64x2.add(K<f64>(TWO), f));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  let t1 = f64x2.add(K<f64>(LOG_LG1 + 3), f64x2.mul(w, K<f64>(LOG_LG1 + 5)));
  t1 = f64x2.mul(w, f64x2.add(K<f64>(LOG_LG1 + 1), f64x2.mul(w, t1)));
  let t2 = f64x2.add(K<f64>(LOG_LG1 + 4), f64x2.mul(w, K<f64>(LOG_LG1 + 6)));
  t2 = f64x2.mul(z, f64x2.add(K<f64>(LOG_LG1), f64x2.mul(w, f64x2.add(K<f64>(LOG_LG1 + 2), f64x2.mul(w, t2)))));
  const dk = f64x2.sub(i64x2.add(k, K<f64>(LOG_MAGIC)), K<f64>(LOG_MAGIC));
  let r = f64x2.add(f64x2.mul(s, f64x2.add(hfsq, f64x2.add(t2, t1))), f64x2.mul(dk, K<f64>(LOG_LN2_LO)));
  r = f64x2.add(f64x2.add(f64x2.sub(r, hfsq), f), f64x2.mul(dk, K<f64>(LOG_LN2_HI)));
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
  const one = K<T>(ONE);
  const u = v128.add<T>(one, y);
  const fix = v128.div<T>(v128.sub<T>(y, v128.sub<T>(u, one)), u);
  // u = 0 (y = -1) and u = +Inf need no correction (it would be 0/0 or Inf/Inf).
  const keep = v128.and(v128.ne<T>(u, K<T>(ZERO)), v128.ne<T>(u, K<T>(INF)));
  return v128.add<T>(vlog<T>(u), v128.and(fix, keep));
}

/** ln(1 + e) for e in [0, 1] (see the header). */
// @ts-ignore: decorator
@inline export function vlog1pUnit<T>(e: v128): v128 {
  if (sizeof<T>() == 8) return vlog1p<T>(e);
  const s = f32x4.div(e, f32x4.add(K<f32>(TWO), e));
  const z = f32x4.mul(s, s);
  let p = f32x4.add(f32x4.mul(K<f32>(L1P_C1 + 5), z), K<f32>(L1P_C1 + 4));
  p = f32x4.add(f32x4.mul(p, z), K<f32>(L1P_C1 + 3));
  p = f32x4.add(f32x4.mul(p, z), K<f32>(L1P_C1 + 2));
  p = f32x4.add(f32x4.mul(p, z), K<f32>(L1P_C1 + 1));
  p = f32x4.add(f32x4.mul(p, z), K<f32>(L1P_C1));
  const s2 = f32x4.add(s, s);
  return f32x4.add(s2, f32x4.mul(f32x4.mul(s2, z), p));
}
