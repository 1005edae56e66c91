// Vector constants live in linear memory, splatted once when the module starts: V8 11.3 rebuilds every
// v128.const inside a loop with three instructions and does not hoist it, while a load from this table
// folds into the arithmetic instruction. K<T>(i) reads slot i of the table of T's element type; each math file
// declares its slots below, in one place. A slot written twice (two names for one number) stops the module at
// start-up, so an overlap cannot go unnoticed.

const SLOTS = 49;
const TABLE_F32: usize = memory.data(16 * SLOTS, 16);
const TABLE_F64: usize = memory.data(16 * SLOTS, 16);

/** The constant in slot i for element type T (a single folded load). */
// @ts-ignore: decorator
@inline export function K<T>(i: i32): v128 {
  return v128.load((sizeof<T>() == 4 ? TABLE_F32 : TABLE_F64) + (<usize>i << 4));
}

let used32: u64 = 0, used64: u64 = 0; // the slots written so far, one bit each
function claim(used: u64, i: i32): u64 {
  if (i < 0 || i >= SLOTS || (used >> <u64>i) & 1) unreachable(); // an overlap in the slot numbers below
  return used | (<u64>1 << <u64>i);
}
function set32(i: i32, v: v128): void { used32 = claim(used32, i); v128.store(TABLE_F32 + (<usize>i << 4), v); }
function set64(i: i32, v: v128): void { used64 = claim(used64, i); v128.store(TABLE_F64 + (<usize>i << 4), v); }
function both(i: i32, v: f64): void { set32(i, f32x4.splat(<f32>v)); set64(i, f64x2.splat(v)); }

// Shared values (both element types).
export const ZERO = 0, ONE = 1, TWO = 2, HALF = 3, INF = 4, NEG_INF = 5, NAN = 6, NEG_100 = 7, BCE_EPS = 8;
export const NEG_ONE = 47, LN2 = 48;
both(NEG_ONE, -1); both(LN2, Math.LN2);
both(ZERO, 0); both(ONE, 1); both(TWO, 2); both(HALF, 0.5);
both(INF, Infinity); both(NEG_INF, -Infinity); both(NAN, NaN); both(NEG_100, -100);
both(BCE_EPS, <f64><f32>1e-12); // PyTorch's float EPSILON, in every dtype

// exp (assembly/math/exp.ts)
export const EXP_HI = 9, EXP_LO = 10, EXP_LOG2E = 11, EXP_MAGIC = 12, EXP_LN2_HI = 13, EXP_LN2_LO = 14;
export const EXP_C1 = 15; // polynomial: C1 … C6 (f32) or P1 … P5 (f64) in slots 15 …
export const EXP_BIAS = 21; // exponent bias (127 or 1023) as an integer lane
set32(EXP_HI, f32x4.splat(89)); set64(EXP_HI, f64x2.splat(710));
set32(EXP_LO, f32x4.splat(-150)); set64(EXP_LO, f64x2.splat(-746));
set32(EXP_LOG2E, i32x4.splat(0x3FB8AA3B)); set64(EXP_LOG2E, i64x2.splat(0x3FF71547652B82FE));
set32(EXP_MAGIC, i32x4.splat(0x4B400000)); set64(EXP_MAGIC, i64x2.splat(0x4338000000000000));
set32(EXP_LN2_HI, i32x4.splat(0x3F317200)); set64(EXP_LN2_HI, i64x2.splat(0x3FE62E42FEE00000));
set32(EXP_LN2_LO, i32x4.splat(0x35BFBE8E)); set64(EXP_LN2_LO, i64x2.splat(0x3DEA39EF35793C76));
set32(EXP_BIAS, i32x4.splat(127)); set64(EXP_BIAS, i64x2.splat(1023));
// f32: exp(t) ≈ 1 + t·(1 + t·(C2 + t·(C3 + t·(C4 + t·(C5 + t·C6))))), a degree-6 relative-minimax fit on
// [-ln2/2, ln2/2] (tools/fit-exp.py): 1.7e-8 relative error; XNNPACK's degree-5 p5 (9.2e-8) left 2.2 ulp.
set32(EXP_C1 + 1, i32x4.splat(0x3EFFFFFE)); // C2 0x1.fffffcp-2
set32(EXP_C1 + 2, i32x4.splat(0x3E2AAA0D)); // C3 0x1.55541ap-3
set32(EXP_C1 + 3, i32x4.splat(0x3D2AAC11)); // C4 0x1.555822p-5
set32(EXP_C1 + 4, i32x4.splat(0x3C0933C1)); // C5 0x1.126782p-7
set32(EXP_C1 + 5, i32x4.splat(0x3AB57398)); // C6 0x1.6ae730p-10
// f64: fdlibm e_exp.c P1 … P5
set64(EXP_C1, i64x2.splat(0x3FC555555555553E)); // P1 1.66666666666666019037e-01
set64(EXP_C1 + 1, i64x2.splat(0xBF66C16C16BEBD93)); // P2 -2.77777777770155933842e-03
set64(EXP_C1 + 2, i64x2.splat(0x3F11566AAF25DE2C)); // P3 6.61375632143793436117e-05
set64(EXP_C1 + 3, i64x2.splat(0xBEBBBD41C5D26BF1)); // P4 -1.65339022054652515390e-06
set64(EXP_C1 + 4, i64x2.splat(0x3E66376972BEA4D0)); // P5 4.13813679705723846039e-08

