// Categorical row losses beyond PyTorch over class scores [N, C, D] (D = the per-position dims, 1 for [N, C];
// classes `D` elements apart), with class-index targets (t ≠ 0, int32, read as one-hot) or class
// probabilities (y ≠ 0, the input's layout). y_c below is the target row (one-hot for an index).
//   categorical hinge (Keras): l = max(neg - pos + 1, 0), pos = Σ y_c·x_c, neg = max_c (1 - y_c)·x_c;
//     ∂l/∂x_c = (1 - y_c)·[z_c = neg]/k - y_c where the margin is > 0 (k = the classes tied at the max:
//     split equally, as torch.amax and jnp.max), 0 where it is <= 0 (0 at the kink, as relu).
//   categorical focal from logits (Keras, from_logits): l = Σ_c α·(1 - p_c)^γ·(-y_c·lp_c), lp = log-softmax,
//     p = e^lp; ∂l/∂x_j = u_j - p_j·Σ u, u_c = α·y_c·(γ·(1 - p_c)^(γ-1)·p_c·lp_c - (1 - p_c)^γ) (the first
//     term's limit 0 where p_c rounds to 1). Classes with y_c = 0 add nothing (Keras: 0·log of a clipped p).
//   poly-1 (optax poly_loss_cross_entropy): l = Σ_c y_c·(-lp_c) + ε·Σ_c y_c·(1 - p_c);
//     ∂l/∂x_j = p_j·(Σ y + ε·Σ_c y_c·p_c) - y_j·(1 + ε·p_j).
// Rows are scalar loops (a row's sums add in float64, rounded to T once); the max and Σ exp of the
// log-softmax are the cross-entropy's vector passes (rows.ts), lp_c = (x_c - max) - log Σ exp.
import { at, maxnan } from "../math/vec";
import { vexpneg } from "../math/exp";
import { rowMax, rowExpSum, rowSumExp } from "./rows";
import { logScalar } from "./cross_entropy";
import { powq } from "./ops";

export const HINGE: i32 = 0, FOCAL: i32 = 1, POLY: i32 = 2;

/** y_c: the target row's probability, or 1 for the index class. */
// @ts-ignore: decorator
@inline function yAt<T>(y: usize, tt: i32, c: i32, stride: i32): T {
  return y != 0 ? load<T>(at<T>(y, c * stride)) : <T>(c == tt ? 1 : 0);
}

// @ts-ignore: decorator
@inline function expScalar<T>(v: T): T { return v128.extract_lane<T>(vexpneg<T>(v128.splat<T>(v)), 0); }

/** Categorical hinge of one row (see the header); writes the scaled gradient row when g ≠ 0. */
// @ts-ignore: decorator
@inline function hingeRow<T>(x: usize, tt: i32, y: usize, C: i32, stride: i32, g: usize, s: T): T {
  let pos: f64 = 0;
  let neg: T = <T>-Infinity;
  for (let c = 0; c < C; c++) {
    const yc = yAt<T>(y, tt, c, stride), xc = load<T>(at<T>(x, c * stride));
    pos += <f64>(yc * xc);
    neg = maxnan<T>(neg, (<T>1 - yc) * xc);
  }
  const margin = neg - <T>pos + <T>1;
  if (g != 0) {
    let k = 0;
    for (let c = 0; c < C; c++) {
      if ((<T>1 - yAt<T>(y, tt, c, stride)) * load<T>(at<T>(x, c * stride)) == neg) k++;
    }
    for (let c = 0; c < C; c++) {
      const yc = yAt<T>(y, tt, c, stride);
      const tie = (<T>1 - yc) * load<T>(at<T>(x, c * stride)) == neg;
      const d: T = margin > 0 ? (tie ? (<T>1 - yc) / <T>k - yc : -yc) * s : margin != margin ? margin : <T>0;
      store<T>(at<T>(g, c * stride), d);
    }
  }
  return margin > 0 || margin != margin ? margin : <T>0;
}

/** Focal (FOCAL) or poly-1 (POLY) loss of one row from its log-softmax; the scaled gradient row when g ≠ 0. */
// @ts-ignore: decorator
@inline function softmaxRow<T>(
  kind: i32, x: usize, tt: i32, y: usize, C: i32, stride: i32, prm: T, prm2: T, g: usize, s: T,
): T {
  const strided = stride != 1;
  const m = rowMax<T>(x, C, stride, strided);
  rowExpSum<T>(x, C, stride, strided, m, 0, false, 0, 0, 1, 0);
  const ls = logScalar<T>(<T>rowSumExp);
  let sum: f64 = 0, sum2: f64 = 0, sy: f64 = 0, sp: f64 = 0;
  for (let c = 0; c < C; c++) {
    const yc = yAt<T>(y, tt, c, stride);
    let u: T = 0;
    if (yc != 0) {
      const lp = (load<T>(at<T>(x, c * stride)) - m) - ls;
      const p = expScalar<T>(lp);
      const q = <T>1 - p;
      if (kind == FOCAL) { // prm = α, prm2 = γ
        const qg = v128.extract_lane<T>(powq<T>(v128.splat<T>(q), v128.splat<T>(prm2)), 0);
        sum += <f64>((qg * prm) * (-yc * lp));
        u = prm * yc * ((q > 0 ? prm2 * (qg / q) * p * lp : <T>0) - qg);
        sum2 += <f64>u;
      } else { // prm = ε
        sum += <f64>(yc * -lp);
        sum2 += <f64>(yc * q);
        sy += <f64>yc;
        sp += <f64>(yc * p);
      }
    }
    if (g != 0) store<T>(at<T>(g, c * stride), u);
  }
  if (g != 0) {
    const a: T = kind == FOCAL ? <T>sum2 : <T>sy + prm * <T>sp;
    for (let c = 0; c < C; c++) {
      const gc = at<T>(g, c * stride);
      const p = expScalar<T>((load<T>(at<T>(x, c * stride)) - m) - ls);
      const d: T = kind == FOCAL ? load<T>(gc) - p * a : p * a - yAt<T>(y, tt, c, stride) * (<T>1 + prm * p);
      store<T>(gc, d * s);
    }
  }
  return kind == FOCAL ? <T>sum : <T>sum + prm * <T>sum2;
}

/** Σ over the N·D rows of loss `kind`; per-row losses and gradient rows as asked (see the header). */
// @ts-ignore: decorator
@inline export function categorical<T>(
  kind: i32, x: usize, t: usize, y: usize, N: i32, C: i32, D: i32, prm: T, prm2: T, loss: usize, grad: usize,
  scale: T, go: usize,
): f64 {
  let total: f64 = 0;
  for (let n = 0; n < N; n++) {
    for (let d = 0; d < D; d++) {
      const r = n * D + d, off = n * C * D + d;
      const tt = t != 0 ? load<i32>(t + (<usize>r << 2)) : -1;
      const yr = y != 0 ? at<T>(y, off) : 0;
      const g = grad != 0 ? at<T>(grad, off) : 0;
      const s: T = go != 0 ? scale * load<T>(at<T>(go, r)) : scale;
      const l = kind == HINGE ? hingeRow<T>(at<T>(x, off), tt, yr, C, D, g, s)
        : softmaxRow<T>(kind, at<T>(x, off), tt, yr, C, D, prm, prm2, g, s);
      if (loss != 0) store<T>(at<T>(loss, r), l);
      total += <f64>l;
    }
  }
  return total;
}
