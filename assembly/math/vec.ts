// Element-type-generic vector helpers: T is f32 (f32x4, 4 lanes) or f64 (f64x2, 2 lanes).

/** Lanes per v128 for element type T. */
// @ts-ignore: decorator
@inline export function lanes<T>(): i32 { return 16 / sizeof<T>(); }

/** Byte address of element i of an array of T at p. */
// @ts-ignore: decorator
@inline export function at<T>(p: usize, i: i32): usize { return p + ((<usize>i) << alignof<T>()); }

/** A vector from lanes `step` bytes apart from q (a strided load). */
// @ts-ignore: decorator
@inline export function gather<T>(q: usize, step: usize): v128 {
  let v = v128.splat<T>(load<T>(q));
  v = v128.replace_lane<T>(v, 1, load<T>(q + step));
  if (lanes<T>() == 4) {
    v = v128.replace_lane<T>(v, 2, load<T>(q + 2 * step));
    v = v128.replace_lane<T>(v, 3, load<T>(q + 3 * step));
  }
  return v;
}

/** Stores the lanes of v `step` bytes apart from q (a strided store). */
// @ts-ignore: decorator
@inline export function scatter<T>(q: usize, step: usize, v: v128): void {
  store<T>(q, v128.extract_lane<T>(v, 0));
  store<T>(q + step, v128.extract_lane<T>(v, 1));
  if (lanes<T>() == 4) {
    store<T>(q + 2 * step, v128.extract_lane<T>(v, 2));
    store<T>(q + 3 * step, v128.extract_lane<T>(v, 3));
  }
}

/** Sum of the lanes, in float64. */
// @ts-ignore: decorator
@inline export function hsum<T>(v: v128): f64 {
  if (sizeof<T>() == 4) {
    return <f64>f32x4.extract_lane(v, 0) + <f64>f32x4.extract_lane(v, 1) +
      (<f64>f32x4.extract_lane(v, 2) + <f64>f32x4.extract_lane(v, 3));
  }
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** Largest lane; a NaN lane wins, as in PyTorch's max. */
// @ts-ignore: decorator
@inline export function hmax<T>(v: v128): T {
  let m = maxnan<T>(v128.extract_lane<T>(v, 0), v128.extract_lane<T>(v, 1));
  if (lanes<T>() == 4) {
    m = maxnan<T>(m, maxnan<T>(v128.extract_lane<T>(v, 2), v128.extract_lane<T>(v, 3)));
  }
  return m;
}

/** max(a, b) with NaN winning. */
// @ts-ignore: decorator
@inline export function maxnan<T>(a: T, b: T): T {
  return b > a || b != b ? b : a;
}

/** Lane-wise max that keeps NaN from either operand (pmax alone keeps only the first operand's). */
// @ts-ignore: decorator
@inline export function vmaxnan<T>(m: v128, x: v128): v128 {
  return v128.bitselect(x, v128.pmax<T>(m, x), v128.ne<T>(x, x));
}

/**
 * sign(d) in {-1, 0, 1}; +0 for ±0 and NaN, as torch.sign. float32 subtracts the comparison masks as integers
 * (lt − gt is -1, 1 or 0) and converts: one instruction fewer than masking ones; float64 has no such conversion.
 */
// @ts-ignore: decorator
@inline export function vsign<T>(d: v128): v128 {
  const zero = v128.splat<T>(0);
  if (sizeof<T>() == 4) return f32x4.convert_i32x4_s(i32x4.sub(f32x4.lt(d, zero), f32x4.gt(d, zero)));
  const one = v128.splat<T>(1);
  return v128.sub<T>(v128.and(v128.gt<T>(d, zero), one), v128.and(v128.lt<T>(d, zero), one));
}

// Loss sums are accumulated in vectors for BLOCK elements, then added to a float64 total: the float32 error
// stays that of a BLOCK/lanes-term sum (blocked summation; see the README's accuracy section).
export const BLOCK: i32 = 256;