// log (assembly/math/log.ts)
export const LOG_MIN_NORMAL = 22, LOG_SUB_SCALE = 23, LOG_OFFSET = 24, LOG_BIAS = 25, LOG_SUB_K = 26;
export const LOG_MANT = 27, LOG_SQRT_HALF = 28, LOG_LN2_HI = 29, LOG_LN2_LO = 30, LOG_LG1 = 31; // Lg1 … Lg7 in 31 …
set32(LOG_MIN_NORMAL, i32x4.splat(0x00800000)); set64(LOG_MIN_NORMAL, i64x2.splat(0x0010000000000000));
set32(LOG_SUB_SCALE, f32x4.splat(33554432.0)); set64(LOG_SUB_SCALE, f64x2.splat(18014398509481984.0)); // 2^25, 2^54
set32(LOG_OFFSET, i32x4.splat(0x3F800000 - 0x3F3504F3)); set64(LOG_OFFSET, i64x2.splat(0x0009_5F62_0000_0000));
set32(LOG_BIAS, i32x4.splat(0x7F)); set64(LOG_BIAS, i64x2.splat(0x3FF));
set32(LOG_SUB_K, i32x4.splat(25)); set64(LOG_SUB_K, i64x2.splat(54));
set32(LOG_MANT, i32x4.splat(0x007FFFFF)); set64(LOG_MANT, i64x2.splat(0x000FFFFFFFFFFFFF));
set32(LOG_SQRT_HALF, i32x4.splat(0x3F3504F3)); set64(LOG_SQRT_HALF, i64x2.splat(0x3FE6A09E00000000));
set32(LOG_LN2_HI, i32x4.splat(0x3F317180)); set64(LOG_LN2_HI, i64x2.splat(0x3FE62E42FEE00000));
set32(LOG_LN2_LO, i32x4.splat(0x3717F7D1)); set64(LOG_LN2_LO, i64x2.splat(0x3DEA39EF35793C76));
// f32: musl logf Lg1 … Lg4
set32(LOG_LG1, i32x4.splat(0x3F2AAAAA)); // 0xaaaaaa.0p-24
set32(LOG_LG1 + 1, i32x4.splat(0x3ECCCE13)); // 0xccce13.0p-25
set32(LOG_LG1 + 2, i32x4.splat(0x3E91E9EE)); // 0x91e9ee.0p-25
set32(LOG_LG1 + 3, i32x4.splat(0x3E789E26)); // 0xf89e26.0p-26
// f64: musl log Lg1 … Lg7
set64(LOG_LG1, i64x2.splat(0x3FE5555555555593)); // 6.666666666666735130e-01
set64(LOG_LG1 + 1, i64x2.splat(0x3FD999999997FA04)); // 3.999999999940941908e-01
set64(LOG_LG1 + 2, i64x2.splat(0x3FD2492494229359)); // 2.857142874366239149e-01
set64(LOG_LG1 + 3, i64x2.splat(0x3FCC71C51D8E78AF)); // 2.222219843214978396e-01
set64(LOG_LG1 + 4, i64x2.splat(0x3FC7466496CB03DE)); // 1.818357216161805012e-01
set64(LOG_LG1 + 5, i64x2.splat(0x3FC39A09D078C69F)); // 1.531383769920937332e-01
set64(LOG_LG1 + 6, i64x2.splat(0x3FC2F112DF3E5244)); // 1.479819860511658591e-01
// expneg (exp of x <= 0, one scaling step): magic with the exponent bias in its low bits, and the input
// below which the result leaves the normal range (flushed to 0)
export const EXPNEG_MAGIC = 39, EXPNEG_CUTOFF = 40;
set32(EXPNEG_MAGIC, i32x4.splat(0x4B40007F)); // 0x1.8000FEp23: ulp 1, ≡ 127 mod 2^22 (XNNPACK)
set64(EXPNEG_MAGIC, i64x2.splat(0x43380000000003FF)); // 0x1.8p52 + 1023
set32(EXPNEG_CUTOFF, i32x4.splat(0xC2AEAC4F)); // -87.33654 = ln(2^-126)
set64(EXPNEG_CUTOFF, f64x2.splat(-708.3964185322641)); // ln(2^-1022)
// log1p on [0, 1] for f32: 2·atanh(s) with s = e/(2 + e) in [0, 1/3], z = s²: 2s·(1 + z/3 + … + z⁶/13)
// (the series' remainder is below 1.4e-8 relative at e = 1)
export const L1P_C1 = 41; // 1/3, 1/5, …, 1/13 in slots 41 … 46
for (let k = 0; k < 6; k++) set32(L1P_C1 + k, f32x4.splat(<f32>(1.0 / <f64>(2 * k + 3))));
export const LOG_MAGIC = 38; // f64: 0x1.8p52, int64 → f64 by adding bits
set64(LOG_MAGIC, i64x2.splat(0x4338000000000000));
