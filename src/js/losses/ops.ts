// Mirror of assembly/losses/ops.ts: the element-wise losses as Ops for the pointwise driver (pointwise.ts),
// one lane at a time, the same operations in the same order; T rounds to the element type after every
// operation (Math.fround for float32), as the kernel's f32x4/f64x2 instructions do. Formulas and accuracy:
// see the kernel's comments.
//   loss(x, y, pw, hasPW, prm, prm2, T)                the per-element loss l(x, y);
//   lossGrad(x, y, pw, hasPW, prm, prm2, gmul, g, i, T) the same, and stores gmul·∂l/∂x into g[i].
import type { FloatArray } from '../../types.js';
import { type Elem, BCE_EPS } from '../math/consts.js';
import { vsign, pmax } from '../math/vec.js';
import { vlog, vlog1p, vlog1pUnit } from '../math/log.js';
import { vexp, vexpneg } from '../math/exp.js';
import { vexpnegabsFlush, vsigmoidFromE, vlogsigmoidFromE } from '../math/sigmoid.js';

export interface Op {
  loss(x: number, y: number, pw: number, hasPW: boolean, prm: number, prm2: number, T: Elem): number;
  lossGrad(
    x: number, y: number, pw: number, hasPW: boolean, prm: number, prm2: number, gmul: number, g: FloatArray,
    i: number, T: Elem,
  ): number;
}

/** Label smoothing of binary targets: y - ε·(y - 1/2) (prm = ε). */
const smooth = (y: number, prm: number, T: Elem): number => T(y - T(prm * T(y - 0.5)));

/** (x - y)², gradient 2(x - y). */
export const Mse: Op = {
  loss(x, y, pw, hasPW, prm, prm2, T) { const d = T(x - y); return T(d * d); },
  lossGrad(x, y, pw, hasPW, prm, prm2, gmul, g, i, T) {
    const d = T(x - y);
    g[i] = T(T(d + d) * gmul);
    return T(d * d);
  },
};

/** |x - y|, gradient sign(x - y). */
export const L1: Op = {
  loss(x, y, pw, hasPW, prm, prm2, T) { return Math.abs(T(x - y)); },
  lossGrad(x, y, pw, hasPW, prm, prm2, gmul, g, i, T) {
    const d = T(x - y);
    g[i] = T(vsign(d) * gmul);
    return Math.abs(d);
  },
};

/** BCE on probabilities, PyTorch's clamps and backward (see the kernel). */
export const Bce: Op = {
  loss(x, y, pw, hasPW, prm, prm2, T) {
    y = smooth(y, prm, T);
    const lx = pmax(vlog(x, T), -100);
    const l1x = pmax(vlog1p(-x, T), -100);
    return T(T(T(y - 1) * l1x) - T(y * lx));
  },
  lossGrad(x, y, pw, hasPW, prm, prm2, gmul, g, i, T) {
    const den = pmax(T(T(1 - x) * x), BCE_EPS);
    g[i] = T(T(T(x - smooth(y, prm, T)) / den) * gmul);
    return Bce.loss(x, y, pw, hasPW, prm, prm2, T);
  },
};

/** The log-weight 1 + (pw - 1)·y, formed as (1 - y) + pw·y (no cancellation for a small pw at y = 1). */
const lw = (y: number, pw: number, T: Elem): number => T(T(1 - y) + T(pw * y));

/** (1 - y)·x - lw·log σ(x) given e = exp(-|x|). */
function bceLogitsFromE(x: number, y: number, pw: number, hasPW: boolean, e: number, T: Elem): number {
  const ls = vlogsigmoidFromE(x, e, T);
  return T(T(T(1 - y) * x) - (hasPW ? T(lw(y, pw, T) * ls) : ls));
}

/** BCE on logits with pos_weight (see the kernel). */
export const BceLogits: Op = {
  loss(x, y, pw, hasPW, prm, prm2, T) {
    return bceLogitsFromE(x, smooth(y, prm, T), pw, hasPW, vexpnegabsFlush(x, T), T);
  },
  lossGrad(x, y, pw, hasPW, prm, prm2, gmul, g, i, T) {
    y = smooth(y, prm, T);
    const e = vexpnegabsFlush(x, T);
    const s = vsigmoidFromE(x, e, T);
    const d = hasPW ? T(T(lw(y, pw, T) * s) - T(pw * y)) : T(s - y);
    g[i] = T(d * gmul);
    return bceLogitsFromE(x, y, pw, hasPW, e, T);
  },
};

