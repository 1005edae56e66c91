// Mirror of assembly/losses/categorical.ts: categorical hinge, categorical focal (from logits) and poly-1 over
// rows [N, C, D]: the max and Σ exp of the log-softmax from the cross-entropy's row passes in the data's type
// (rows.ts), then the kernel's scalar float64 loops in its order, results rounded once to the data's type (a
// Float32Array store rounds as the kernel's f32 demotion). Formulas: see the kernel's header.
import type { CategoricalOp } from '../../backend.js';
import type { FloatArray } from '../../types.js';
import type { Elem } from '../math/consts.js';
import { maxnan } from '../math/vec.js';
import { expneg_f64x2 } from '../math/exp.js';
import { log_f64x2 } from '../math/log.js';
import { rowMax, rowExpSum, rowSumExp } from './rows.js';

/** One row's arrays: x (and y, g) from `off`, classes `stride` apart; index target tt when y is null. */
interface Row {
  x: FloatArray; y: FloatArray | null; g: FloatArray | null; off: number; tt: number; C: number; stride: number;
}

const yAt = (r: Row, c: number): number => (r.y !== null ? r.y[r.off + c * r.stride] : c === r.tt ? 1 : 0);
const xAt = (r: Row, c: number): number => r.x[r.off + c * r.stride];

/** q^γ = e^(γ·log q) for q in [0, 1], 1 for γ = 0. */
const powUnit = (q: number, gamma: number): number => (gamma === 0 ? 1 : expneg_f64x2(gamma * log_f64x2(q)));

/** Focal's u_c (see the kernel), given q = 1 - p and qg = q^γ. */
const focalU = (yc: number, lp: number, p: number, q: number, qg: number, alpha: number, gamma: number): number =>
  alpha * yc * ((q > 0 ? gamma * (qg / q) * p * lp : 0) - qg);

/** Categorical hinge of one row; writes the scaled gradient row when r.g is given. */
function hingeRow(r: Row, s: number): number {
  const { C, g } = r;
  let pos = 0, neg = -Infinity;
  for (let c = 0; c < C; c++) {
    const yc = yAt(r, c), xc = xAt(r, c);
    pos += yc * xc;
    neg = maxnan(neg, (1 - yc) * xc);
  }
  const margin = neg - pos + 1;
  if (g !== null) {
    let k = 0;
    for (let c = 0; c < C; c++) if ((1 - yAt(r, c)) * xAt(r, c) === neg) k++;
    for (let c = 0; c < C; c++) {
      const yc = yAt(r, c);
      const tie = (1 - yc) * xAt(r, c) === neg;
      g[r.off + c * r.stride] = margin > 0 ? (tie ? (1 - yc) / k - yc : -yc) * s : margin !== margin ? margin : 0;
    }
  }
  return margin > 0 || margin !== margin ? margin : 0;
}

/** Focal (prm = α, prm2 = γ) or poly-1 (prm = ε) of one row; the scaled gradient row when r.g is given. */
function softmaxRow(focal: boolean, r: Row, prm: number, prm2: number, s: number, T: Elem): number {
  const { x, C, g, off, stride } = r;
  const m = rowMax(x, off, C, stride, T);
  rowExpSum(x, off, C, stride, m, g, false, null, null, 1, 0, T); // exp(x_c - max) into the gradient row
  const S = rowSumExp, ls = log_f64x2(S);
  let sum = 0, sum2 = 0, sy = 0, sp = 0;
  for (let c = 0; c < C; c++) {
    const yc = yAt(r, c);
    if (yc === 0) continue;
    const lp = (xAt(r, c) - m) - ls;
    const p = expneg_f64x2(lp), q = 1 - p;
    if (focal) {
      const qg = powUnit(q, prm2);
      sum += qg * prm * (-yc * lp);
      sum2 += focalU(yc, lp, p, q, qg, prm, prm2);
    } else {
      sum += yc * -lp;
      sum2 += yc * q;
      sy += yc;
      sp += yc * p;
    }
  }
  if (g !== null) {
    const a = focal ? sum2 : sy + prm * sp;
    for (let c = 0; c < C; c++) {
      const yc = yAt(r, c), i = off + c * stride;
      const p = g[i] / S;
      let d: number;
      if (focal) {
        const q = 1 - p;
        d = (yc !== 0 ? focalU(yc, (xAt(r, c) - m) - ls, p, q, powUnit(q, prm2), prm, prm2) : 0) - p * a;
      } else {
        d = p * a - yc * (1 + prm * p);
      }
      g[i] = d * s;
    }
  }
  return focal ? sum : sum + prm * sum2;
}

/** Σ over the N·D rows of loss `op`; per-row losses and gradient rows as asked (see the kernel's header). */
export function categorical(
  op: CategoricalOp, x: FloatArray, t: Int32Array | null, y: FloatArray | null, N: number, C: number, D: number,
  prm: number, prm2: number, loss: FloatArray | null, grad: FloatArray | null, scale: number, go: FloatArray | null, T: Elem,
): number {
  prm = T(prm); prm2 = T(prm2); scale = T(scale); // (the float32 exports take float32 parameters)
  const r: Row = { x, y, g: grad, off: 0, tt: -1, C, stride: D };
  let total = 0;
  for (let n = 0; n < N; n++) {
    for (let d = 0; d < D; d++) {
      const i = n * D + d;
      r.off = n * C * D + d;
      r.tt = t !== null ? t[i] : -1;
      const s = go !== null ? scale * go[i] : scale;
      const l = T(op === 'categoricalHinge' ? hingeRow(r, s) : softmaxRow(op === 'categoricalFocal', r, prm, prm2, s, T));
      if (loss !== null) loss[i] = l;
      total += l;
    }
  }
  return total;
}
