// torchvision 0.14's box losses over pairs of boxes (x1, y1, x2, y2), eps = 1e-7, in its order of operations:
//   I = (min(x2, X2) - max(x1, X1))·(min(y2, Y2) - max(y1, Y1)) where both factors are > 0, else 0;
//   U = (x2 - x1)(y2 - y1) + (X2 - X1)(Y2 - Y1) - I;  iou = I/(U + eps);  C = the smallest enclosing box;
//   GIoU: 1 - (iou - (area_C - U)/(area_C + eps));
//   DIoU: 1 - iou + ρ²/(diag_C² + eps), ρ = the distance between the centres;
//   CIoU: DIoU + α·v, v = 4/π²·(atan(W/H) - atan(w/h))², α = v/(1 - iou + v + eps) held constant (no_grad).
// The gradients are torchvision's autograd: a min or max of two equal coordinates passes half of its gradient to
// each (PyTorch's maximum/minimum backward), the intersection passes none where it is clamped at 0.
// Both types compute in float64 (float32 boxes are widened, each result rounded once): a float32 result is the
// float64 result on the same boxes rounded to float32, bit for bit (test/boxes.test.ts), so within 1 float32 ulp
// of it even where the loss cancels to near 0 (identical boxes). Scalar: the work per pair is a few divisions
// and, for CIoU, two arctangents (math/atan.ts).
import { at } from "../math/vec";
import { atan } from "../math/atan";

export const GIOU = 0, DIOU = 1, CIOU = 2;
const EPS: f64 = 1e-7;
const V_SCALE: f64 = 4 / (Math.PI * Math.PI);

/** The part of max(a, b)'s gradient g that reaches a: all where a > b, none where a < b, half at a tie. */
// @ts-ignore: decorator
@inline function maxShare(a: f64, b: f64, g: f64): f64 { return a == b ? g / 2 : a < b ? 0 : g; }
/** The part of min(a, b)'s gradient g that reaches a. */
// @ts-ignore: decorator
@inline function minShare(a: f64, b: f64, g: f64): f64 { return a == b ? g / 2 : a > b ? 0 : g; }

/** One pair of boxes at p and q: its loss; with g ≠ 0, s·∂loss/∂box into the 4 elements at g and at h. */
// @ts-ignore: decorator
@inline function pair<T>(kind: i32, p: usize, q: usize, g: usize, h: usize, s: f64): f64 {
  const x1 = <f64>load<T>(at<T>(p, 0)), y1 = <f64>load<T>(at<T>(p, 1)), x2 = <f64>load<T>(at<T>(p, 2)), y2 = <f64>load<T>(at<T>(p, 3));
  const X1 = <f64>load<T>(at<T>(q, 0)), Y1 = <f64>load<T>(at<T>(q, 1)), X2 = <f64>load<T>(at<T>(q, 2)), Y2 = <f64>load<T>(at<T>(q, 3));
  // the IoU terms every kind shares
  const ix1 = max(x1, X1), iy1 = max(y1, Y1), ix2 = min(x2, X2), iy2 = min(y2, Y2);
  const iw = ix2 - ix1, ih = iy2 - iy1;
  const overlap = iy2 > iy1 && ix2 > ix1;
  const inter: f64 = overlap ? iw * ih : 0;
  const w1 = x2 - x1, h1 = y2 - y1, w2 = X2 - X1, h2 = Y2 - Y1;
  const union = w1 * h1 + w2 * h2 - inter;
  const ue = union + EPS;
  const iou = inter / ue;
  const cw = max(x2, X2) - min(x1, X1), ch = max(y2, Y2) - min(y1, Y1);
  // the penalty of each kind, and the gradients of the loss for U (besides through iou) and for cw, ch
  let loss: f64, gU: f64 = 0, gcw: f64, gch: f64;
  let ex: f64 = 0, ey: f64 = 0, gc: f64 = 0, gv: f64 = 0, d: f64 = 0, r1: f64 = 0, r2: f64 = 0;
  if (kind == GIOU) {
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
    if (kind == CIOU) {
      r1 = w1 / h1; r2 = w2 / h2;
      d = atan(r2) - atan(r1);
      const v = V_SCALE * (d * d);
      const alpha = v / (1 - iou + v + EPS);
      loss += alpha * v;
      gv = s * alpha;
    }
  }
  if (g == 0) return loss;
  // back through iou = I/(U + eps) and U = area1 + area2 - I
  const gIou = -s;
  gU -= gIou * iou / ue;
  const gI = gIou / ue - gU;
  const giw: f64 = overlap ? gI * ih : 0, gih: f64 = overlap ? gI * iw : 0;
  let gw1 = gU * h1, gh1 = gU * w1, gw2 = gU * h2, gh2 = gU * w2;
  if (kind == CIOU) { // v's two arctangents of w/h
    const gd = gv * V_SCALE * (2 * d);
    const gr2 = gd / (1 + r2 * r2), gr1 = -gd / (1 + r1 * r1);
    gw2 += gr2 / h2; gh2 += -gr2 * w2 / (h2 * h2);
    gw1 += gr1 / h1; gh1 += -gr1 * w1 / (h1 * h1);
  }
  // the centres' distance (DIoU, CIoU): ∂ρ²/∂ex = 2ex, and each corner carries half of its centre
  const gx = gc * ex, gy = gc * ey;
  store<T>(at<T>(g, 0), <T>(-gw1 + gx + maxShare(x1, X1, -giw) + minShare(x1, X1, -gcw)));
  store<T>(at<T>(g, 1), <T>(-gh1 + gy + maxShare(y1, Y1, -gih) + minShare(y1, Y1, -gch)));
  store<T>(at<T>(g, 2), <T>(gw1 + gx + minShare(x2, X2, giw) + maxShare(x2, X2, gcw)));
  store<T>(at<T>(g, 3), <T>(gh1 + gy + minShare(y2, Y2, gih) + maxShare(y2, Y2, gch)));
  store<T>(at<T>(h, 0), <T>(-gw2 - gx + maxShare(X1, x1, -giw) + minShare(X1, x1, -gcw)));
  store<T>(at<T>(h, 1), <T>(-gh2 - gy + maxShare(Y1, y1, -gih) + minShare(Y1, y1, -gch)));
  store<T>(at<T>(h, 2), <T>(gw2 - gx + minShare(X2, x2, giw) + maxShare(X2, x2, gcw)));
  store<T>(at<T>(h, 3), <T>(gh2 - gy + minShare(Y2, y2, gih) + maxShare(Y2, y2, gch)));
  return loss;
}

/**
 * Σ over N pairs of boxes [N, 4] of the loss of `kind` (GIOU, DIOU, CIOU); per-pair losses into `loss`, gradients
 * scale·go_n·∂l/∂box for both sets into g1, g2 when given.
 */
// @ts-ignore: decorator
@inline export function boxIou<T>(kind: i32, b1: usize, b2: usize, N: i32, loss: usize, g1: usize, g2: usize, scale: f64, go: usize): f64 {
  let total: f64 = 0;
  for (let n = 0; n < N; n++) {
    const s = go != 0 ? scale * <f64>load<T>(at<T>(go, n)) : scale;
    const l = pair<T>(kind, at<T>(b1, 4 * n), at<T>(b2, 4 * n), g1 != 0 ? at<T>(g1, 4 * n) : 0, g2 != 0 ? at<T>(g2, 4 * n) : 0, s);
    if (loss != 0) store<T>(at<T>(loss, n), <T>l);
    total += l;
  }
  return total;
}
