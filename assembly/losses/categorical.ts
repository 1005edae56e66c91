// Categorical row losses beyond PyTorch over class scores [N, C, D] (D = the per-position dims, 1 for [N, C];
// classes `D` elements apart), with class-index targets (t ≠ 0, int32, read as one-hot) or class
// probabilities (y ≠ 0, the input's layout). y_c below is the target row (one-hot for an index).
//   categorical hinge (Keras): l = max(neg - pos + 1, 0), pos = Σ y_c·x_c, neg = max_c (1 - y_c)·x_c;
//     ∂l/∂x_c = (1 - y_c)·[z_c = neg]/k - y_c where the margin is > 0 (k = the classes tied at the max:
//     split equally, as torch.amax and jnp.max), 0 where it is <= 0 (0 at the kink, as relu); NaN rows: NaN.
//   categorical focal from logits (Keras, from_logits): l = Σ_c α·(1 - p_c)^γ·(-y_c·lp_c), lp = log-softmax,
//     p = e^lp; ∂l/∂x_j = u_j - p_j·Σ u, u_c = α·y_c·(γ·(1 - p_c)^(γ-1)·p_c·lp_c - (1 - p_c)^γ) (the first
//     term's limit 0 where p_c rounds to 1). Classes with y_c = 0 add nothing (Keras: 0·log of a clipped p).
//   poly-1 (optax poly_loss_cross_entropy): l = Σ_c y_c·(-lp_c) + ε·Σ_c y_c·(1 - p_c);
//     ∂l/∂x_j = p_j·(Σ y + ε·Σ_c y_c·p_c) - y_j·(1 + ε·p_j).
// The max and Σ exp of the log-softmax are the cross-entropy's passes over the row in its type (rows.ts, their
// gathering variants; the exponentials go into the gradient row, whose p_c they give); everything after them is
// scalar float64 for both types (the hinge's too: ties and the kink are decided in float64),
// lp_c = (x_c - max) - log Σ exp, rounded once into float32 results. One function serves both types and the
// three losses: a copy of the scalar exp per type and loss would cost the module kilobytes.
import { maxnan } from "../math/vec";
import { vexpneg } from "../math/exp";
import { rowMax, rowExpSum, rowSumExp } from "./rows";
import { logScalar } from "./cross_entropy";

export const HINGE: i32 = 0, FOCAL: i32 = 1, POLY: i32 = 2;

