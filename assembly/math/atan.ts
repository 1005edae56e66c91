// Scalar float64 arctangent, fdlibm's s_atan.c: |x| is reduced to [0, 7/16] by atan(x) = atan(c) +
// atan((x - c)/(1 + x·c)) with c in {1/2, 1, 3/2, ∞}, then atan(t) = t - t·(s1 + s2), an odd polynomial of degree
// 23 in t; the sign of x is put back at the end. The range thresholds are fdlibm's high-word tests written as
// comparisons of |x|, without its shortcuts for |x| < 2^-27 and |x| >= 2^66 (where the general path gives the
// same). Max error 1 ulp (fdlibm's claim; test/math.test.ts: the JS mirror within 1 ulp of V8's Math.atan;
// test/backends-identical.test.ts: the CIoU kernel bitwise equal to the JS backend's). atan(±0) = ±0,
// atan(±Inf) = ±π/2, NaN propagates. Used by the box losses (losses/boxes.ts), which compute in float64.

// atan(c) for c = 1/2, 1, 3/2, ∞, as high and low parts
const HI0: f64 = 4.63647609000806093515e-01, HI1: f64 = 7.85398163397448278999e-01;
const HI2: f64 = 9.82793723247329054082e-01, HI3: f64 = 1.57079632679489655800e+00;
const LO0: f64 = 2.26987774529616870924e-17, LO1: f64 = 3.06161699786838301793e-17;
const LO2: f64 = 1.39033110312309984516e-17, LO3: f64 = 6.12323399573676603587e-17;
const A0: f64 = 3.33333333333329318027e-01, A1: f64 = -1.99999999998764832476e-01;
const A2: f64 = 1.42857142725034663711e-01, A3: f64 = -1.11111104054623557880e-01;
const A4: f64 = 9.09088713343650656196e-02, A5: f64 = -7.69187620504482999495e-02;
const A6: f64 = 6.66107313738753120669e-02, A7: f64 = -5.83357013379057348645e-02;
const A8: f64 = 4.97687799461593236017e-02, A9: f64 = -3.65315727442169155270e-02;
const A10: f64 = 1.62858201153657823623e-02;

/** atan(x) in float64 (see the header). */
export function atan(x: f64): f64 {
  const a = Math.abs(x);
  let t = a, hi: f64 = 0, lo: f64 = 0;
  if (a < 0.4375) {} // (no reduction)
  else if (a < 0.6875) { t = (2 * a - 1) / (2 + a); hi = HI0; lo = LO0; }
  else if (a < 1.1875) { t = (a - 1) / (a + 1); hi = HI1; lo = LO1; }
  else if (a < 2.4375) { t = (a - 1.5) / (1 + 1.5 * a); hi = HI2; lo = LO2; }
  else { t = -1 / a; hi = HI3; lo = LO3; }
  const z = t * t, w = z * z;
  const s1 = z * (A0 + w * (A2 + w * (A4 + w * (A6 + w * (A8 + w * A10)))));
  const s2 = w * (A1 + w * (A3 + w * (A5 + w * (A7 + w * A9))));
  return copysign<f64>(hi - ((t * (s1 + s2) - lo) - t), x);
}
