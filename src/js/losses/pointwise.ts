// Mirror of assembly/losses/pointwise.ts, the driver for element-wise losses: the same per-element operations
// (ops.ts) and the same summation. The kernel adds the losses of vector i (L = 4 float32 or 2 float64
// elements) into accumulator acc0 or acc1 alternately, block by block (BLOCK elements), and adds each block's
// hsum(acc0 + acc1) to a float64 total; the elements after the last whole vector are added to the total one
// by one. Here lane j of acc0 is ACC[j] and lane j of acc1 is ACC[L + j]: element k of a block goes to
// ACC[k mod 2L], so the sums, their rounding and their order are the kernel's.
import type { FloatArray } from '../../types.js';
import { type Elem, f32 } from '../math/consts.js';
import { BLOCK, lanes } from '../math/vec.js';
import {
  type Op, Mse, L1, Bce, BceLogits, Huber, SmoothL1, SoftMargin, HingeEmbedding, KlDiv, KlDivLog, PoissonLog,
  PoissonRate, Focal, MarginRanking,
} from './ops.js';

const ACC = new Float64Array(8);

// op.loss / op.lossGrad through one call site per Op: each site sees one function, so V8 inlines it (one
// shared `op.loss(...)` site would see every Op and call them all out of line).
function opLoss(op: Op, x: number, y: number, pw: number, hasPW: boolean, prm: number, prm2: number, T: Elem): number {
  if (op === Mse) return Mse.loss(x, y, pw, hasPW, prm, prm2, T);
  if (op === L1) return L1.loss(x, y, pw, hasPW, prm, prm2, T);
  if (op === Bce) return Bce.loss(x, y, pw, hasPW, prm, prm2, T);
  if (op === BceLogits) return BceLogits.loss(x, y, pw, hasPW, prm, prm2, T);
  if (op === Huber) return Huber.loss(x, y, pw, hasPW, prm, prm2, T);
  if (op === SmoothL1) return SmoothL1.loss(x, y, pw, hasPW, prm, prm2, T);
  if (op === SoftMargin) return SoftMargin.loss(x, y, pw, hasPW, prm, prm2, T);
  if (op === HingeEmbedding) return HingeEmbedding.loss(x, y, pw, hasPW, prm, prm2, T);
  if (op === KlDiv) return KlDiv.loss(x, y, pw, hasPW, prm, prm2, T);
  if (op === KlDivLog) return KlDivLog.loss(x, y, pw, hasPW, prm, prm2, T);
  if (op === PoissonLog) return PoissonLog.loss(x, y, pw, hasPW, prm, prm2, T);
  if (op === PoissonRate) return PoissonRate.loss(x, y, pw, hasPW, prm, prm2, T);
  if (op === Focal) return Focal.loss(x, y, pw, hasPW, prm, prm2, T);
  if (op === MarginRanking) return MarginRanking.loss(x, y, pw, hasPW, prm, prm2, T);
  return op.loss(x, y, pw, hasPW, prm, prm2, T); // the activations (activations.ts)
}

function opLossGrad(
  op: Op, x: number, y: number, pw: number, hasPW: boolean, prm: number, prm2: number, gm: number, g: FloatArray,
  i: number, T: Elem,
): number {
  if (op === Mse) return Mse.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
  if (op === L1) return L1.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
  if (op === Bce) return Bce.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
  if (op === BceLogits) return BceLogits.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
  if (op === Huber) return Huber.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
  if (op === SmoothL1) return SmoothL1.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
  if (op === SoftMargin) return SoftMargin.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
  if (op === HingeEmbedding) return HingeEmbedding.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
  if (op === KlDiv) return KlDiv.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
  if (op === KlDivLog) return KlDivLog.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
  if (op === PoissonLog) return PoissonLog.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
  if (op === PoissonRate) return PoissonRate.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
  if (op === Focal) return Focal.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
  if (op === MarginRanking) return MarginRanking.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
  return op.lossGrad(x, y, pw, hasPW, prm, prm2, gm, g, i, T);
}

/** One segment's arrays: x, y, go, loss, grad from element `base`; w from wBase, pw from pwBase. */
interface Segment {
  x: FloatArray; y: FloatArray; w: FloatArray | null; pw: FloatArray | null; go: FloatArray | null;
  loss: FloatArray | null; grad: FloatArray | null; base: number; wBase: number; pwBase: number;
}

/** The loss of element k of the segment (weighted), storing loss and gradient as asked (the kernel's step). */
function step(
  op: Op, s: Segment, k: number, scale: number, prm: number, prm2: number, storeGrad: boolean, T: Elem,
): number {
  const i = s.base + k, w = s.w, pw = s.pw, go = s.go;
  const vpw = pw !== null ? pw[s.pwBase + k] : 1;
  const vw = w !== null ? w[s.wBase + k] : 1;
  let l: number;
  if (storeGrad) {
    let gm = scale;
    if (w !== null) gm = T(gm * vw);
    if (go !== null) gm = T(gm * go[i]);
    l = opLossGrad(op, s.x[i], s.y[i], vpw, pw !== null, prm, prm2, gm, s.grad!, i, T);
  } else {
    l = opLoss(op, s.x[i], s.y[i], vpw, pw !== null, prm, prm2, T);
  }
  if (w !== null) l = T(l * vw);
  if (s.loss !== null) s.loss[i] = l;
  return l;
}

/** Σ over one segment of n elements in the kernel's order (see the header). */
function segment(
  op: Op, s: Segment, n: number, scale: number, prm: number, prm2: number, storeGrad: boolean, T: Elem,
): number {
  const L = lanes(T), mask = 2 * L - 1;
  const whole = n - (n % L); // elements in whole vectors
  let total = 0;
  for (let start = 0; start < whole; start += BLOCK) {
    const end = Math.min(whole, start + BLOCK);
    ACC.fill(0);
    for (let k = start; k < end; k++) {
      const j = (k - start) & mask;
      ACC[j] = T(ACC[j] + step(op, s, k, scale, prm, prm2, storeGrad, T));
    }
    total += T === f32
      ? (f32(ACC[0] + ACC[4]) + f32(ACC[1] + ACC[5])) + (f32(ACC[2] + ACC[6]) + f32(ACC[3] + ACC[7]))
      : (ACC[0] + ACC[2]) + (ACC[1] + ACC[3]);
  }
  for (let k = whole; k < n; k++) total += step(op, s, k, scale, prm, prm2, storeGrad, T);
  return total;
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
  const storeGrad = grad !== null;
  scale = T(scale); param = T(param); param2 = T(param2); // the export's scalar parameters have type T
  if ((w === null && pw === null && go === null) || period >= n) {
    const s: Segment = { x, y, w, pw, go, loss, grad, base: 0, wBase: 0, pwBase: 0 };
    return segment(op, s, n, scale, param, param2, storeGrad, T);
  }
  // weights broadcast along the last dimension: walk the rows, restarting the short weight vectors
  const wFull = w !== null && w.length === n, pwFull = pw !== null && pw.length === n;
  let total = 0;
  for (let base = 0; base < n; base += period) {
    const s: Segment = { x, y, w, pw, go, loss, grad, base, wBase: wFull ? base : 0, pwBase: pwFull ? base : 0 };
    total += segment(op, s, period, scale, param, param2, storeGrad, T);
  }
  return total;
}
