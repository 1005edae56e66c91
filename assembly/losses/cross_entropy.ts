// Cross-entropy from logits over rows [N, C, D] (D = product of the per-pixel dims, 1 for [N, C]), in three
// passes per row: max, Σ exp(x - max) (stored into the gradient row when one is wanted), then the gradient
// scaled in place. Index targets (t ≠ 0, int32) or class probabilities (y ≠ 0, the input's layout).
//   index: l = (1-ε)·w_t·(lse - x_t) + (ε/C)·Σ_c w_c·(lse - x_c), 0 for ignored rows;
//          ∂l/∂x_c = ((1-ε)·w_t + ε·W/C)·p_c - (ε/C)·w_c - (1-ε)·w_t·[c = t], W = Σ_c w_c.
//   probs: l = Σ_c v_c·(lse - x_c) with v_c = w_c·((1-ε)·y_c + ε/C); ∂l/∂x_c = p_c·Σv - v_c.
// lse - x_c is formed as log Σ exp(d) - d with d = x_c - max, so logits of ±1e4 lose nothing.
import { at, lanes, hsum, BLOCK } from "../math/vec";
import { crossEntropyLanes } from "./cross_entropy_lanes";
import { vlog } from "../math/log";
import { rowMax, rowExpSum, rowScale, rowSumExp, rowSumVD, rowSumV } from "./rows";

export function logScalar<T>(v: T): T { return v128.extract_lane<T>(vlog<T>(v128.splat<T>(v)), 0); }

// @ts-ignore: decorator
@inline function zeroRow<T>(g: usize, C: i32, stride: i32): void {
  for (let c = 0; c < C; c++) store<T>(at<T>(g, c * stride), 0);
}

/** Loss of one row (see the header); writes the scaled gradient row when g ≠ 0. */
// @ts-ignore: decorator
@inline function row<T>(
  x: usize, tt: i32, y: usize, w: usize, W: T, C: i32, stride: i32, strided: bool, eps: T, g: usize, s: T,
): T {
  const m = rowMax<T>(x, C, stride, strided);
  const k0 = eps / <T>C;
  if (y != 0) {
    rowExpSum<T>(x, C, stride, strided, m, g, true, w, y, <T>1 - eps, k0);
    const A = <T>rowSumV;
    if (g != 0) rowScale<T>(g, C, stride, strided, s * A / <T>rowSumExp, s, w, y, <T>1 - eps, k0);
    return logScalar<T>(<T>rowSumExp) * A - <T>rowSumVD;
  }
  rowExpSum<T>(x, C, stride, strided, m, g, eps != 0, w, 0, 1, 0);
  const ls = logScalar<T>(<T>rowSumExp);
  const wt: T = w != 0 ? load<T>(at<T>(w, tt)) : 1;
  const dt = load<T>(at<T>(x, tt * stride)) - m;
  let l = (<T>1 - eps) * wt * (ls - dt);
  if (eps != 0) l += k0 * (ls * W - <T>rowSumVD);
  if (g != 0) {
    rowScale<T>(g, C, stride, strided, ((<T>1 - eps) * wt + k0 * W) * s / <T>rowSumExp, k0 * s, w, 0, 1, 0);
    const gt = at<T>(g, tt * stride);
    store<T>(gt, load<T>(gt) - (<T>1 - eps) * wt * s);
  }
  return l;
}

/** Σ_c w_c, or C without weights. */
// @ts-ignore: decorator
@inline function weightTotal<T>(w: usize, C: i32): T {
  if (w == 0) return <T>C;
  let sw: f64 = 0;
  for (let c = 0; c < C; c++) sw += <f64>load<T>(at<T>(w, c));
  return <T>sw;
}

/** Rows n of [n0, n1) and positions d of [d0, D), one row at a time; not inlined: one copy for both layouts. */
function rowsOneByOne<T>(
  x: usize, t: usize, y: usize, w: usize, W: T, n0: i32, n1: i32, d0: i32, C: i32, D: i32, ignore: i32, eps: T,
  loss: usize, grad: usize, scale: T, go: usize, strided: bool,
): f64 {
  let total: f64 = 0;
  for (let n = n0; n < n1; n++) {
    for (let d = d0; d < D; d++) {
      const r = n * D + d;
      const off = n * C * D + d;
      const g = grad != 0 ? at<T>(grad, off) : 0;
      const tt = t != 0 ? load<i32>(t + (<usize>r << 2)) : 0;
      let l: T = 0;
      if (t != 0 && tt == ignore) {
        if (g != 0) zeroRow<T>(g, C, D);
      } else {
        const s: T = go != 0 ? scale * load<T>(at<T>(go, r)) : scale;
        l = row<T>(at<T>(x, off), tt, y != 0 ? at<T>(y, off) : 0, w, W, C, D, strided, eps, g, s);
      }
      if (loss != 0) store<T>(at<T>(loss, r), l);
      total += <f64>l;
    }
  }
  return total;
}

