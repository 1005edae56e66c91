// Cosine embedding loss over rows [N, D] of two inputs, PyTorch's form: cos = x1·x2 / sqrt((|x1|² + ε)(|x2|² + ε))
// with ε = 1e-12 (float32-rounded in float32 as PyTorch's constant), l = 1 - cos for y = 1, max(0, cos - margin) for
// y = -1, 0 for any other y. Two passes per row: the three sums, then both gradients:
// ∂cos/∂x1 = x2/den - cos·x1/(|x1|² + ε), ∂cos/∂x2 = x1/den - cos·x2/(|x2|² + ε).
import { at, lanes } from "../math/vec";
import { rowSums, sumP, sumA, sumB } from "./row_sums";

// @ts-ignore: decorator
@inline function rowCos<T>(a: usize, b: usize, D: i32, g1: usize, g2: usize, y: T, margin: T, s: T): T {
  const L = lanes<T>();
  rowSums<T>(a, b, D, true);
  const P = sumP, S1 = sumA, S2 = sumB;
  const eps: T = sizeof<T>() == 4 ? <T><f32>1e-12 : <T>1e-12;
  const m1 = <T>S1 + eps, m2 = <T>S2 + eps;
  const den = <T>Math.sqrt(<f64>(m1 * m2));
  const cos = <T>P / den;
  let l: T = 0, k: T = 0;
  if (y == 1) { l = 1 - cos; k = -s; }
  else if (y == -1) { const u = cos - margin; l = u > 0 || u != u ? u : 0; k = u >= 0 || u != u ? s : 0; } // (NaN stays NaN)
  if (g1 != 0) {
    const a1 = v128.splat<T>(k / den), c1 = v128.splat<T>(k * cos / m1), c2 = v128.splat<T>(k * cos / m2);
    let i = 0;
    for (; i + L <= D; i += L) {
      const va = v128.load(at<T>(a, i)), vb = v128.load(at<T>(b, i));
      v128.store(at<T>(g1, i), v128.sub<T>(v128.mul<T>(a1, vb), v128.mul<T>(c1, va)));
      v128.store(at<T>(g2, i), v128.sub<T>(v128.mul<T>(a1, va), v128.mul<T>(c2, vb)));
    }
    for (; i < D; i++) {
      const va = load<T>(at<T>(a, i)), vb = load<T>(at<T>(b, i));
      store<T>(at<T>(g1, i), k / den * vb - k * cos / m1 * va);
      store<T>(at<T>(g2, i), k / den * va - k * cos / m2 * vb);
    }
  }
  return l;
}

/** Σ over rows; per-row losses into `loss`, gradients for both inputs into g1, g2 (scale·go_n per row). */
// @ts-ignore: decorator
@inline export function cosineEmbedding<T>(
  x1: usize, x2: usize, y: usize, N: i32, D: i32, margin: T, loss: usize, g1: usize, g2: usize, scale: T, go: usize,
): f64 {
  let total: f64 = 0;
  for (let n = 0; n < N; n++) {
    const off = n * D;
    const s: T = go != 0 ? scale * load<T>(at<T>(go, n)) : scale;
    const l = rowCos<T>(at<T>(x1, off), at<T>(x2, off), D, g1 != 0 ? at<T>(g1, off) : 0, g2 != 0 ? at<T>(g2, off) : 0,
      load<T>(at<T>(y, n)), margin, s);
    if (loss != 0) store<T>(at<T>(loss, n), l);
    total += <f64>l;
  }
  return total;
}
