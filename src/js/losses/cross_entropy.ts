// Mirror of assembly/losses/cross_entropy.ts: cross-entropy from logits over rows [N, C, D] and NLL, with the
// kernel's choice of path (rows side by side for few classes or per-pixel inputs, cross_entropy_lanes.ts; one
// row at a time otherwise, rows.ts) and its operations in its order. Formulas: see the kernel's header.
import type { FloatArray } from '../../types.js';
import type { Elem } from '../math/consts.js';
import { BLOCK, lanes } from '../math/vec.js';
import { vlog } from '../math/log.js';
import { rowMax, rowExpSum, rowScale, rowSumExp, rowSumVD, rowSumV } from './rows.js';
import { crossEntropyLanes } from './cross_entropy_lanes.js';

/** Below this many classes, [N, C] rows go several to a vector. */
const FEW_CLASSES = 64;

/** Loss of one row at `off` (classes `stride` apart); writes the scaled gradient row when g is given. */
function row(
  x: FloatArray, off: number, tt: number, y: FloatArray | null, w: FloatArray | null, W: number, C: number,
  stride: number, eps: number, g: FloatArray | null, s: number, T: Elem,
): number {
  const m = rowMax(x, off, C, stride, T);
  const k0 = T(eps / C), k1 = T(1 - eps);
  if (y !== null) {
    rowExpSum(x, off, C, stride, m, g, true, w, y, k1, k0, T);
    const A = T(rowSumV);
    if (g !== null) rowScale(g, off, C, stride, T(T(s * A) / T(rowSumExp)), s, w, y, k1, k0, T);
    return T(T(vlog(T(rowSumExp), T) * A) - T(rowSumVD));
  }
  rowExpSum(x, off, C, stride, m, g, eps !== 0, w, null, 1, 0, T);
  const ls = vlog(T(rowSumExp), T);
  const wt = w !== null ? w[tt] : 1;
  const dt = T(x[off + tt * stride] - m);
  const kw = T(k1 * wt);
  let l = T(kw * T(ls - dt));
  if (eps !== 0) l = T(l + T(k0 * T(T(ls * W) - T(rowSumVD))));
  if (g !== null) {
    rowScale(g, off, C, stride, T(T(T(kw + T(k0 * W)) * s) / T(rowSumExp)), T(k0 * s), w, null, 1, 0, T);
    const gt = off + tt * stride;
    g[gt] = T(g[gt] - T(kw * s));
  }
  return l;
}

/** Σ_c w_c (in float64, rounded to T), or C without weights. */
function weightTotal(w: FloatArray | null, C: number, T: Elem): number {
  if (w === null) return C;
  let sw = 0;
  for (let c = 0; c < C; c++) sw += w[c];
  return T(sw);
}

/** The arguments every path shares. */
export interface CeArgs {
  x: FloatArray; t: Int32Array | null; y: FloatArray | null; w: FloatArray | null; W: number; C: number; D: number;
  ignore: number; eps: number; loss: FloatArray | null; grad: FloatArray | null; scale: number; go: FloatArray | null;
}

/** Rows n of [n0, n1) and positions d of [d0, D), one row at a time. */
function rowsOneByOne(a: CeArgs, n0: number, n1: number, d0: number, T: Elem): number {
  const { x, t, y, w, W, C, D, ignore, eps, loss, grad, scale, go } = a;
  let total = 0;
  for (let n = n0; n < n1; n++) {
    for (let d = d0; d < D; d++) {
      const r = n * D + d, off = n * C * D + d;
      const tt = t !== null ? t[r] : 0;
      let l = 0;
      if (t !== null && tt === ignore) {
        if (grad !== null) for (let c = 0; c < C; c++) grad[off + c * D] = 0;
      } else {
        const s = go !== null ? T(scale * go[r]) : scale;
        l = row(x, off, tt, y, w, W, C, D, eps, grad, s, T);
      }
      if (loss !== null) loss[r] = l;
      total += l;
    }
  }
  return total;
}

/** Σ over rows of the cross-entropy; per-row losses and the gradient as asked. */
export function crossEntropy(
  x: FloatArray, t: Int32Array | null, y: FloatArray | null, w: FloatArray | null, N: number, C: number, D: number,
  ignore: number, eps: number, loss: FloatArray | null, grad: FloatArray | null, scale: number, go: FloatArray | null,
  T: Elem,
): number {
  const L = lanes();
  const a: CeArgs = { x, t, y, w, W: weightTotal(w, C, T), C, D, ignore, eps: T(eps), loss, grad, scale: T(scale), go };
  let total = 0;
  if (D === 1) {
    let n = 0;
    if (C < FEW_CLASSES) for (; n + L <= N; n += L) total += crossEntropyLanes(a, n, n * C, 1, C, T);
    return total + rowsOneByOne(a, n, N, 0, T);
  }
  if (C > BLOCK) return rowsOneByOne(a, 0, N, 0, T);
  for (let n = 0; n < N; n++) {
    let d = 0;
    for (; d + L <= D; d += L) total += crossEntropyLanes(a, n * D + d, n * C * D + d, D, 1, T);
    total += rowsOneByOne(a, n, n + 1, d, T);
  }
  return total;
}

/** NLL on log-probabilities: l = -w_t·x_t (0 for ignored rows), ∂l/∂x_t = -w_t. */
export function nll(
  x: FloatArray, t: Int32Array, w: FloatArray | null, N: number, C: number, D: number, ignore: number,
  loss: FloatArray | null, grad: FloatArray | null, scale: number, go: FloatArray | null, T: Elem,
): number {
  scale = T(scale);
  if (grad !== null) grad.fill(0);
  let total = 0;
  for (let n = 0; n < N; n++) {
    for (let d = 0; d < D; d++) {
      const r = n * D + d, tt = t[r];
      let l = 0;
      if (tt !== ignore) {
        const wt = w !== null ? w[tt] : 1;
        const i = (n * C + tt) * D + d;
        l = T(-wt * x[i]);
        if (grad !== null) grad[i] = T(-wt * (go !== null ? T(scale * go[r]) : scale));
      }
      if (loss !== null) loss[r] = l;
      total += l;
    }
  }
  return total;
}
