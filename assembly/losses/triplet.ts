// Triplet margin loss over rows [N, D] of anchor a, positive p and negative n, PyTorch's definition:
// l = max(0, margin + d(a, p) - d_neg), d_neg = d(a, n), or min(d(a, n), d(p, n)) with swap.
//   pairwise d(x, y) = ‖x - y + eps‖_q (eps added to every component, as pairwise_distance), gradient
//     ∇_x = sign(v)·|v|^(q-1)/d^(q-1) with v = x - y + eps, ∇_y = -∇_x (0 where d = 0);
//   cosine d(x, y) = 1 - x·y/sqrt(max(|x|²|y|², ε²)) (ε = 1e-8, as 1.13's cosine_similarity).
// Gradients for all three inputs, scaled by s where the hinge is active. Scalar loops over D per row.
import { at } from "../math/vec";

// @ts-ignore: decorator
@inline function pnorm<T>(x: usize, y: usize, D: i32, q: T, eps: T): T {
  let s: T = 0;
  for (let j = 0; j < D; j++) {
    const v = load<T>(at<T>(x, j)) - load<T>(at<T>(y, j)) + eps;
    s += q == 2 ? v * v : q == 1 ? abs<T>(v) : <T>Math.pow(<f64>abs<T>(v), <f64>q);
  }
  return q == 2 ? <T>Math.sqrt(<f64>s) : q == 1 ? s : <T>Math.pow(<f64>s, 1 / <f64>q);
}

// @ts-ignore: decorator
@inline function cosdist<T>(x: usize, y: usize, D: i32): T {
  let w12: T = 0, w1: T = 0, w2: T = 0;
  for (let j = 0; j < D; j++) {
    const a = load<T>(at<T>(x, j)), b = load<T>(at<T>(y, j));
    w12 += a * b; w1 += a * a; w2 += b * b;
  }
  const e: T = sizeof<T>() == 4 ? <T><f32>1e-8 : <T>1e-8;
  const n12 = <T>Math.sqrt(<f64>max<T>(w1 * w2, e * e));
  return 1 - w12 / n12;
}

/** d(x, y) for the chosen distance; a call per row (inlined, its three uses made three copies). */
function dist<T>(x: usize, y: usize, D: i32, cosine: bool, q: T, eps: T): T {
  return cosine ? cosdist<T>(x, y, D) : pnorm<T>(x, y, D, q, eps);
}

/** gx += k·∇_x d(x, y), gy += k·∇_y d(x, y) (d is the distance already computed). */
function addGrad<T>(x: usize, y: usize, gx: usize, gy: usize, D: i32, cosine: bool, q: T, eps: T, d: T, k: T): void {
  if (k == 0) return;
  if (cosine) {
    let w12: T = 0, w1: T = 0, w2: T = 0;
    for (let j = 0; j < D; j++) {
      const a = load<T>(at<T>(x, j)), b = load<T>(at<T>(y, j));
      w12 += a * b; w1 += a * a; w2 += b * b;
    }
    const e: T = sizeof<T>() == 4 ? <T><f32>1e-8 : <T>1e-8;
    const free = w1 * w2 > e * e;
    const n12 = <T>Math.sqrt(<f64>max<T>(w1 * w2, e * e));
    const cos = w12 / n12;
    for (let j = 0; j < D; j++) {
      const a = load<T>(at<T>(x, j)), b = load<T>(at<T>(y, j));
      // d = 1 - cos: ∇_x d = -(y/n12 - cos·x/|x|²), the second term only where the clamp is off
      const dx = -(b / n12 - (free ? cos * a / w1 : 0));
      const dy = -(a / n12 - (free ? cos * b / w2 : 0));
      store<T>(at<T>(gx, j), load<T>(at<T>(gx, j)) + k * dx);
      store<T>(at<T>(gy, j), load<T>(at<T>(gy, j)) + k * dy);
    }
    return;
  }
  if (d == 0) return;
  for (let j = 0; j < D; j++) {
    const v = load<T>(at<T>(x, j)) - load<T>(at<T>(y, j)) + eps;
    const sg: T = v > 0 ? 1 : v < 0 ? -1 : 0;
    const gv = q == 2 ? v / d : q == 1 ? sg : sg * <T>Math.pow(<f64>abs<T>(v) / <f64>d, <f64>q - 1);
    store<T>(at<T>(gx, j), load<T>(at<T>(gx, j)) + k * gv);
    store<T>(at<T>(gy, j), load<T>(at<T>(gy, j)) - k * gv);
  }
}

/** Σ over rows; per-row losses into `loss`; gradients for a, p, n into ga, gp, gn (zeroed here). */
// @ts-ignore: decorator
@inline export function triplet<T>(
  a: usize, p: usize, n: usize, N: i32, D: i32, margin: T, q: T, eps: T, swap: bool, cosine: bool,
  loss: usize, ga: usize, gp: usize, gn: usize, scale: T, go: usize,
): f64 {
  if (ga != 0) {
    const bytes = (<usize>N * D) << alignof<T>();
    memory.fill(ga, 0, bytes); memory.fill(gp, 0, bytes); memory.fill(gn, 0, bytes);
  }
  let total: f64 = 0;
  for (let r = 0; r < N; r++) {
    const o = r * D;
    const ar = at<T>(a, o), pr = at<T>(p, o), nr = at<T>(n, o);
    const dap = dist<T>(ar, pr, D, cosine, q, eps);
    const dan = dist<T>(ar, nr, D, cosine, q, eps);
    let useP = false, dneg = dan;
    if (swap) {
      const dpn = dist<T>(pr, nr, D, cosine, q, eps);
      if (dpn < dan) { useP = true; dneg = dpn; }
    }
    const u = margin + dap - dneg;
    const l: T = u > 0 || u != u ? u : 0; // clamp_min(u, 0): NaN stays NaN, as PyTorch
    if (loss != 0) store<T>(at<T>(loss, r), l);
    total += <f64>l;
    if (ga != 0 && (u >= 0 || u != u)) {
      const s: T = go != 0 ? scale * load<T>(at<T>(go, r)) : scale;
      addGrad<T>(ar, pr, at<T>(ga, o), at<T>(gp, o), D, cosine, q, eps, dap, s);
      if (useP) addGrad<T>(pr, nr, at<T>(gp, o), at<T>(gn, o), D, cosine, q, eps, dneg, -s);
      else addGrad<T>(ar, nr, at<T>(ga, o), at<T>(gn, o), D, cosine, q, eps, dneg, -s);
    }
  }
  return total;
}
