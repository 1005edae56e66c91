// Mirror of assembly/losses/pointwise.ts, the driver for element-wise losses: the same per-element operations
// (ops.ts) and the same summation. The kernel adds the losses of vector i (L = 4 float32 or 2 float64
// elements) into accumulator acc0 or acc1 alternately, block by block (BLOCK elements), and adds each block's
// hsum(acc0 + acc1) to a float64 total; the elements after the last whole vector are added to the total one
// by one. Here element k of a block goes to lane k mod 2L of acc0 | acc1 (locals a0 … a3, b0 … b3), so the
// sums, their rounding and their order are the kernel's.
import type { FloatArray } from '../../types.js';
import { type Elem, isF32 } from '../math/consts.js';
import { BLOCK, lanes } from '../math/vec.js';
import {
  type Op, Mse, L1, Bce, BceLogits, Huber, SmoothL1, SoftMargin, HingeEmbedding, KlDiv, KlDivLog, PoissonLog,
  PoissonRate, Focal, MarginRanking, Mape, Msle, Hinge, SquaredHinge,
} from './ops.js';

/** One segment's arrays: x, y, go, loss, grad from element `base`; w from wBase, pw from pwBase. */
interface Segment {
  x: FloatArray; y: FloatArray; w: FloatArray | null; pw: FloatArray | null; go: FloatArray | null;
  loss: FloatArray | null; grad: FloatArray | null; base: number; wBase: number; pwBase: number;
}

/**
 * Σ over one segment of n elements in the kernel's order (see the header). Each element is the kernel's
 * step: op.loss, or op.lossGrad with gmul = scale·w·go, then the weight. The Op is called through one call
 * site per Op, written out in this loop (lossOf, gradOf): a site that sees one function is inlined by V8, a
 * shared `op.loss(...)` site (or a helper too large to inline) would call every Op out of line.
 */
function segment(op: Op, s: Segment, n: number, scale: number, prm: number, prm2: number, T: Elem): number {
  const { x, y, w, pw, go, loss, grad, base, wBase, pwBase } = s;
  const hasPW = pw !== null;
  const L = lanes(), mask = 2 * L - 1;
  const whole = n - (n % L); // elements in whole vectors: the rest is the scalar tail
  let total = 0, end = Math.min(whole, BLOCK);
  // lanes of acc0 (a0 … a3) and acc1 (b0 … b3); float64 uses a0, a1 (acc0) and a2, a3 (acc1)
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
  for (let k = 0, lane = 0; k < n; k++, lane = (lane + 1) & mask) {
    const i = base + k;
    const vx = x[i], vy = y[i];
    const vpw = hasPW ? pw[pwBase + k] : 1;
    const vw = w !== null ? w[wBase + k] : 1;
    let l: number;
    if (grad !== null) {
      let gm = scale;
      if (w !== null) gm = T(gm * vw);
      if (go !== null) gm = T(gm * go[i]);
      l = op === Mse ? Mse.lossGrad(vx, vy, vpw, hasPW, prm, prm2, gm, grad, i, T)
        : op === L1 ? L1.lossGrad(vx, vy, vpw, hasPW, prm, prm2, gm, grad, i, T)
        : op === Bce ? Bce.lossGrad(vx, vy, vpw, hasPW, prm, prm2, gm, grad, i, T)
        : op === BceLogits ? BceLogits.lossGrad(vx, vy, vpw, hasPW, prm, prm2, gm, grad, i, T)
        : gradOf(op, vx, vy, vpw, hasPW, prm, prm2, gm, grad, i, T);
    } else {
      l = op === Mse ? Mse.loss(vx, vy, vpw, hasPW, prm, prm2, T)
        : op === L1 ? L1.loss(vx, vy, vpw, hasPW, prm, prm2, T)
        : op === Bce ? Bce.loss(vx, vy, vpw, hasPW, prm, prm2, T)
        : op === BceLogits ? BceLogits.loss(vx, vy, vpw, hasPW, prm, prm2, T)
        : lossOf(op, vx, vy, vpw, hasPW, prm, prm2, T);
    }
    if (w !== null) l = T(l * vw);
    if (loss !== null) loss[i] = l;
    if (k >= whole) { total += l; continue; }
    switch (lane) {
      case 0: a0 = T(a0 + l); break;
      case 1: a1 = T(a1 + l); break;
      case 2: a2 = T(a2 + l); break;
      case 3: a3 = T(a3 + l); break;
      case 4: b0 = T(b0 + l); break;
      case 5: b1 = T(b1 + l); break;
      case 6: b2 = T(b2 + l); break;
      default: b3 = T(b3 + l);
    }
    if (k + 1 === end) { // the block's hsum(acc0 + acc1)
      total += isF32() ? (T(a0 + b0) + T(a1 + b1)) + (T(a2 + b2) + T(a3 + b3)) : (a0 + a2) + (a1 + a3);
      a0 = a1 = a2 = a3 = b0 = b1 = b2 = b3 = 0;
      end = Math.min(whole, end + BLOCK);
      lane = mask; // the next block starts at lane 0
    }
  }
  return total;
}