/** Element i of a float32 (f32) or float64 array, as f64. */
// @ts-ignore: decorator
@inline function get(p: usize, i: i32, f32: bool): f64 {
  return f32 ? <f64>load<f32>(p + (<usize>i << 2)) : load<f64>(p + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline function put(p: usize, i: i32, f32: bool, v: f64): void {
  if (f32) store<f32>(p + (<usize>i << 2), <f32>v);
  else store<f64>(p + (<usize>i << 3), v);
}

/** v as the type stores it. */
// @ts-ignore: decorator
@inline function round(v: f64, f32: bool): f64 { return f32 ? <f64><f32>v : v; }

/** y_c: the target row's probability, or 1 for the index class. */
// @ts-ignore: decorator
@inline function yAt(y: usize, tt: i32, c: i32, stride: i32, f32: bool): f64 {
  return y != 0 ? get(y, c * stride, f32) : c == tt ? 1 : 0;
}

/** e^v for v <= 0: a function, called where the vector exp inlined at each call would cost kilobytes. */
function expScalar(v: f64): f64 { return v128.extract_lane<f64>(vexpneg<f64>(v128.splat<f64>(v)), 0); }

/** q^γ = e^(γ·log q) for q in [0, 1], 1 for γ = 0 (also at q = 0). */
// @ts-ignore: decorator
@inline function powUnit(q: f64, gamma: f64): f64 { return gamma == 0 ? 1 : expScalar(gamma * logScalar<f64>(q)); }

/** Categorical hinge of one row (see the header); writes the scaled gradient row when g ≠ 0. */
// @ts-ignore: decorator
@inline function hingeRow(x: usize, tt: i32, y: usize, C: i32, stride: i32, g: usize, s: f64, f32: bool): f64 {
  let pos: f64 = 0, neg: f64 = -Infinity;
  for (let c = 0; c < C; c++) {
    const yc = yAt(y, tt, c, stride, f32), xc = get(x, c * stride, f32);
    pos += yc * xc;
    neg = maxnan<f64>(neg, (1 - yc) * xc);
  }
  const margin = neg - pos + 1;
  if (g != 0) {
    let k = 0;
    for (let c = 0; c < C; c++) if ((1 - yAt(y, tt, c, stride, f32)) * get(x, c * stride, f32) == neg) k++;
    for (let c = 0; c < C; c++) {
      const yc = yAt(y, tt, c, stride, f32);
      const tie = (1 - yc) * get(x, c * stride, f32) == neg;
      put(g, c * stride, f32, margin > 0 ? (tie ? (1 - yc) / <f64>k - yc : -yc) * s : margin != margin ? margin : 0);
    }
  }
  return margin > 0 || margin != margin ? margin : 0;
}

/** Focal's u_c = α·y_c·(γ·(1 - p_c)^(γ-1)·p_c·lp_c - q^γ), given q = 1 - p_c and qg = q^γ. */
// @ts-ignore: decorator
@inline function focalU(yc: f64, lp: f64, p: f64, q: f64, qg: f64, alpha: f64, gamma: f64): f64 {
  return alpha * yc * ((q > 0 ? gamma * (qg / q) * p * lp : 0) - qg);
}

/** Focal (FOCAL: prm = α, prm2 = γ) or poly-1 (POLY: prm = ε) of one row; the scaled gradient row when g ≠ 0. */
// @ts-ignore: decorator
@inline function softmaxRow(
  kind: i32, x: usize, tt: i32, y: usize, C: i32, stride: i32, prm: f64, prm2: f64, g: usize, s: f64, f32: bool,
): f64 {
  // exp(x_c - max) into the gradient row (in the data's type) when there is one: p_c = that / Σ exp there
  let m: f64;
  if (f32) {
    m = rowMax<f32>(x, C, stride, true);
    rowExpSum<f32>(x, C, stride, true, <f32>m, g, false, 0, 0, 1, 0);
  } else {
    m = rowMax<f64>(x, C, stride, true);
    rowExpSum<f64>(x, C, stride, true, m, g, false, 0, 0, 1, 0);
  }
  const S = rowSumExp, ls = logScalar<f64>(S);
  const focal = kind == FOCAL;
  let sum: f64 = 0, sum2: f64 = 0, sy: f64 = 0, sp: f64 = 0;
  for (let c = 0; c < C; c++) {
    const yc = yAt(y, tt, c, stride, f32);
    if (yc == 0) continue;
    const lp = (get(x, c * stride, f32) - m) - ls;
    const p = expScalar(lp), q = 1 - p;
    if (focal) {
      const qg = powUnit(q, prm2);
      sum += qg * prm * (-yc * lp);
      sum2 += focalU(yc, lp, p, q, qg, prm, prm2);
    } else {
      sum += yc * -lp;
      sum2 += yc * q;
      sy += yc;
      sp += yc * p;
    }
  }
  if (g != 0) {
    // ∂l/∂x_c = u_c - p_c·Σ u (focal), p_c·(Σ y + ε·Σ y·p) - y_c·(1 + ε·p_c) (poly-1)
    const a = focal ? sum2 : sy + prm * sp;
    for (let c = 0; c < C; c++) {
      const yc = yAt(y, tt, c, stride, f32);
      const p = get(g, c * stride, f32) / S;
      let d: f64;
      if (focal) {
        const q = 1 - p;
        d = (yc != 0 ? focalU(yc, (get(x, c * stride, f32) - m) - ls, p, q, powUnit(q, prm2), prm, prm2) : 0) - p * a;
      } else {
        d = p * a - yc * (1 + prm * p);
      }
      put(g, c * stride, f32, d * s);
    }
  }
  return focal ? sum : sum + prm * sum2;
}

/** Σ over the N·D rows of loss `kind` on float32 (f32) or float64 data; per-row losses and gradient rows as asked. */
export function categorical(
  kind: i32, f32: bool, x: usize, t: usize, y: usize, N: i32, C: i32, D: i32, prm: f64, prm2: f64, loss: usize,
  grad: usize, scale: f64, go: usize,
): f64 {
  const sh: usize = f32 ? 2 : 3;
  let total: f64 = 0;
  for (let n = 0; n < N; n++) {
    for (let d = 0; d < D; d++) {
      const r = n * D + d, off = <usize>(n * C * D + d) << sh;
      const tt = t != 0 ? load<i32>(t + (<usize>r << 2)) : -1;
      const g = grad != 0 ? grad + off : 0;
      const s = go != 0 ? scale * get(go, r, f32) : scale;
      const l = round(kind == HINGE ? hingeRow(x + off, tt, y != 0 ? y + off : 0, C, D, g, s, f32)
        : softmaxRow(kind, x + off, tt, y != 0 ? y + off : 0, C, D, prm, prm2, g, s, f32), f32);
      if (loss != 0) put(loss, r, f32, l);
      total += l;
    }
  }
  return total;
}
