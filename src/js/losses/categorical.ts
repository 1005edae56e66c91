// Mirror of assembly/losses/categorical.ts: categorical hinge, categorical focal (from logits) and poly-1 over
// rows [N, C, D], the kernel's scalar loops in its order (row sums in float64, rounded once), the max and Σ exp
// of the log-softmax from the cross-entropy's row passes (rows.ts). Formulas: see the kernel's header.
import type { CategoricalOp } from '../../backend.js';
import type { FloatArray } from '../../types.js';
import type { Elem } from '../math/consts.js';
import { maxnan } from '../math/vec.js';
import { vexpneg } from '../math/exp.js';
import { vlog } from '../math/log.js';
import { rowMax, rowExpSum, rowSumExp } from './rows.js';
import { powq } from './ops.js';

/** One row's arrays: x (and y, g) from `off`, classes `stride` apart; index target tt when y is null. */
interface Row {
  x: FloatArray; y: FloatArray | null; g: FloatArray | null; off: number; tt: number; C: number; stride: number;
}

const yAt = (r: Row, c: number): number => (r.y !== null ? r.y[r.off + c * r.stride] : c === r.tt ? 1 : 0);
const xAt = (r: Row, c: number): number => r.x[r.off + c * r.stride];

/** Categorical hinge of one row; writes the scaled gradient row when r.g is given. */
function hingeRow(r: Row, s: number, T: Elem): number {
  const { C, g } = r;
  let pos = 0, neg = -Infinity;
  for (let c = 0; c < C; c++) {
    const yc = yAt(r, c), xc = xAt(r, c);
    pos += T(yc * xc);
    neg = maxnan(neg, T(T(1 - yc) * xc));
  }
  const margin = T(T(neg - T(pos)) + 1);
  if (g !== null) {
    let k = 0;
    for (let c = 0; c < C; c++) if (T(T(1 - yAt(r, c)) * xAt(r, c)) === neg) k++;
    for (let c = 0; c < C; c++) {
      const yc = yAt(r, c);
      const tie = T(T(1 - yc) * xAt(r, c)) === neg;
      g[r.off + c * r.stride] = margin > 0 ? T((tie ? T(T(T(1 - yc) / k) - yc) : -yc) * s) : margin !== margin ? margin : 0;
    }
  }
  return margin > 0 || margin !== margin ? margin : 0;
}

/** Focal (prm = α, prm2 = γ) or poly-1 (prm = ε) of one row from its log-softmax; the gradient row when r.g is given. */
function softmaxRow(focal: boolean, r: Row, prm: number, prm2: number, s: number, T: Elem): number {
  const { x, C, g, off, stride } = r;
  const m = rowMax(x, off, C, stride, T);
  rowExpSum(x, off, C, stride, m, null, false, null, null, 1, 0, T);
  const ls = vlog(T(rowSumExp), T);
  let sum = 0, sum2 = 0, sy = 0, sp = 0;
  for (let c = 0; c < C; c++) {
    const yc = yAt(r, c);
    let u = 0;
    if (yc !== 0) {
      const lp = T(T(xAt(r, c) - m) - ls);
      const p = vexpneg(lp, T);
      const q = T(1 - p);
      if (focal) {
        const qg = powq(q, prm2, T);
        sum += T(T(qg * prm) * T(-yc * lp));
        u = T(T(prm * yc) * T((q > 0 ? T(T(T(prm2 * T(qg / q)) * p) * lp) : 0) - qg));
        sum2 += u;
      } else {
        sum += T(yc * -lp);
        sum2 += T(yc * q);
        sy += yc;
        sp += T(yc * p);
      }
    }
    if (g !== null) g[off + c * stride] = u;
  }
  if (g !== null) {
    const a = focal ? T(sum2) : T(T(sy) + T(prm * T(sp)));
    for (let c = 0; c < C; c++) {
      const i = off + c * stride;
      const p = vexpneg(T(T(xAt(r, c) - m) - ls), T);
      const d = focal ? T(g[i] - T(p * a)) : T(T(p * a) - T(yAt(r, c) * T(1 + T(prm * p))));
      g[i] = T(d * s);
    }
  }
  return focal ? T(sum) : T(T(sum) + T(prm * T(sum2)));
}

/** Σ over the N·D rows of loss `op`; per-row losses and gradient rows as asked (see the kernel's header). */
export function categorical(
  op: CategoricalOp, x: FloatArray, t: Int32Array | null, y: FloatArray | null, N: number, C: number, D: number,
  prm: number, prm2: number, loss: FloatArray | null, grad: FloatArray | null, scale: number, go: FloatArray | null, T: Elem,
): number {
  prm = T(prm); prm2 = T(prm2); scale = T(scale);
  const r: Row = { x, y, g: grad, off: 0, tt: -1, C, stride: D };
  let total = 0;
  for (let n = 0; n < N; n++) {
    for (let d = 0; d < D; d++) {
      const i = n * D + d;
      r.off = n * C * D + d;
      r.tt = t !== null ? t[i] : -1;
      const s = go !== null ? T(scale * go[i]) : scale;
      const l = op === 'categoricalHinge' ? hingeRow(r, s, T) : softmaxRow(op === 'categoricalFocal', r, prm, prm2, s, T);
      if (loss !== null) loss[i] = l;
      total += l;
    }
  }
  return total;
}
