// Mirror of assembly/losses/boxes.ts: torchvision's GIoU, DIoU and CIoU losses over pairs of boxes, every type
// computed in float64 (no rounding before the stores), the same operations in the same order. Formulas: see the kernel.
import type { FloatArray } from '../../types.js';
import { atan } from '../math/atan.js';

export const GIOU = 0, DIOU = 1, CIOU = 2;
const EPS = 1e-7;
const V_SCALE = 4 / (Math.PI * Math.PI);

/** The part of max(a, b)'s gradient g that reaches a: all where a > b, none where a < b, half at a tie (both for NaN). */
const maxShare = (a: number, b: number, g: number): number => (a === b ? g / 2 : a < b ? 0 : g);

// The current pair's coordinates and their gradients, in float64: x1, y1, x2, y2 of the first box, then of the second.
const BOX = new Float64Array(8), GRADS = new Float64Array(8);

/** The pair of boxes in BOX: its loss, and s·∂loss/∂coordinate into GRADS. */
function pair(kind: number, s: number): number {
  const [x1, y1, x2, y2, X1, Y1, X2, Y2] = BOX;
  // the IoU terms every kind shares
  const ix1 = Math.max(x1, X1), iy1 = Math.max(y1, Y1), ix2 = Math.min(x2, X2), iy2 = Math.min(y2, Y2);
  const iw = ix2 - ix1, ih = iy2 - iy1;
  const overlap = iy2 > iy1 && ix2 > ix1;
  const inter = overlap ? iw * ih : 0;
  const w1 = x2 - x1, h1 = y2 - y1, w2 = X2 - X1, h2 = Y2 - Y1;
  const union = w1 * h1 + w2 * h2 - inter;
  const ue = union + EPS;
  const iou = inter / ue;
  const cw = Math.max(x2, X2) - Math.min(x1, X1), ch = Math.max(y2, Y2) - Math.min(y1, Y1);
  // the penalty of each kind, and the gradients of the loss for U (besides through iou) and for cw, ch
  let loss: number, gU = 0, gcw: number, gch: number;
  let gx = 0, gy = 0, gv = 0, d = 0, r1 = 0, r2 = 0;
  if (kind === GIOU) {
    const area = cw * ch, ae = area + EPS;
    const r = (area - union) / ae;
    loss = 1 - (iou - r);
    gU = -s / ae;
    const gArea = s * (1 - r) / ae;
    gcw = gArea * ch; gch = gArea * cw;
  } else {
    const diag = cw * cw + ch * ch + EPS;
    const ex = (x2 + x1) / 2 - (X1 + X2) / 2, ey = (y2 + y1) / 2 - (Y1 + Y2) / 2;
    const rho = ex * ex + ey * ey;
    loss = 1 - iou + rho / diag;
    // the centres' distance: ∂ρ²/∂ex = 2ex, and each corner carries half of its centre
    const gc = s / diag;
    gx = gc * ex; gy = gc * ey;
    const gDiag = -(s * rho) / (diag * diag);
    gcw = gDiag * 2 * cw; gch = gDiag * 2 * ch;
    if (kind === CIOU) {
      r1 = w1 / h1; r2 = w2 / h2;
      d = atan(r2) - atan(r1);
      const v = V_SCALE * (d * d);
      const alpha = v / (1 - iou + v + EPS);
      loss += alpha * v;
      gv = s * alpha;
    }
  }
  // back through iou = I/(U + eps) and U = area1 + area2 - I
  const gIou = -s;
  gU -= gIou * iou / ue;
  const gI = gIou / ue - gU;
  const giw = overlap ? gI * ih : 0, gih = overlap ? gI * iw : 0;
  let gw1 = gU * h1, gh1 = gU * w1, gw2 = gU * h2, gh2 = gU * w2;
  if (kind === CIOU) { // v's two arctangents of w/h
    const gd = gv * V_SCALE * (2 * d);
    const gr2 = gd / (1 + r2 * r2), gr1 = -gd / (1 + r1 * r1);
    gw2 += gr2 / h2; gh2 -= gr2 * w2 / (h2 * h2);
    gw1 += gr1 / h1; gh1 -= gr1 * w1 / (h1 * h1);
  }
  // each coordinate k of both boxes: its own terms, then its shares of the intersection's and the enclosing box's min or max
  for (let k = 0; k < 4; k++) {
    const sg = k < 2 ? -1 : 1, even = (k & 1) === 0;
    const a = BOX[k], b = BOX[k + 4];
    const p = k < 2 ? a : b, q = k < 2 ? b : a;
    const gI = sg * (even ? giw : gih), gC = sg * (even ? gcw : gch), gm = even ? gx : gy;
    GRADS[k] = sg * (even ? gw1 : gh1) + gm + maxShare(p, q, gI) + maxShare(q, p, gC);
    GRADS[k + 4] = sg * (even ? gw2 : gh2) - gm + maxShare(q, p, gI) + maxShare(p, q, gC);
  }
  return loss;
}

/** Σ over N pairs of boxes of the loss of `kind`; per-pair losses into `loss`, gradients for both sets into g1, g2. */
export function boxIou(
  kind: number, b1: FloatArray, b2: FloatArray, N: number, loss: FloatArray | null, g1: FloatArray | null,
  g2: FloatArray | null, scale: number, go: FloatArray | null,
): number {
  let total = 0;
  for (let n = 0, p = 0; n < N; n++, p += 4) {
    for (let k = 0; k < 4; k++) { BOX[k] = b1[p + k]; BOX[k + 4] = b2[p + k]; }
    const l = pair(kind, go !== null ? scale * go[n] : scale);
    if (g1 !== null && g2 !== null) {
      for (let k = 0; k < 4; k++) { g1[p + k] = GRADS[k]; g2[p + k] = GRADS[k + 4]; }
    }
    if (loss !== null) loss[n] = l;
    total += l;
  }
  return total;
}
