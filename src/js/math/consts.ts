// The constants of assembly/math/consts.ts as JS numbers: each kernel constant twice, as the float32 value the
// f32x4 code loads and as the float64 value the f64x2 code loads. Also the element-type markers the mirrored
// functions take in place of AssemblyScript's type parameter T.

// The element type of the kernel call being run: kernels.ts selects it (useElem) before each call. Every
// mirrored function takes the rounding T, always this one function (so that V8 inlines each `T(…)` site:
// two functions seen at one site were called out of line), and asks isF32() where the kernel's algorithm
// depends on sizeof<T>().
let single = true;
export type Elem = (v: number) => number;
/** Rounds a float64 result to the element type: Math.fround for float32, as is for float64. */
const T: Elem = (v) => (single ? Math.fround(v) : v);
/** Whether the element type is float32 (f32x4 lanes) rather than float64 (f64x2). */
export const isF32 = (): boolean => single;
/** Selects float32 (true) or float64 for the calls that follow; returns their T. */
export function useElem(float32: boolean): Elem { single = float32; return T; }

// Bit reinterpretation scratch (module level: no allocation per element).
const B64 = new Float64Array(1);
const B32 = new Float32Array(B64.buffer, 0, 1);
const W32 = new Int32Array(B64.buffer);
const LITTLE = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
/** Index into W32 of the high (sign and exponent) and low words of B64. */
export const HI = LITTLE ? 1 : 0;
const LO = 1 - HI;

/** The float32 with these bits. */
export function f32Bits(bits: number): number { W32[0] = bits; return B32[0]; }
/** The float64 with these high and low words. */
export function f64Bits(hi: number, lo: number): number { W32[HI] = hi; W32[LO] = lo; return B64[0]; }

// Shared values
export const BCE_EPS = Math.fround(1e-12); // PyTorch's float EPSILON, in every dtype

// exp (assembly/math/exp.ts)
export const EXP_LOG2E32 = f32Bits(0x3FB8AA3B), EXP_LOG2E64 = f64Bits(0x3FF71547, 0x652B82FE);
export const EXP_MAGIC32 = f32Bits(0x4B400000), EXP_MAGIC64 = f64Bits(0x43380000, 0);
export const EXP_LN2_HI32 = f32Bits(0x3F317200), EXP_LN2_HI64 = f64Bits(0x3FE62E42, 0xFEE00000 | 0);
export const EXP_LN2_LO32 = f32Bits(0x35BFBE8E), EXP_LN2_LO64 = f64Bits(0x3DEA39EF, 0x35793C76);
/** f32: C2 … C6 of the degree-6 polynomial (index k holds C(k+2)). */
export const EXP_C32 = [0x3EFFFFFE, 0x3E2AAA0D, 0x3D2AAC11, 0x3C0933C1, 0x3AB57398].map(f32Bits);
/** f64: fdlibm's P1 … P5 (index k holds P(k+1)). */
export const EXP_P64 = [
  f64Bits(0x3FC55555, 0x5555553E), f64Bits(0xBF66C16C | 0, 0x16BEBD93), f64Bits(0x3F11566A, 0xAF25DE2C | 0),
  f64Bits(0xBEBBBD41 | 0, 0xC5D26BF1 | 0), f64Bits(0x3E663769, 0x72BEA4D0),
];
export const EXPNEG_MAGIC32 = f32Bits(0x4B40007F), EXPNEG_MAGIC64 = f64Bits(0x43380000, 0x3FF);
export const EXPNEG_CUTOFF32 = f32Bits(0xC2AEAC4F | 0), EXPNEG_CUTOFF64 = -708.3964185322641;

// log (assembly/math/log.ts)
export const LOG_MIN_NORMAL32 = f32Bits(0x00800000), LOG_MIN_NORMAL64 = f64Bits(0x00100000, 0);
export const LOG_SUB_SCALE32 = 33554432, LOG_SUB_SCALE64 = 18014398509481984; // 2^25, 2^54
export const LOG_LN2_HI32 = f32Bits(0x3F317180), LOG_LN2_HI64 = EXP_LN2_HI64;
export const LOG_LN2_LO32 = f32Bits(0x3717F7D1), LOG_LN2_LO64 = EXP_LN2_LO64;
/** f32: musl logf's Lg1 … Lg4; f64: musl log's Lg1 … Lg7 (index k holds Lg(k+1)). */
export const LOG_LG32 = [0x3F2AAAAA, 0x3ECCCE13, 0x3E91E9EE, 0x3E789E26].map(f32Bits);
export const LOG_LG64 = [
  f64Bits(0x3FE55555, 0x55555593), f64Bits(0x3FD99999, 0x9997FA04 | 0), f64Bits(0x3FD24924, 0x94229359 | 0),
  f64Bits(0x3FCC71C5, 0x1D8E78AF), f64Bits(0x3FC74664, 0x96CB03DE | 0), f64Bits(0x3FC39A09, 0xD078C69F | 0),
  f64Bits(0x3FC2F112, 0xDF3E5244 | 0),
];

/** log1p on [0, 1] for f32: 1/3, 1/5, …, 1/13 rounded to float32 (index k holds 1/(2k+3)). */
export const L1P_C32 = [0, 1, 2, 3, 4, 5].map((k) => Math.fround(1 / (2 * k + 3)));