/** Huber (prm = δ). */
export const Huber: Op = {
  loss(x, y, pw, hasPW, prm, prm2, T) {
    const d = T(x - y), z = Math.abs(d);
    const quad = T(0.5 * T(d * d));
    const lin = T(prm * T(z - T(0.5 * prm)));
    return z < prm ? quad : lin;
  },
  lossGrad(x, y, pw, hasPW, prm, prm2, gmul, g, i, T) {
    const d = T(x - y);
    const gr = Math.abs(d) > prm ? T(prm * vsign(d)) : d;
    g[i] = T(gr * gmul);
    return Huber.loss(x, y, pw, hasPW, prm, prm2, T);
  },
};

/** Smooth L1 (prm = β). */
export const SmoothL1: Op = {
  loss(x, y, pw, hasPW, prm, prm2, T) {
    const d = T(x - y), z = Math.abs(d);
    const quad = T(T(0.5 * T(d * d)) / prm);
    return z < prm ? quad : T(z - T(0.5 * prm));
  },
  lossGrad(x, y, pw, hasPW, prm, prm2, gmul, g, i, T) {
    const d = T(x - y);
    const gr = Math.abs(d) > prm ? vsign(d) : T(d / prm);
    g[i] = T(gr * gmul);
    return SmoothL1.loss(x, y, pw, hasPW, prm, prm2, T);
  },
};

/** Soft margin: softplus(u) = max(u, 0) + log1p(exp(-|u|)), u = -y·x. */
export const SoftMargin: Op = {
  loss(x, y, pw, hasPW, prm, prm2, T) {
    const u = -T(y * x);
    return T(pmax(u, 0) + vlog1pUnit(vexpnegabsFlush(u, T), T));
  },
  lossGrad(x, y, pw, hasPW, prm, prm2, gmul, g, i, T) {
    const u = -T(y * x);
    const e = vexpnegabsFlush(u, T);
    g[i] = T(-T(y * vsigmoidFromE(u, e, T)) * gmul);
    return T(pmax(u, 0) + vlog1pUnit(e, T));
  },
};

/** log(cosh(d)) = |d| + log1p(e) - ln 2, e = exp(-2|d|); gradient tanh(d) = sign(d)·(1 - e)/(1 + e). */
export const LogCosh: Op = {
  loss(x, y, pw, hasPW, prm, prm2, T) {
    const a = Math.abs(T(x - y));
    return logCoshFromE(a, vexpneg(-T(a + a), T), T);
  },
  lossGrad(x, y, pw, hasPW, prm, prm2, gmul, g, i, T) {
    const d = T(x - y), a = Math.abs(d);
    const e = vexpneg(-T(a + a), T);
    g[i] = T(T(vsign(d) * T(T(1 - e) / T(1 + e))) * gmul);
    return logCoshFromE(a, e, T);
  },
};
const logCoshFromE = (a: number, e: number, T: Elem): number => T(T(a + vlog1pUnit(e, T)) - T(Math.LN2));

/** Keras's MAPE: 100·|(y - x)/max(|y|, ε)| (prm = ε); gradient 100·sign(x - y)/max(|y|, ε). */
export const Mape: Op = {
  loss(x, y, pw, hasPW, prm, prm2, T) { return Math.abs(T(-100 * T(T(y - x) / mapeDen(y, prm)))); },
  lossGrad(x, y, pw, hasPW, prm, prm2, gmul, g, i, T) {
    const m = mapeDen(y, prm), d = T(y - x);
    g[i] = T(T(T(-100 * vsign(d)) / m) * gmul);
    return Math.abs(T(-100 * T(d / m)));
  },
};
const mapeDen = (y: number, eps: number): number => pmax(Math.abs(y), eps);

/** Keras's MSLE: (log1p(max(x, ε)) - log1p(max(y, ε)))² (prm = ε); gradient 2d/(1 + max(x, ε)) where x >= ε. */
export const Msle: Op = {
  loss(x, y, pw, hasPW, prm, prm2, T) {
    const d = T(vlog1p(pmax(x, prm), T) - vlog1p(pmax(y, prm), T));
    return T(d * d);
  },
  lossGrad(x, y, pw, hasPW, prm, prm2, gmul, g, i, T) {
    const mx = pmax(x, prm);
    const d = T(vlog1p(mx, T) - vlog1p(pmax(y, prm), T));
    g[i] = T((x >= prm ? T(T(d + d) / T(1 + mx)) : 0) * gmul);
    return T(d * d);
  },
};

