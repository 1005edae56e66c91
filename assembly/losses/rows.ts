// Row passes shared by cross-entropy and (log-)softmax. A "row" is the C class scores of one sample (and one
// position d for per-pixel inputs [N, C, d1, ...]): its elements sit `stride` elements apart (stride = 1 for
// [N, C]). Each pass inlines its loop for contiguous rows (plain vector loads; as a call, cross-entropy's
// gradient ran up to 8% slower) and calls a function of its own for strided rows, one copy shared by callers.
import { at, lanes, hmax, hsum, maxnan, vmaxnan, gather, scatter, BLOCK } from "../math/vec";
import { vexpneg } from "../math/exp";

/** Classes i… of the row (one vector). */
// @ts-ignore: decorator
@inline export function loadRow<T>(p: usize, i: i32, stride: i32, strided: bool): v128 {
  return strided ? gather<T>(at<T>(p, i * stride), (<usize>stride) << alignof<T>()) : v128.load(at<T>(p, i));
}

// @ts-ignore: decorator
@inline export function storeRow<T>(p: usize, i: i32, stride: i32, strided: bool, v: v128): void {
  if (strided) scatter<T>(at<T>(p, i * stride), (<usize>stride) << alignof<T>(), v);
  else v128.store(at<T>(p, i), v);
}

/**
 * max_c x_c with pmax (one instruction in V8, where max is about eight): a NaN may be skipped here, but it reaches the
 * sum of exponentials next, so the row's loss and gradient are NaN as in PyTorch.
 */
// @ts-ignore: decorator
@inline export function rowMax<T>(x: usize, C: i32, stride: i32, strided: bool): T {
  return strided ? maxStrided<T>(x, C, stride) : maxIn<T>(x, C, stride, false);
}

// The strided loops are functions of their own also because, inlined as the other arm of one `if`, the
// optimiser folds both layouts' loops into one that tests `strided` at every vector.
function maxStrided<T>(x: usize, C: i32, stride: i32): T { return maxIn<T>(x, C, stride, true); }

// @ts-ignore: decorator
@inline function maxIn<T>(x: usize, C: i32, stride: i32, strided: bool): T {
  const L = lanes<T>();
  let i = 0;
  let m: T = <T>-Infinity;
  if (C >= L) {
    let m0 = loadRow<T>(x, 0, stride, strided), m1 = m0, m2 = m0, m3 = m0;
    for (i = L; i + 4 * L <= C; i += 4 * L) {
      m0 = v128.pmax<T>(m0, loadRow<T>(x, i, stride, strided));
      m1 = v128.pmax<T>(m1, loadRow<T>(x, i + L, stride, strided));
      m2 = v128.pmax<T>(m2, loadRow<T>(x, i + 2 * L, stride, strided));
      m3 = v128.pmax<T>(m3, loadRow<T>(x, i + 3 * L, stride, strided));
    }
    for (; i + L <= C; i += L) m0 = v128.pmax<T>(m0, loadRow<T>(x, i, stride, strided));
    m = hmax<T>(vmaxnan<T>(vmaxnan<T>(m0, m1), vmaxnan<T>(m2, m3)));
  }
  for (; i < C; i++) {
    m = maxnan<T>(m, load<T>(at<T>(x, i * stride)));
  }
  return m;
}

/**
 * The per-class factor v_c: w_c (class weight, 1 when w = 0) times k1·y_c + k0 when y ≠ 0 (smoothed probability
 * targets, y strided like x). A vector of v for classes i… when vec, else v_i splatted.
 */
// @ts-ignore: decorator
@inline export function classFactor<T>(
  w: usize, y: usize, k1: T, k0: T, i: i32, stride: i32, strided: bool, vec: bool,
): v128 {
  let v = v128.splat<T>(1);
  if (w != 0) v = vec ? v128.load(at<T>(w, i)) : v128.splat<T>(load<T>(at<T>(w, i)));
  if (y != 0) {
    const vy = vec ? loadRow<T>(y, i, stride, strided) : v128.splat<T>(load<T>(at<T>(y, i * stride)));
    v = v128.mul<T>(v, v128.add<T>(v128.mul<T>(vy, v128.splat<T>(k1)), v128.splat<T>(k0)));
  }
  return v;
}

