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
// and, for CIoU, two arctangents (math/atan.ts); the gradients are computed on every call (a smaller module).
import { atan } from "../math/atan";
import { scratch, BOX_AT } from "../scratch";

export const GIOU = 0, DIOU = 1, CIOU = 2;
const EPS: f64 = 1e-7;
const V_SCALE: f64 = 4 / (Math.PI * Math.PI);

/** The part of max(a, b)'s gradient g that reaches a: all where a > b, none where a < b, half at a tie (both for NaN). */
// @ts-ignore: decorator
@inline function maxShare(a: f64, b: f64, g: f64): f64 { return a == b ? g / 2 : a < b ? 0 : g; }

// The current pair's coordinates and their gradients, in float64 (x1, y1, x2, y2 of the first box, then of the
// second), in this instance's scratch block (threads share the memory, not their scratch).
// @ts-ignore: decorator
@inline function pairAt(): usize { return scratch + BOX_AT; }

/** The pair of boxes in BOX: its loss, and s·∂loss/∂coordinate into GRADS. */
function pair(kind: i32, s: f64): f64 {
  const BOX = pairAt(), GRADS = BOX + 64;
  const x1 = load<f64>(BOX), y1 = load<f64>(BOX, 8), x2 = load<f64>(BOX, 16), y2 = load<f64>(BOX, 24);
  const X1 = load<f64>(BOX, 32), Y1 = load<f64>(BOX, 40), X2 = load<f64>(BOX, 48), Y2 = load<f64>(BOX, 56);
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
  let gx: f64 = 0, gy: f64 = 0, gv: f64 = 0, d: f64 = 0, r1: f64 = 0, r2: f64 = 0;
  if (kind == GIOU) {
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
    if (kind == CIOU) {
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
  const giw: f64 = overlap ? gI * ih : 0, gih: f64 = overlap ? gI * iw : 0;
  let gw1 = gU * h1, gh1 = gU * w1, gw2 = gU * h2, gh2 = gU * w2;
  if (kind == CIOU) { // v's two arctangents of w/h
    const gd = gv * V_SCALE * (2 * d);
    const gr2 = gd / (1 + r2 * r2), gr1 = -gd / (1 + r1 * r1);
    gw2 += gr2 / h2; gh2 -= gr2 * w2 / (h2 * h2);
    gw1 += gr1 / h1; gh1 -= gr1 * w1 / (h1 * h1);
  }
  // each coordinate k (x1, y1, x2, y2) of both boxes: its own terms, then its shares of the intersection's max
  // (k < 2) or min and of the enclosing box's min (k < 2) or max; min(a, b) passes to a what max(b, a) passes to b
  for (let k = 0; k < 4; k++) {
    const sg: f64 = k < 2 ? -1 : 1, even = (k & 1) == 0;
    const a = load<f64>(BOX + (<usize>k << 3)), b = load<f64>(BOX + (<usize>(k + 4) << 3));
    const p = k < 2 ? a : b, q = k < 2 ? b : a;
    const gI = sg * (even ? giw : gih), gC = sg * (even ? gcw : gch), gm = even ? gx : gy;
    store<f64>(GRADS + (<usize>k << 3), sg * (even ? gw1 : gh1) + gm + maxShare(p, q, gI) + maxShare(q, p, gC));
    store<f64>(GRADS + (<usize>(k + 4) << 3), sg * (even ? gw2 : gh2) - gm + maxShare(q, p, gI) + maxShare(p, q, gC));
  }
  return loss;
}

/** Element i of an array of float32 (single) or float64 at p, as float64. */
// @ts-ignore: decorator
@inline function get(p: usize, i: i32, single: bool): f64 {
  return single ? <f64>load<f32>(p + (<usize>i << 2)) : load<f64>(p + (<usize>i << 3));
}
/** Stores v, rounded to float32 where single. */
// @ts-ignore: decorator
@inline function put(p: usize, i: i32, v: f64, single: bool): void {
  if (single) store<f32>(p + (<usize>i << 2), <f32>v);
  else store<f64>(p + (<usize>i << 3), v);
}

/**
 * Σ over N pairs of boxes [N, 4] of the loss of `kind` (GIOU, DIOU, CIOU); per-pair losses into `loss`, gradients
 * scale·go_n·∂l/∂box for both sets into g1, g2 when given (both or neither). The arrays hold float32 where
 * `single`, else float64: the element type is a flag rather than a type parameter, so the code is there once.
 */
export function boxIou(single: bool, kind: i32, b1: usize, b2: usize, N: i32, loss: usize, g1: usize, g2: usize, scale: f64, go: usize): f64 {
  let total: f64 = 0;
  const BOX = pairAt(), GRADS = BOX + 64;
  for (let n = 0; n < N; n++) {
    const i = 4 * n;
    for (let k = 0; k < 8; k++) store<f64>(BOX + (<usize>k << 3), get(k < 4 ? b1 : b2, i + (k & 3), single));
    const l = pair(kind, go != 0 ? scale * get(go, n, single) : scale);
    if (g1 != 0) for (let k = 0; k < 8; k++) put(k < 4 ? g1 : g2, i + (k & 3), load<f64>(GRADS + (<usize>k << 3)), single);
    if (loss != 0) put(loss, n, l, single);
    total += l;
  }
  return total;
}
