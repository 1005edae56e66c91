// Scalar versions of the kernels' vector math (assembly/math/*.ts), the same algorithms in the same order of
// operations, evaluated in float64: exp is fdlibm's (as exp_f64x2), log fdlibm's (V8's Math.log; the kernels
// use musl's variant), log1p the same corrected form. For float32 data the JS backend uses the float32 kernels' cheaper algorithms,
// exp32 (exp_f32x4's degree-6 polynomial), log32 / log1p32 (log_f32x4's) and log1pUnit32 (vlog1pUnit's atanh
// series), still in float64 and rounded on store. Accuracy (tested in test/math.test.ts): exp and log within 1 ulp of Math.* in the normal
// range, log1p within 2; exp32 and log1pUnit32 within 2 float32 ulp, log32 and log1p32 within 1.

const LOG2E = 1.4426950408889634;
const MAGIC = 6755399441055744; // 0x1.8p52: adding it rounds to an integer
const LN2_HI = 6.93147180369123816490e-01;
const LN2_LO = 1.90821492927058770002e-10;
const P1 = 1.66666666666666019037e-01;
const P2 = -2.77777777770155933842e-03;
const P3 = 6.61375632143793436117e-05;
const P4 = -1.65339022054652515390e-06;
const P5 = 4.13813679705723846039e-08;

// 2^k for the two-step scaling, k in [-POW2_OFFSET, POW2_OFFSET]
const POW2_OFFSET = 1100;
const POW2 = new Float64Array(2 * POW2_OFFSET + 1);
for (let k = -POW2_OFFSET; k <= POW2_OFFSET; k++) POW2[k + POW2_OFFSET] = 2 ** k;

/** e^x (see the header). */
export function exp(x: number): number {
  x = 710 < x ? 710 : x < -746 ? -746 : x;
  const vn = x * LOG2E + MAGIC;
  const n = vn - MAGIC;
  const hi = x - n * LN2_HI;
  const lo = n * LN2_LO;
  const r = hi - lo;
  const r2 = r * r;
  let q = r2 * P5 + P4;
  q = r2 * q + P3;
  q = r2 * q + P2;
  q = r2 * q + P1;
  const c = r - r2 * q;
  const y = 1 - ((lo - (r * c) / (2 - c)) - hi);
  if (n !== n) return y; // NaN
  const n1 = Math.floor(n / 2);
  return y * POW2[n1 + POW2_OFFSET] * POW2[n - n1 + POW2_OFFSET];
}

// exp32: exp_f32x4's constants (assembly/math/consts.ts), as float32 values
const F32_LN2_HI = 0.693145751953125; // 0x3F317200
const F32_LN2_LO = 1.428606765330187e-6; // 0x35BFBE8E (in float64 the two parts add to ln 2 within 1e-14)
const C2 = 0.4999999403953552; // 0x3EFFFFFE
const C3 = 0.16666431725025177; // 0x3E2AAA0D
const C4 = 0.04166800156235695; // 0x3D2AAC11
const C5 = 0.00837415549904108; // 0x3C0933C1
const C6 = 0.0013843653723597527; // 0x3AB57398

/** e^x to float32 accuracy: exp_f32x4's reduction and polynomial, in float64 (see the header). */
export function exp32(x: number): number {
  x = 89 < x ? 89 : x < -150 ? -150 : x;
  const vn = x * LOG2E + MAGIC;
  const n = vn - MAGIC;
  const t = x - n * F32_LN2_HI - n * F32_LN2_LO;
  const p = ((((C6 * t + C5) * t + C4) * t + C3) * t + C2) * t + 1;
  if (n !== n) return p;
  return (1 + t * p) * POW2[(n | 0) + POW2_OFFSET]; // an int32 index: a double index takes a slow path
}

/** ln(1 + e) for e in [0, 1] to float32 accuracy: vlog1pUnit's atanh series, in float64. */
export function log1pUnit32(e: number): number {
  const s = e / (2 + e);
  const z = s * s;
  const p = ((((z / 13 + 1 / 11) * z + 1 / 9) * z + 1 / 7) * z + 1 / 5) * z + 1 / 3;
  return 2 * s + 2 * s * z * p;
}

/**
 * ln(x): V8's Math.log, itself a port of fdlibm's e_log.c, the algorithm of the kernels' log_f64x2 (which
 * follows musl's variant of it: the two agree within 1 ulp, tested). A JS port of the bit manipulation
 * (typed-array aliasing) ran 4x slower than the native call.
 */
export const log = Math.log;

/** ln(1 + y) for y >= -1 (see the header). */
export function log1p(y: number): number {
  const u = 1 + y;
  const l = log(u);
  return u === 0 || u === Infinity ? l : l + (y - (u - 1)) / u;
}

// log32, log1p32: log_f32x4's algorithm (musl's logf: x = 2^k·m with m in [√½, √2), f = m - 1, s = f/(2 + f),
// Lg1 … Lg4) in float64, with the reduction read off the float64's high word and applied by an exact power of two
// (writing the word back would stall the load after it): float32 accuracy without a runtime call (V8's Math.log
// costs about 11 ns a call on this kind of machine, log32 about 7). For float32 data only.
const WORDS = new Float64Array(1);
const HIGH_WORD = new Int32Array(WORDS.buffer, new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 4 : 0, 1);
const LG1 = 0xaaaaaa * 2 ** -24, LG2 = 0xccce13 * 2 ** -25, LG3 = 0x91e9ee * 2 ** -25, LG4 = 0xf89e26 * 2 ** -26;

/** ln(x) to float32 accuracy (see above); zero, negatives, subnormals, Inf and NaN go to Math.log. */
export function log32(x: number): number {
  WORDS[0] = x;
  const hx = HIGH_WORD[0] + (0x3ff00000 - 0x3fe6a09e);
  if (!(x > 2.2250738585072014e-308 && x < Infinity)) return Math.log(x);
  const k = (hx >> 20) - 0x3ff;
  const f = x * POW2[POW2_OFFSET - k] - 1;
  const s = f / (2 + f), z = s * s, w = z * z;
  const hfsq = 0.5 * f * f;
  return s * (hfsq + z * (LG1 + w * LG3) + w * (LG2 + w * LG4)) - hfsq + f + k * Math.LN2;
}

/** ln(1 + y) for y >= -1 to float32 accuracy: log1p's corrected form on log32 (no correction when 1 + y is exact). */
export function log1p32(y: number): number {
  const u = 1 + y;
  const l = log32(u);
  return u - 1 === y || u === 0 || u === Infinity ? l : l + (y - (u - 1)) / u;
}

/** σ(x) given e = exp(-|x|). */
export function sigmoidFromE(x: number, e: number): number {
  const r = 1 / (1 + e);
  return x < 0 ? e * r : r;
}

/** log σ(x) given e = exp(-|x|). */
export function logSigmoidFromE(x: number, e: number): number {
  return (0 < x ? 0 : x) - log1p(e);
}