// Results of rowExpSum, read by the caller right after the call (globals: AssemblyScript returns one value).
export let rowSumExp: f64 = 0;
export let rowSumVD: f64 = 0;
export let rowSumV: f64 = 0;

/**
 * One pass over the row with d_c = x_c - m: rowSumExp = Σ exp(d_c), rowSumVD = Σ v_c·d_c, rowSumV = Σ v_c with v_c from
 * classFactor (skipped when wantVD is false). Stores exp(d_c) into `e` when it is non-zero.
 */
// @ts-ignore: decorator
@inline export function rowExpSum<T>(
  x: usize, C: i32, stride: i32, strided: bool, m: T, e: usize, wantVD: bool, w: usize, y: usize, k1: T, k0: T,
): void {
  if (!wantVD) {
    if (strided) expSumStrided<T>(x, C, stride, m, e);
    else rowExpSumOnly<T>(x, C, stride, false, m, e);
  } else if (strided) {
    expSumVDStrided<T>(x, C, stride, m, e, w, y, k1, k0);
  } else {
    expSumVD<T>(x, C, stride, false, m, e, w, y, k1, k0);
  }
}

function expSumStrided<T>(x: usize, C: i32, stride: i32, m: T, e: usize): void {
  rowExpSumOnly<T>(x, C, stride, true, m, e);
}

function expSumVDStrided<T>(x: usize, C: i32, stride: i32, m: T, e: usize, w: usize, y: usize, k1: T, k0: T): void {
  expSumVD<T>(x, C, stride, true, m, e, w, y, k1, k0);
}

// @ts-ignore: decorator
@inline function expSumVD<T>(
  x: usize, C: i32, stride: i32, strided: bool, m: T, e: usize, w: usize, y: usize, k1: T, k0: T,
): void {
  const L = lanes<T>();
  const vm = v128.splat<T>(m);
  let sum: f64 = 0, svd: f64 = 0, sv: f64 = 0;
  let i = 0;
  while (i + L <= C) {
    const end = min(C - L + 1, i + BLOCK);
    let acc = v128.splat<T>(0), accVD = v128.splat<T>(0), accV = v128.splat<T>(0);
    for (; i < end; i += L) {
      const d = v128.sub<T>(loadRow<T>(x, i, stride, strided), vm);
      const ex = vexpneg<T>(d);
      acc = v128.add<T>(acc, ex);
      const v = classFactor<T>(w, y, k1, k0, i, stride, strided, true);
      accVD = v128.add<T>(accVD, v128.mul<T>(v, d));
      accV = v128.add<T>(accV, v);
      if (e != 0) storeRow<T>(e, i, stride, strided, ex);
    }
    sum += hsum<T>(acc);
    svd += hsum<T>(accVD);
    sv += hsum<T>(accV);
  }
  for (; i < C; i++) {
    const d = load<T>(at<T>(x, i * stride)) - m;
    const ex = v128.extract_lane<T>(vexpneg<T>(v128.splat<T>(d)), 0);
    sum += <f64>ex;
    const v = v128.extract_lane<T>(classFactor<T>(w, y, k1, k0, i, stride, strided, false), 0);
    svd += <f64>(v * d);
    sv += <f64>v;
    if (e != 0) store<T>(at<T>(e, i * stride), ex);
  }
  rowSumExp = sum;
  rowSumVD = svd;
  rowSumV = sv;
}

/** exp(x_c - m) of one vector of the row, stored into e when e ≠ 0. */
// @ts-ignore: decorator
@inline function expAt<T>(x: usize, i: i32, stride: i32, strided: bool, vm: v128, e: usize): v128 {
  const ex = vexpneg<T>(v128.sub<T>(loadRow<T>(x, i, stride, strided), vm));
  if (e != 0) storeRow<T>(e, i, stride, strided, ex);
  return ex;
}

