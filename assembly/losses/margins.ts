// Row losses with class-index targets over [N, C], PyTorch's CPU kernels (LossMultiMargin.cpp,
// LossMultiLabelMargin.cpp) in their order of operations.
//   multi margin:        l_n = Σ_{i≠y} w_y·h(margin - x_y + x_i)/C, h(z) = z or z² where z > 0, else 0;
//                        ∂/∂x_i = w_y·(1 or 2z)/C, ∂/∂x_y = -Σ of those (times the scale).
//   multilabel margin:   targets y_1 … y_k (ended by -1): l_n = Σ_j Σ_{i∉y} max(0, 1 - (x_{y_j} - x_i))/C.
import { at, lanes } from "../math/vec";
import { K, ZERO } from "../math/consts";

/** Lanes of the vector at element i that hold element y. */
// @ts-ignore: decorator
@inline function laneIs<T>(i: i32, y: i32): v128 {
  if (sizeof<T>() == 4) return i32x4.eq(i32x4.add(i32x4.splat(i), i32x4(0, 1, 2, 3)), i32x4.splat(y));
  return i64x2.eq(i64x2.add(i64x2.splat(i), i64x2(0, 1)), i64x2.splat(y));
}

/** One row of multi margin; writes the scaled gradient row when g ≠ 0. */
// @ts-ignore: decorator
@inline function multiMarginRow<T>(x: usize, C: i32, y: i32, wy: T, margin: T, p2: bool, g: usize, s: T): T {
  const L = lanes<T>();
  const base = margin - load<T>(at<T>(x, y));
  const vb = v128.splat<T>(base), vk = v128.splat<T>(wy / <T>C * s);
  let acc = K<T>(ZERO);
  let gy: T = 0;
  let i = 0;
  for (; i + L <= C; i += L) {
    const z = v128.add<T>(vb, v128.load(at<T>(x, i)));
    const pos = v128.andnot(v128.gt<T>(z, K<T>(ZERO)), laneIs<T>(i, y)); // the target class takes no part
    const h = v128.and(p2 ? v128.mul<T>(z, z) : z, pos);
    acc = v128.add<T>(acc, h);
    if (g != 0) v128.store(at<T>(g, i), v128.mul<T>(v128.and(p2 ? v128.add<T>(z, z) : v128.splat<T>(1), pos), vk));
  }
  let sum: T = v128.extract_lane<T>(acc, 0) + v128.extract_lane<T>(acc, 1);
  if (lanes<T>() == 4) sum += v128.extract_lane<T>(acc, 2) + v128.extract_lane<T>(acc, 3);
  for (; i < C; i++) {
    if (i == y) continue;
    const z = base + load<T>(at<T>(x, i));
    if (z > 0) sum += p2 ? z * z : z;
    if (g != 0) store<T>(at<T>(g, i), z > 0 ? (p2 ? <T>2 * z : <T>1) * (wy / <T>C * s) : <T>0);
  }
  if (g != 0) {
    for (let j = 0; j < C; j++) if (j != y) gy += load<T>(at<T>(g, j));
    store<T>(at<T>(g, y), -gy);
  }
  return sum * wy / <T>C;
}

/** Σ over N rows of multi margin (p = 1 or 2); per-row losses and gradient rows as asked. */
// @ts-ignore: decorator
@inline export function multiMargin<T>(
  x: usize, t: usize, w: usize, N: i32, C: i32, p2: bool, margin: T, loss: usize, grad: usize, scale: T, go: usize,
): f64 {
  let total: f64 = 0;
  for (let n = 0; n < N; n++) {
    const y = load<i32>(t + (<usize>n << 2));
    const wy: T = w != 0 ? load<T>(at<T>(w, y)) : 1;
    const s: T = go != 0 ? scale * load<T>(at<T>(go, n)) : scale;
    const l = multiMarginRow<T>(at<T>(x, n * C), C, y, wy, margin, p2, grad != 0 ? at<T>(grad, n * C) : 0, s);
    if (loss != 0) store<T>(at<T>(loss, n), l);
    total += <f64>l;
  }
  return total;
}

/** Σ over N rows of multilabel margin; `mark` is C bytes of scratch per call (is-target flags). */
// @ts-ignore: decorator
@inline export function multilabelMargin<T>(
  x: usize, t: usize, mark: usize, N: i32, C: i32, loss: usize, grad: usize, scale: T, go: usize,
): f64 {
  let total: f64 = 0;
  if (grad != 0) memory.fill(grad, 0, (<usize>N * C) << alignof<T>());
  for (let n = 0; n < N; n++) {
    const xr = at<T>(x, n * C), tr = t + (<usize>(n * C) << 2);
    memory.fill(mark, 0, <usize>C);
    let k = 0;
    for (; k < C; k++) {
      const yj = load<i32>(tr + (<usize>k << 2));
      if (yj < 0) break;
      store<u8>(mark + <usize>yj, 1);
    }
    const s: T = go != 0 ? scale * load<T>(at<T>(go, n)) : scale;
    let sum: T = 0;
    for (let j = 0; j < k; j++) {
      const yj = load<i32>(tr + (<usize>j << 2));
      const xy = load<T>(at<T>(xr, yj));
      for (let i = 0; i < C; i++) {
        if (load<u8>(mark + <usize>i) != 0) continue;
        const z = <T>1 - xy + load<T>(at<T>(xr, i));
        if (z > 0) {
          sum += z;
          if (grad != 0) {
            const gr = at<T>(grad, n * C);
            store<T>(at<T>(gr, yj), load<T>(at<T>(gr, yj)) - s / <T>C);
            store<T>(at<T>(gr, i), load<T>(at<T>(gr, i)) + s / <T>C);
          }
        }
      }
    }
    const l = sum / <T>C;
    if (loss != 0) store<T>(at<T>(loss, n), l);
    total += <f64>l;
  }
  return total;
}
