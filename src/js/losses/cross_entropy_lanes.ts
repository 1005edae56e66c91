// Mirror of assembly/losses/cross_entropy_lanes.ts: L rows side by side, one row per lane (few classes, or L
// neighbouring positions of a per-pixel input). Every operation is lane-wise, so each lane is one row run
// through the kernel's sequence: the max by pmax from class 0, the sums in T (vector lanes, not float64),
// an ignored lane with target 0 and weight 0 (its loss is 0·(lse - x_0), its gradient row 0·p_c), and the
// group's loss total as hsum of the lanes. Formulas: see cross_entropy.ts.
import type { FloatArray } from '../../types.js';
import { type Elem, isF32 } from '../math/consts.js';
import { lanes, pmax } from '../math/vec.js';
import { vexpneg } from '../math/exp.js';
import { vlog } from '../math/log.js';
import type { CeArgs } from './cross_entropy.js';

const LOSS = new Float64Array(4);

/**
 * The losses of rows r … r+L-1 (lane j: the row at off + j·rowStep, classes cs apart: rowStep = C, cs = 1 for
 * gathered [N, C] rows; rowStep = 1, cs = D for neighbouring positions); returns their hsum.
 */
export function crossEntropyLanes(a: CeArgs, r: number, off: number, cs: number, rowStep: number, T: Elem): number {
  const L = lanes();
  for (let j = 0; j < L; j++) {
    const s = a.go !== null ? T(a.scale * a.go[r + j]) : a.scale;
    const l = laneRow(a, a.t !== null ? a.t[r + j] : 0, off + j * rowStep, cs, s, T);
    if (a.loss !== null) a.loss[r + j] = l;
    LOSS[j] = l;
  }
  return isF32() ? (LOSS[0] + LOSS[1]) + (LOSS[2] + LOSS[3]) : LOSS[0] + LOSS[1];
}

/** One lane: the row at `off`, target tv, gradient scale s. */
function laneRow(a: CeArgs, tv: number, off: number, cs: number, s: number, T: Elem): number {
  const { x, y, w, W, C, eps, grad: g } = a;
  const k0 = T(eps / C), k1 = T(1 - eps);
  let m = x[off];
  for (let c = 1; c < C; c++) m = pmax(m, x[off + c * cs]);
  let sum = 0, svd = 0, sv = 0;
  const wantVD = y !== null || eps !== 0;
  for (let c = 0; c < C; c++) {
    const d = T(x[off + c * cs] - m);
    const e = vexpneg(d, T);
    sum = T(sum + e);
    if (g !== null) g[off + c * cs] = e;
    if (wantVD) {
      const v = factor(a, off, c, cs, k1, k0, T);
      svd = T(svd + T(v * d));
      sv = T(sv + v);
    }
  }
  const ls = vlog(sum, T);
  if (y !== null) {
    if (g !== null) {
      const f = T(T(s * sv) / sum);
      for (let c = 0; c < C; c++) g[off + c * cs] = T(T(g[off + c * cs] * f) - T(s * factor(a, off, c, cs, k1, k0, T)));
    }
    return T(T(ls * sv) - svd);
  }
  const ign = a.t !== null && tv === a.ignore; // (probabilities never reach here)
  const t = ign ? 0 : tv;
  const dt = T(x[off + t * cs] - m);
  const wt = ign ? 0 : w !== null ? w[t] : 1;
  const kw = T(k1 * wt);
  let l = T(kw * T(ls - dt));
  if (eps !== 0) l = T(l + (ign ? 0 : T(k0 * T(T(ls * W) - svd))));
  if (g !== null) {
    if (ign) s = 0; // an ignored lane's scale may be Inf (a mean over nothing): keep its gradient 0
    const f = T(T(T(kw + T(k0 * W)) * s) / sum);
    const b = T(k0 * s);
    for (let c = 0; c < C; c++) {
      let gc = T(g[off + c * cs] * f);
      if (eps !== 0) gc = T(gc - T(b * (w !== null ? w[c] : 1)));
      g[off + c * cs] = ign ? 0 : gc; // (an ignored row's logits may be NaN or -inf)
    }
    g[off + t * cs] = T(g[off + t * cs] - T(kw * s));
  }
  return ign ? 0 : l; // an ignored row counts for nothing, whatever its logits (0·NaN would be NaN)
}

/** v_c = w_c·(k1·y_c + k0) (w_c = 1 without weights; the y factor only for probability targets). */
function factor(a: CeArgs, off: number, c: number, cs: number, k1: number, k0: number, T: Elem): number {
  let v = a.w !== null ? a.w[c] : 1;
  if (a.y !== null) v = T(v * T(T(a.y[off + c * cs] * k1) + k0));
  return v;
}
