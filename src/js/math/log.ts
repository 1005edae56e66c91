// Mirror of assembly/math/log.ts, one lane at a time: the same operations in the same order, every float32
// operation rounded (Math.fround), so each lane's result equals the kernel's to the bit (tested by
// test/backends-identical.test.ts). Accuracy: see the kernel's header. The exponent and mantissa are taken
// from the bits through a typed-array scratch, as the kernel's integer lanes take them.
import {
  type Elem, isF32, HI, LOG_MIN_NORMAL32, LOG_MIN_NORMAL64, LOG_SUB_SCALE32, LOG_SUB_SCALE64, LOG_LN2_HI32,
  LOG_LN2_HI64, LOG_LN2_LO32, LOG_LN2_LO64, LOG_LG32, LOG_LG64, L1P_C32,
} from './consts.js';

const fr = Math.fround;
const [LG1_32, LG2_32, LG3_32, LG4_32] = LOG_LG32;
const [LG1, LG2, LG3, LG4, LG5, LG6, LG7] = LOG_LG64;
const [Q3, Q5, Q7, Q9, Q11, Q13] = L1P_C32;

const F64 = new Float64Array(1);
const F32 = new Float32Array(F64.buffer, 0, 1);
const I32 = new Int32Array(F64.buffer);

/** Replaces r where x is NaN or +Inf by x, where x = 0 by -Inf and where x < 0 by NaN (logSpecials). */
function logSpecials(x: number, r: number): number {
  if (x !== x || x === Infinity) r = x;
  if (x === 0) r = -Infinity;
  return x < 0 ? NaN : r;
}

/** ln(x) for a float32 lane (log_f32x4); checked against the kernel over all 2^32 float32 inputs. */
export function log_f32x4(x: number): number {
  const sub = x < LOG_MIN_NORMAL32;
  F32[0] = sub ? fr(x * LOG_SUB_SCALE32) : x;
  const ix = (I32[0] + (0x3F800000 - 0x3F3504F3)) | 0;
  const k = ((ix >> 23) - 0x7F) - (sub ? 25 : 0);
  I32[0] = (ix & 0x007FFFFF) + 0x3F3504F3;
  const f = F32[0] - 1; // exact (Sterbenz: m in [√½, √2)), as 0.5·f and float32(k) below: not rounded
  const s = fr(f / fr(2 + f));
  const z = fr(s * s);
  const w = fr(z * z);
  const t1 = fr(w * fr(LG2_32 + fr(w * LG4_32)));
  const t2 = fr(z * fr(LG1_32 + fr(w * LG3_32)));
  const hfsq = fr((0.5 * f) * f);
  const dk = k;
  let r = fr(fr(s * fr(hfsq + fr(t2 + t1))) + fr(dk * LOG_LN2_LO32));
  r = fr(fr(fr(r - hfsq) + f) + fr(dk * LOG_LN2_HI32));
  return logSpecials(x, r);
}

/** ln(x) for a float64 lane (log_f64x2). */
export function log_f64x2(x: number): number {
  const sub = x < LOG_MIN_NORMAL64;
  F64[0] = sub ? x * LOG_SUB_SCALE64 : x;
  const ix = (I32[HI] + 0x00095F62) | 0; // the offset's low word is 0: only the high word changes
  const k = ((ix >> 20) - 0x3FF) - (sub ? 54 : 0);
  I32[HI] = (ix & 0x000FFFFF) + 0x3FE6A09E;
  const f = F64[0] - 1;
  const hfsq = (0.5 * f) * f;
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  let t1 = LG4 + w * LG6;
  t1 = w * (LG2 + w * t1);
  let t2 = LG5 + w * LG7;
  t2 = z * (LG1 + w * (LG3 + w * t2));
  const dk = k;
  let r = s * (hfsq + (t2 + t1)) + dk * LOG_LN2_LO64;
  r = ((r - hfsq) + f) + dk * LOG_LN2_HI64;
  return logSpecials(x, r);
}

/** ln(x) lane-wise for the element type T. */
export function vlog(x: number, T: Elem): number {
  return isF32() ? log_f32x4(x) : log_f64x2(x);
}

/** ln(1 + y) lane-wise for y >= -1: the correction term is added as +0 where u = 0 or u = +Inf. */
export function vlog1p(y: number, T: Elem): number {
  const u = T(1 + y);
  const fix = T(T(y - T(u - 1)) / u);
  const keep = u !== 0 && u !== Infinity;
  return T(vlog(u, T) + (keep ? fix : 0));
}

/** ln(1 + e) for e in [0, 1]: float32 sums the atanh series, float64 uses vlog1p. */
export function vlog1pUnit(e: number, T: Elem): number {
  if (!isF32()) return vlog1p(e, T);
  const s = fr(e / fr(2 + e));
  const z = fr(s * s);
  let p = fr(fr(Q13 * z) + Q11);
  p = fr(fr(p * z) + Q9);
  p = fr(fr(p * z) + Q7);
  p = fr(fr(p * z) + Q5);
  p = fr(fr(p * z) + Q3);
  const s2 = fr(s + s);
  return fr(s2 + fr(fr(s2 * z) * p));
}
