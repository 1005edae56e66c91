// Mirror of assembly/math/atan.ts: fdlibm's float64 arctangent, the same operations in the same order (so equal
// to the kernel's to the bit). Accuracy: see the kernel's header.

// atan(c) for c = 1/2, 1, 3/2, ∞, as high and low parts
const HI0 = 4.63647609000806093515e-01, HI1 = 7.85398163397448278999e-01;
const HI2 = 9.82793723247329054082e-01, HI3 = 1.57079632679489655800e+00;
const LO0 = 2.26987774529616870924e-17, LO1 = 3.06161699786838301793e-17;
const LO2 = 1.39033110312309984516e-17, LO3 = 6.12323399573676603587e-17;
const A0 = 3.33333333333329318027e-01, A1 = -1.99999999998764832476e-01;
const A2 = 1.42857142725034663711e-01, A3 = -1.11111104054623557880e-01;
const A4 = 9.09088713343650656196e-02, A5 = -7.69187620504482999495e-02;
const A6 = 6.66107313738753120669e-02, A7 = -5.83357013379057348645e-02;
const A8 = 4.97687799461593236017e-02, A9 = -3.65315727442169155270e-02;
const A10 = 1.62858201153657823623e-02;

/** atan(x) in float64. */
export function atan(x: number): number {
  const a = Math.abs(x);
  let t = a, hi = 0, lo = 0;
  if (a < 0.4375) { /* (no reduction) */ }
  else if (a < 0.6875) { t = (2 * a - 1) / (2 + a); hi = HI0; lo = LO0; }
  else if (a < 1.1875) { t = (a - 1) / (a + 1); hi = HI1; lo = LO1; }
  else if (a < 2.4375) { t = (a - 1.5) / (1 + 1.5 * a); hi = HI2; lo = LO2; }
  else { t = -1 / a; hi = HI3; lo = LO3; }
  const z = t * t, w = z * z;
  const s1 = z * (A0 + w * (A2 + w * (A4 + w * (A6 + w * (A8 + w * A10)))));
  const s2 = w * (A1 + w * (A3 + w * (A5 + w * (A7 + w * A9))));
  const r = hi - ((t * (s1 + s2) - lo) - t);
  return x < 0 || Object.is(x, -0) ? -r : r; // (f64.copysign)
}