/** The hinge's target: 2y - 1 when the call's targets are all 0 or 1 (prm = 1), else y. */
const hingeTarget = (y: number, prm: number, T: Elem): number => (prm !== 0 ? T(T(y + y) - 1) : y);
const hingeMargin = (x: number, t: number, T: Elem): number => T(1 - T(t * x));

/** Keras's hinge: max(1 - y·x, 0); gradient -y where 1 - y·x > 0 (0 at the kink). */
export const Hinge: Op = {
  loss(x, y, pw, hasPW, prm, prm2, T) { return pmax(hingeMargin(x, hingeTarget(y, prm, T), T), 0); },
  lossGrad(x, y, pw, hasPW, prm, prm2, gmul, g, i, T) {
    const t = hingeTarget(y, prm, T), u = hingeMargin(x, t, T);
    g[i] = T((u > 0 ? -t : 0) * gmul);
    return pmax(u, 0);
  },
};

/** Keras's squared_hinge: max(1 - y·x, 0)²; gradient -2y·max(1 - y·x, 0) where 1 - y·x > 0, else 0. */
export const SquaredHinge: Op = {
  loss(x, y, pw, hasPW, prm, prm2, T) {
    const m = pmax(hingeMargin(x, hingeTarget(y, prm, T), T), 0);
    return T(m * m);
  },
  lossGrad(x, y, pw, hasPW, prm, prm2, gmul, g, i, T) {
    const t = hingeTarget(y, prm, T), u = hingeMargin(x, t, T);
    const m = pmax(u, 0);
    g[i] = T((u > 0 ? -T(T(t + t) * m) : 0) * gmul);
    return T(m * m);
  },
};

/** Hinge embedding, PyTorch's form (prm = margin). */
export const HingeEmbedding: Op = {
  loss(x, y, pw, hasPW, prm, prm2, T) {
    const hinge = pmax(T(prm - x), 0);
    return T((y !== 1 ? hinge : 0) + (y !== -1 ? x : 0));
  },
  lossGrad(x, y, pw, hasPW, prm, prm2, gmul, g, i, T) {
    const active = y !== 1 && T(prm - x) >= 0;
    g[i] = T(((y !== -1 ? 1 : 0) - (active ? 1 : 0)) * gmul);
    return HingeEmbedding.loss(x, y, pw, hasPW, prm, prm2, T);
  },
};

/** KL divergence with probability targets p: xlogy(p, p) - p·x, PyTorch 1.13's form (see the kernel). */
export const KlDiv: Op = {
  loss(x, y, pw, hasPW, prm, prm2, T) { return T((y === 0 ? 0 : T(y * vlog(y, T))) - T(y * x)); },
  lossGrad(x, y, pw, hasPW, prm, prm2, gmul, g, i, T) {
    g[i] = T(-y * gmul);
    return KlDiv.loss(x, y, pw, hasPW, prm, prm2, T);
  },
};

/** KL divergence with log-probability targets t: exp(t)·(t - x). */
export const KlDivLog: Op = {
  loss(x, y, pw, hasPW, prm, prm2, T) { return T(vexp(y, T) * T(y - x)); },
  lossGrad(x, y, pw, hasPW, prm, prm2, gmul, g, i, T) {
    const p = vexp(y, T);
    g[i] = T(-p * gmul);
    return T(p * T(y - x));
  },
};

/** Poisson NLL on log-rates: exp(x) - y·x. */
export const PoissonLog: Op = {
  loss(x, y, pw, hasPW, prm, prm2, T) { return T(vexp(x, T) - T(y * x)); },
  lossGrad(x, y, pw, hasPW, prm, prm2, gmul, g, i, T) {
    const e = vexp(x, T);
    g[i] = T(T(e - y) * gmul);
    return T(e - T(y * x));
  },
};