/** L rows at once from row index r (rows r … r+L-1 of the loss/target/gradOutput arrays) at element off. */
// @ts-ignore: decorator
@inline function lanesAt<T>(
  x: usize, t: usize, y: usize, w: usize, W: T, r: i32, off: i32, C: i32, cs: i32, rowStep: i32, gathered: bool,
  ignore: i32, eps: T, loss: usize, grad: usize, scale: T, go: usize,
): f64 {
  const tv = t != 0 ? v128.load(t + (<usize>r << 2)) : i32x4.splat(0);
  let s = v128.splat<T>(scale);
  if (go != 0) s = v128.mul<T>(s, v128.load(at<T>(go, r)));
  const l = crossEntropyLanes<T>(at<T>(x, off), tv, y != 0 ? at<T>(y, off) : 0, w, W, C, cs, rowStep, gathered,
    ignore, eps, grad != 0 ? at<T>(grad, off) : 0, s);
  if (loss != 0) v128.store(at<T>(loss, r), l);
  return hsum<T>(l);
}

// Below this many classes, [N, C] rows go several to a vector (crossEntropyLanes; its scratch holds 64).
const FEW_CLASSES = 64;

/** Σ over rows of the cross-entropy loss; optional per-row losses and gradient (see the header). */
// @ts-ignore: decorator
@inline export function crossEntropy<T>(
  x: usize, t: usize, y: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, eps: T,
  loss: usize, grad: usize, scale: T, go: usize,
): f64 {
  const L = lanes<T>();
  const W = weightTotal<T>(w, C);
  let total: f64 = 0;
  if (D == 1) {
    let n = 0;
    if (C < FEW_CLASSES) {
      for (; n + L <= N; n += L) {
        total += lanesAt<T>(x, t, y, w, W, n, n * C, C, 1, C, true, ignore, eps, loss, grad, scale, go);
      }
    }
    return total + rowsOneByOne<T>(x, t, y, w, W, n, N, 0, C, 1, ignore, eps, loss, grad, scale, go, false);
  }
  if (C > BLOCK) return rowsOneByOne<T>(x, t, y, w, W, 0, N, 0, C, D, ignore, eps, loss, grad, scale, go, true);
  for (let n = 0; n < N; n++) {
    let d = 0;
    for (; d + L <= D; d += L) {
      total += lanesAt<T>(x, t, y, w, W, n * D + d, n * C * D + d, C, D, 1, false, ignore, eps, loss, grad, scale, go);
    }
    total += rowsOneByOne<T>(x, t, y, w, W, n, n + 1, d, C, D, ignore, eps, loss, grad, scale, go, true);
  }
  return total;
}
/**
 * NLL on log-probabilities: l = -w_t·x_t (0 for ignored rows), ∂l/∂x_t = -w_t, every other entry 0.
 * Rows as in crossEntropy.
 */
// @ts-ignore: decorator
@inline export function nll<T>(
  x: usize, t: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, loss: usize, grad: usize, scale: T, go: usize,
): f64 {
  if (grad != 0) memory.fill(grad, 0, (<usize>N * C * D) << alignof<T>());
  let total: f64 = 0;
  for (let n = 0; n < N; n++) {
    for (let d = 0; d < D; d++) {
      const r = n * D + d;
      const tt = load<i32>(t + (<usize>r << 2));
      let l: T = 0;
      if (tt != ignore) {
        const wt: T = w != 0 ? load<T>(at<T>(w, tt)) : 1;
        const i = (n * C + tt) * D + d;
        l = -wt * load<T>(at<T>(x, i));
        if (grad != 0) store<T>(at<T>(grad, i), -wt * (go != 0 ? scale * load<T>(at<T>(go, r)) : scale));
      }
      if (loss != 0) store<T>(at<T>(loss, r), l);
      total += <f64>l;
    }
  }
  return total;
}
