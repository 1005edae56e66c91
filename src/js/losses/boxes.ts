// Mirror of assembly/losses/boxes.ts: torchvision's GIoU, DIoU and CIoU losses over pairs of boxes, every type
// computed in float64 (no rounding before the stores), the same operations in the same order. Formulas: see the kernel.
import type { FloatArray } from '../../types.js';
import { atan } from '../math/atan.js';

export const GIOU = 0, DIOU = 1, CIOU = 2;
const EPS = 1e-7;
const V_SCALE = 4 / (Math.PI * Math.PI);

/** The part of max(a, b)'s gradient g that reaches a: all where a > b, none where a < b, half at a tie. */
const maxShare = (a: number, b: number, g: number): number => (a === b ? g / 2 : a < b ? 0 : g);
/** The part of min(a, b)'s gradient g that reaches a. */
const minShare = (a: number, b: number, g: number): number => (a === b ? g / 2 : a > b ? 0 : g);

/** One pair of boxes at p in b1 and b2: its loss; with g1, s·∂loss/∂box into g1 and g2 at p. */
function pair(kind: number, b1: FloatArray, b2: FloatArray, p: number, g1: FloatArray | null, g2: FloatArray | null, s: number): number {
  const x1 = b1[p], y1 = b1[p + 1], x2 = b1[p + 2], y2 = b1[p + 3];
  const X1 = b2[p], Y1 = b2[p + 1], X2 = b2[p + 2], Y2 = b2[p + 3];
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
  let ex = 0, ey = 0, gc = 0, gv = 0, d = 0, r1 = 0, r2 = 0;
  if (kind === GIOU) {
    const area = cw * ch, ae = area + EPS;
    const r = (area - union) / ae;
    loss = 1 - (iou - r);
    gU = -s / ae;
    const gArea = s * (1 - r) / ae;
    gcw = gArea * ch; gch = gArea * cw;
  } else {
    const diag = cw * cw + ch * ch + EPS;
    ex = (x2 + x1) / 2 - (X1 + X2) / 2; ey = (y2 + y1) / 2 - (Y1 + Y2) / 2;
    const rho = ex * ex + ey * ey;
    loss = 1 - iou + rho / diag;
    gc = s / diag;
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
  if (g1 === null || g2 === null) return loss;
  // back through iou = I/(U + eps) and U = area1 + area2 - I
  const gIou = -s;
  gU -= gIou * iou / ue;
  const gI = gIou / ue - gU;
  const giw = overlap ? gI * ih : 0, gih = overlap ? gI * iw : 0;
  let gw1 = gU * h1, gh1 = gU * w1, gw2 = gU * h2, gh2 = gU * w2;
  if (kind === CIOU) { // v's two arctangents of w/h
    const gd = gv * V_SCALE * (2 * d);
    const gr2 = gd / (1 + r2 * r2), gr1 = -gd / (1 + r1 * r1);
    gw2 += gr2 / h2; gh2 += -gr2 * w2 / (h2 * h2);
    gw1 += gr1 / h1; gh1 += -gr1 * w1 / (h1 * h1);
  }
  // the centres' distance (DIoU, CIoU): ∂ρ²/∂ex = 2ex, and each corner carries half of its centre
  const gx = gc * ex, gy = gc * ey;
  g1[p] = -gw1 + gx + maxShare(x1, X1, -giw) + minShare(x1, X1, -gcw);
  g1[p + 1] = -gh1 + gy + maxShare(y1, Y1, -gih) + minShare(y1, Y1, -gch);
  g1[p + 2] = gw1 + gx + minShare(x2, X2, giw) + maxShare(x2, X2, gcw);
  g1[p + 3] = gh1 + gy + minShare(y2, Y2, gih) + maxShare(y2, Y2, gch);
  g2[p] = -gw2 - gx + maxShare(X1, x1, -giw) + minShare(X1, x1, -gcw);
  g2[p + 1] = -gh2 - gy + maxShare(Y1, y1, -gih) + minShare(Y1, y1, -gch);
  g2[p + 2] = gw2 - gx + minShare(X2, x2, giw) + maxShare(X2, x2, gcw);
  g2[p + 3] = gh2 - gy + minShare(Y2, y2, gih) + maxShare(Y2, y2, gch);
  return loss;
}

/** Σ over N pairs of boxes of the loss of `kind`; per-pair losses into `loss`, gradients for both sets into g1, g2. */
export function boxIou(
  kind: number, b1: FloatArray, b2: FloatArray, N: number, loss: FloatArray | null, g1: FloatArray | null,
  g2: FloatArray | null, scale: number, go: FloatArray | null,
): number {
  let total = 0;
  for (let n = 0; n < N; n++) {
    const l = pair(kind, b1, b2, 4 * n, g1, g2, go !== null ? scale * go[n] : scale);
    if (loss !== null) loss[n] = l;
    total += l;
  }
  return total;
}