/** Poisson NLL on rates: x - y·log(x + eps) (prm = eps). */
export const PoissonRate: Op = {
  loss(x, y, pw, hasPW, prm, prm2, T) { return T(x - T(y * vlog(T(x + prm), T))); },
  lossGrad(x, y, pw, hasPW, prm, prm2, gmul, g, i, T) {
    g[i] = T(T(1 - T(y / T(x + prm))) * gmul);
    return PoissonRate.loss(x, y, pw, hasPW, prm, prm2, T);
  },
};

/** 1 - p_t = σ(x)·(1 - y) + σ(-x)·y, given e = exp(-|x|). */
function focalQ(x: number, y: number, e: number, T: Elem): number {
  const p = vsigmoidFromE(x, e, T), pn = vsigmoidFromE(-x, e, T);
  return T(T(p * T(1 - y)) + T(pn * y));
}

/** q^γ = exp(γ·log q), 1 for γ = 0. */
const powq = (q: number, gamma: number, T: Elem): number => (gamma === 0 ? 1 : vexp(T(gamma * vlog(q, T)), T));

/** α·y + (1 - α)·(1 - y), or 1 when α < 0. */
function alphaT(y: number, alpha: number, T: Elem): number {
  const a = T(T(alpha * y) + T(T(1 - alpha) * T(1 - y)));
  return alpha < 0 ? 1 : a;
}

/** The BCE with logits inside the focal loss, given e. */
const focalCe = (x: number, y: number, e: number, T: Elem): number => T(T(T(1 - y) * x) - vlogsigmoidFromE(x, e, T));

/** torchvision's sigmoid focal loss (prm = α, prm2 = γ). */
export const Focal: Op = {
  loss(x, y, pw, hasPW, prm, prm2, T) {
    const e = vexpnegabsFlush(x, T);
    const ce = focalCe(x, y, e, T);
    return T(T(alphaT(y, prm, T) * ce) * powq(focalQ(x, y, e, T), prm2, T));
  },
  lossGrad(x, y, pw, hasPW, prm, prm2, gmul, g, i, T) {
    const e = vexpnegabsFlush(x, T);
    const ce = focalCe(x, y, e, T);
    const p = vsigmoidFromE(x, e, T), pn = vsigmoidFromE(-x, e, T);
    const q = focalQ(x, y, e, T);
    const qg = powq(q, prm2, T);
    const at = alphaT(y, prm, T);
    const dq = T(T(p * pn) * T(1 - T(y + y)));
    const t2 = q > 0 ? T(T(T(prm2 * T(ce * qg)) * dq) / q) : 0;
    const gr = T(at * T(T(T(p - y) * qg) + t2));
    g[i] = T(gr * gmul);
    return T(T(at * ce) * qg);
  },
};

/** -t·(x1 - x2) + margin. */
const marginU = (x: number, y: number, t: number, margin: number, T: Elem): number => T(-T(t * T(x - y)) + margin);

/** Margin ranking on x1 (x), x2 (y), targets t (in pw), prm = margin. */
export const MarginRanking: Op = {
  loss(x, y, pw, hasPW, prm, prm2, T) { return pmax(marginU(x, y, pw, prm, T), 0); },
  lossGrad(x, y, pw, hasPW, prm, prm2, gmul, g, i, T) {
    const u = marginU(x, y, pw, prm, T);
    g[i] = T((u >= 0 ? -pw : 0) * gmul);
    return pmax(u, 0);
  },
};

// The checks before a kernel, one loop each: a shared loop calling a predicate (the kernel's firstOutside<T, S>)
// sees several closures at one call site, and V8 then runs it 10x slower.
/** Index of the first x outside [0, 1] (NaN included), or -1. */
export function firstOutside01(x: FloatArray): number {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!(v >= 0 && v <= 1)) return i;
  }
  return -1;
}

/** Index of the first x neither 0 nor 1 (NaN included), or -1: the hinge losses' target scan. */
export function firstNonBinary(x: FloatArray): number {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    // 0 exactly for 0 and 1 (NaN: NaN): one comparison, not a branch on each random 0/1 (5x slower)
    if (v * (v - 1) !== 0) return i;
  }
  return -1;
}

/** How many targets lie in [0, C) when every other one is the ignore index, else -1. */
export function countClassTargets(t: Int32Array, C: number, ignore: number): number {
  let count = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c === ignore) continue;
    if (c < 0 || c >= C) return -1;
    count++;
  }
  return count;
}