/** rowExpSum without the v_c sums: four vectors per iteration into four accumulators. */
// @ts-ignore: decorator
@inline function rowExpSumOnly<T>(x: usize, C: i32, stride: i32, strided: bool, m: T, e: usize): void {
  const L = lanes<T>();
  const vm = v128.splat<T>(m);
  let sum: f64 = 0;
  let i = 0;
  while (i + L <= C) {
    const end = min(C - L + 1, i + BLOCK);
    let a0 = v128.splat<T>(0), a1 = v128.splat<T>(0), a2 = v128.splat<T>(0), a3 = v128.splat<T>(0);
    for (; i + 3 * L < end; i += 4 * L) {
      a0 = v128.add<T>(a0, expAt<T>(x, i, stride, strided, vm, e));
      a1 = v128.add<T>(a1, expAt<T>(x, i + L, stride, strided, vm, e));
      a2 = v128.add<T>(a2, expAt<T>(x, i + 2 * L, stride, strided, vm, e));
      a3 = v128.add<T>(a3, expAt<T>(x, i + 3 * L, stride, strided, vm, e));
    }
    for (; i < end; i += L) a0 = v128.add<T>(a0, expAt<T>(x, i, stride, strided, vm, e));
    sum += hsum<T>(v128.add<T>(v128.add<T>(a0, a1), v128.add<T>(a2, a3)));
  }
  for (; i < C; i++) {
    const ex = v128.extract_lane<T>(vexpneg<T>(v128.splat<T>(load<T>(at<T>(x, i * stride)) - m)), 0);
    sum += <f64>ex;
    if (e != 0) store<T>(at<T>(e, i * stride), ex);
  }
  rowSumExp = sum;
  rowSumVD = 0;
  rowSumV = 0;
}

/** g_c = a·g_c - b·v_c in place over the row (g holds exp(d_c) from rowExpSum); b = 0 skips v. */
// @ts-ignore: decorator
@inline export function rowScale<T>(
  g: usize, C: i32, stride: i32, strided: bool, a: T, b: T, w: usize, y: usize, k1: T, k0: T,
): void {
  if (strided) scaleStrided<T>(g, C, stride, a, b, w, y, k1, k0);
  else scaleIn<T>(g, C, stride, false, a, b, w, y, k1, k0);
}

function scaleStrided<T>(g: usize, C: i32, stride: i32, a: T, b: T, w: usize, y: usize, k1: T, k0: T): void {
  scaleIn<T>(g, C, stride, true, a, b, w, y, k1, k0);
}

// @ts-ignore: decorator
@inline function scaleIn<T>(
  g: usize, C: i32, stride: i32, strided: bool, a: T, b: T, w: usize, y: usize, k1: T, k0: T,
): void {
  const L = lanes<T>();
  const va = v128.splat<T>(a), vb = v128.splat<T>(b);
  const withV = b != 0;
  let i = 0;
  if (!withV) {
    for (; i + 2 * L <= C; i += 2 * L) {
      storeRow<T>(g, i, stride, strided, v128.mul<T>(loadRow<T>(g, i, stride, strided), va));
      storeRow<T>(g, i + L, stride, strided, v128.mul<T>(loadRow<T>(g, i + L, stride, strided), va));
    }
  }
  for (; i + L <= C; i += L) {
    let v = v128.mul<T>(loadRow<T>(g, i, stride, strided), va);
    if (withV) v = v128.sub<T>(v, v128.mul<T>(classFactor<T>(w, y, k1, k0, i, stride, strided, true), vb));
    storeRow<T>(g, i, stride, strided, v);
  }
  for (; i < C; i++) {
    const p = at<T>(g, i * stride);
    let v = load<T>(p) * a;
    if (withV) v -= v128.extract_lane<T>(classFactor<T>(w, y, k1, k0, i, stride, strided, false), 0) * b;
    store<T>(p, v);
  }
}