// The other Ops, one call site each (the four above are the hot ones, kept in the loop itself).
function lossOf(op: Op, x: number, y: number, pw: number, hasPW: boolean, prm: number, prm2: number, T: Elem): number {
  switch (op) {
    case Huber: return Huber.loss(x, y, pw, hasPW, prm, prm2, T);
    case SmoothL1: return SmoothL1.loss(x, y, pw, hasPW, prm, prm2, T);
    case SoftMargin: return SoftMargin.loss(x, y, pw, hasPW, prm, prm2, T);
    case HingeEmbedding: return HingeEmbedding.loss(x, y, pw, hasPW, prm, prm2, T);
    case KlDiv: return KlDiv.loss(x, y, pw, hasPW, prm, prm2, T);
    case KlDivLog: return KlDivLog.loss(x, y, pw, hasPW, prm, prm2, T);
    case PoissonLog: return PoissonLog.loss(x, y, pw, hasPW, prm, prm2, T);
    case PoissonRate: return PoissonRate.loss(x, y, pw, hasPW, prm, prm2, T);
    case Focal: return Focal.loss(x, y, pw, hasPW, prm, prm2, T);
    case MarginRanking: return MarginRanking.loss(x, y, pw, hasPW, prm, prm2, T);
    case Mape: return Mape.loss(x, y, pw, hasPW, prm, prm2, T);
    case Msle: return Msle.loss(x, y, pw, hasPW, prm, prm2, T);
    case Hinge: return Hinge.loss(x, y, pw, hasPW, prm, prm2, T);
    case SquaredHinge: return SquaredHinge.loss(x, y, pw, hasPW, prm, prm2, T);
    default: return op.loss(x, y, pw, hasPW, prm, prm2, T); // the activations (activations.ts)
  }
}

function gradOf(
  op: Op, x: number, y: number, pw: number, hasPW: boolean, prm: number, prm2: number, gm: number, g: FloatArray,
  i: number, T: Elem,
): number {
  switch (op) {
    case Huber: return Huber.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
    case SmoothL1: return SmoothL1.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
    case SoftMargin: return SoftMargin.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
    case HingeEmbedding: return HingeEmbedding.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
    case KlDiv: return KlDiv.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
    case KlDivLog: return KlDivLog.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
    case PoissonLog: return PoissonLog.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
    case PoissonRate: return PoissonRate.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
    case Focal: return Focal.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
    case MarginRanking: return MarginRanking.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
    case Mape: return Mape.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
    case Msle: return Msle.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
    case Hinge: return Hinge.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
    case SquaredHinge: return SquaredHinge.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
    default: return op.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
  }
}

/**
 * Σ_i w_i·l(x_i, y_i); stores l_i·w_i into `loss` and scale·go_i·w_i·∂l/∂x_i into `grad` when given.
 * `w`/`pw` hold n elements, or `period` elements repeated along the rows (then every row is its own segment).
 */
export function pointwise(
  op: Op, x: FloatArray, y: FloatArray, w: FloatArray | null, pw: FloatArray | null, go: FloatArray | null,
  period: number, loss: FloatArray | null, grad: FloatArray | null, scale: number, param: number, param2: number,
  T: Elem,
): number {
  const n = x.length;
  scale = T(scale); param = T(param); param2 = T(param2); // the export's scalar parameters have type T
  if ((w === null && pw === null && go === null) || period >= n) {
    const s: Segment = { x, y, w, pw, go, loss, grad, base: 0, wBase: 0, pwBase: 0 };
    return segment(op, s, n, scale, param, param2, T);
  }
  // weights broadcast along the last dimension: walk the rows, restarting the short weight vectors
  const wFull = w !== null && w.length === n, pwFull = pw !== null && pw.length === n;
  let total = 0;
  for (let base = 0; base < n; base += period) {
    const s: Segment = { x, y, w, pw, go, loss, grad, base, wBase: wFull ? base : 0, pwBase: pwFull ? base : 0 };
    total += segment(op, s, period, scale, param, param2, T);
  }
  return total;
}
