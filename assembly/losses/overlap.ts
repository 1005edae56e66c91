// Row losses over [N, C] from three sums per row (row_sums.ts): Keras's cosine_similarity, dice and tversky (axis -1).
// With P = Σ x·y, k = scale·go_n, each row's gradient is g_c = (gx·x_c + gy·y_c) + g0 (gx = 0 but for cosine, g0 = 0 for it):
//   cosine (kind 0): A = Σ x², B = Σ y², r_v = min(1/sqrt(Σ v²), 1/ε) (Keras 3's normalize: v·min(rsqrt(Σ v²), 1/ε)),
//     l = -P·rx·ry; gy = -k·rx·ry, gx = k·P·rx³·ry where rx is not clamped (the clamp's gradient is 0, as JAX's min).
//   dice (kind 1): A = Σ x, B = Σ y, D = (B + A) + ε, q = 2P/D, l = 1 - q; g0 = k·q/D, gy = -2k/D.
//   tversky (kind 2): fp = B - P (Keras's Σ(1 - x)·y), fn = A - P (Σ x·(1 - y)), D = ((P + α·fp) + β·fn) + ε,
//     q = P/D, l = 1 - q; g0 = k·β·q/D, gy = k·(q·(1 - α - β) - 1)/D.
// ε = 1e-7 (Keras's backend.epsilon(), rounded to T). For 0/1 masks the sums, fp and fn are exact integers.
import { at, lanes } from "../math/vec";
import { rowSums, sumP, sumA, sumB } from "./row_sums";

// kind: as OVERLAP_KINDS in src/backend.ts
const COSINE = 0, DICE = 1;

// Per-row gradient coefficients of rowLoss, read right after it.
let gX: f64 = 0, gY: f64 = 0, g0: f64 = 0;

/** 1/sqrt(s) clamped at 1/ε, and whether the clamp holds (where its gradient is 0). */
// @ts-ignore: decorator
@inline function invNorm<T>(s: T): T {
  const r = <T>1 / <T>Math.sqrt(<f64>s), lim: T = <T>1e7;
  return r > lim ? lim : r;
}

/** One row's loss from its sums; sets the gradient coefficients gX, gY, g0 for k = scale·go_n. */
// @ts-ignore: decorator
@inline function rowLoss<T>(kind: i32, P: T, A: T, B: T, alpha: T, beta: T, k: T): T {
  const eps: T = <T>1e-7;
  if (kind == COSINE) {
    const rx = invNorm<T>(A), ry = invNorm<T>(B), rxy = rx * ry;
    gY = <f64>(-(k * rxy));
    gX = rx == <T>1e7 ? 0 : <f64>(k * P * rxy * (rx * rx));
    g0 = 0;
    return -(P * rxy);
  }
  let D: T, q: T, c: T;
  if (kind == DICE) {
    D = B + A + eps;
    q = <T>2 * P / D;
    c = -2;
  } else {
    D = P + (B - P) * alpha + (A - P) * beta + eps;
    q = P / D;
    c = q * (<T>1 - alpha - beta) - <T>1;
  }
  g0 = <f64>(k * (kind == DICE ? q : beta * q) / D);
  gY = <f64>(k * c / D);
  gX = 0;
  return <T>1 - q;
}

/** g_c = (gx·x_c + gy·y_c) + g0 over one row (gx = 0 but for cosine, g0 = 0 for it). */
function rowGrad<T>(x: usize, y: usize, g: usize, C: i32): void {
  const L = lanes<T>();
  const gx = <T>gX, gy = <T>gY, gc = <T>g0;
  const vx = v128.splat<T>(gx), vy = v128.splat<T>(gy), vc = v128.splat<T>(gc);
  let i = 0;
  for (; i + L <= C; i += L) {
    const v = v128.add<T>(v128.mul<T>(vx, v128.load(at<T>(x, i))), v128.mul<T>(vy, v128.load(at<T>(y, i))));
    v128.store(at<T>(g, i), v128.add<T>(v, vc));
  }
  for (; i < C; i++) store<T>(at<T>(g, i), gx * load<T>(at<T>(x, i)) + gy * load<T>(at<T>(y, i)) + gc);
}

/** Σ over the rows [N, C] of the loss `kind`; per-row losses into `loss`, gradients into `grad` (scale·go_n per row). */
// @ts-ignore: decorator
@inline export function overlap<T>(
  x: usize, y: usize, N: i32, C: i32, kind: i32, alpha: T, beta: T, loss: usize, grad: usize, scale: T, go: usize,
): f64 {
  let total: f64 = 0;
  for (let n = 0; n < N; n++) {
    const off = n * C;
    const xr = at<T>(x, off), yr = at<T>(y, off);
    rowSums<T>(xr, yr, C, kind == COSINE);
    const k: T = go != 0 ? scale * load<T>(at<T>(go, n)) : scale;
    const l = rowLoss<T>(kind, <T>sumP, <T>sumA, <T>sumB, alpha, beta, k);
    if (grad != 0) rowGrad<T>(xr, yr, at<T>(grad, off), C);
    if (loss != 0) store<T>(at<T>(loss, n), l);
    total += <f64>l;
  }
  return total;
}
