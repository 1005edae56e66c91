// Element-wise losses as Ops for the pointwise driver (losses/pointwise.ts), on vectors:
//   loss<T>(x, y, pw, hasPW)               the per-element loss l(x, y);
//   lossGrad<T>(x, y, pw, hasPW, gmul, g)  the same, and stores gmul·∂l/∂x at g, sharing the work of both.
// `pw` is BCE-with-logits' pos_weight; hasPW (a constant after inlining) says whether it was given. A `cheap`
// member marks Ops of a few instructions, whose common-case loop the driver unrolls.
import { vsign } from "../math/vec";
import { K, ZERO, ONE, HALF, NEG_ONE, NEG_100, BCE_EPS, LN2 } from "../math/consts";
import { vlog, vlog1p, vlog1pUnit } from "../math/log";
import { vexp, vexpneg } from "../math/exp";
import { vexpnegabsFlush, vsigmoidFromE, vlogsigmoidFromE } from "../math/sigmoid";

/** Label smoothing of binary targets, as Keras: y·(1 - ε) + ε/2 = y - ε·(y - 1/2) (prm = ε; 0: y itself). */
// @ts-ignore: decorator
@inline function smooth<T>(y: v128, prm: v128): v128 {
  return v128.sub<T>(y, v128.mul<T>(prm, v128.sub<T>(y, K<T>(HALF))));
}

/** (x - y)², gradient 2(x - y). */
@final export class Mse {
  cheap: bool;
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128): v128 { const d = v128.sub<T>(x, y); return v128.mul<T>(d, d); }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128, gmul: v128, g: usize): v128 {
    const d = v128.sub<T>(x, y);
    v128.store(g, v128.mul<T>(v128.add<T>(d, d), gmul));
    return v128.mul<T>(d, d);
  }
}

/** |x - y|, gradient sign(x - y) (0 at equality and for NaN, as PyTorch). */
@final export class L1 {
  cheap: bool;
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128): v128 { return v128.abs<T>(v128.sub<T>(x, y)); }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128, gmul: v128, g: usize): v128 {
    const d = v128.sub<T>(x, y);
    v128.store(g, v128.mul<T>(vsign<T>(d), gmul));
    return v128.abs<T>(d);
  }
}

/**
 * -(y·max(log x, -100) + (1 - y)·max(log1p(-x), -100)) on probabilities x; gradient as PyTorch's backward:
 * (x - y)/max(x(1 - x), 1e-12), with 1e-12 rounded to float32 as in PyTorch (a float constant in every dtype).
 */
@final export class Bce {
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128): v128 {
    y = smooth<T>(y, prm);
    const lx = v128.pmax<T>(vlog<T>(x), K<T>(NEG_100));
    const l1x = v128.pmax<T>(vlog1p<T>(v128.neg<T>(x)), K<T>(NEG_100));
    // (y - 1)·log(1 - x) - y·log(x), PyTorch's order of operations
    return v128.sub<T>(v128.mul<T>(v128.sub<T>(y, K<T>(ONE)), l1x), v128.mul<T>(y, lx));
  }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128, gmul: v128, g: usize): v128 {
    const den = v128.pmax<T>(v128.mul<T>(v128.sub<T>(K<T>(ONE), x), x), K<T>(BCE_EPS));
    v128.store(g, v128.mul<T>(v128.div<T>(v128.sub<T>(x, smooth<T>(y, prm)), den), gmul));
    return this.loss<T>(x, y, pw, hasPW, prm, prm2);
  }
}

/**
 * (1 - y)·x - (1 + (pw - 1)·y)·log σ(x) on logits x, stable for every x; gradient (1 + (pw - 1)·y)·σ(x) - pw·y.
 */
@final export class BceLogits {
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128): v128 {
    return this.fromE<T>(x, smooth<T>(y, prm), pw, hasPW, vexpnegabsFlush<T>(x));
  }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128, gmul: v128, g: usize): v128 {
    y = smooth<T>(y, prm);
    const e = vexpnegabsFlush<T>(x);
    const s = vsigmoidFromE<T>(x, e);
    const d = hasPW ? v128.sub<T>(v128.mul<T>(this.lw<T>(y, pw), s), v128.mul<T>(pw, y)) : v128.sub<T>(s, y);
    v128.store(g, v128.mul<T>(d, gmul));
    return this.fromE<T>(x, y, pw, hasPW, e);
  }
  // @ts-ignore: decorator
  @inline fromE<T>(x: v128, y: v128, pw: v128, hasPW: bool, e: v128): v128 {
    const ls = vlogsigmoidFromE<T>(x, e);
    return v128.sub<T>(v128.mul<T>(v128.sub<T>(K<T>(ONE), y), x), hasPW ? v128.mul<T>(this.lw<T>(y, pw), ls) : ls);
  }
  /** The log-weight 1 + (pw - 1)·y, formed as (1 - y) + pw·y: no cancellation for a small pw at y = 1. */
  // @ts-ignore: decorator
  @inline lw<T>(y: v128, pw: v128): v128 {
    return v128.add<T>(v128.sub<T>(K<T>(ONE), y), v128.mul<T>(pw, y));
  }
}

/** Huber: 0.5·d² where |d| <= δ, else δ·(|d| - δ/2); gradient d inside, δ·sign(d) outside (prm = δ > 0). */
@final export class Huber {
  cheap: bool;
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128): v128 {
    const d = v128.sub<T>(x, y), z = v128.abs<T>(d);
    const quad = v128.mul<T>(K<T>(HALF), v128.mul<T>(d, d));
    const lin = v128.mul<T>(prm, v128.sub<T>(z, v128.mul<T>(K<T>(HALF), prm)));
    return v128.bitselect(quad, lin, v128.lt<T>(z, prm));
  }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128, gmul: v128, g: usize): v128 {
    const d = v128.sub<T>(x, y);
    // inside unless |d| > δ, so that NaN takes d (NaN) as in PyTorch's backward
    const gr = v128.bitselect(v128.mul<T>(prm, vsign<T>(d)), d, v128.gt<T>(v128.abs<T>(d), prm));
    v128.store(g, v128.mul<T>(gr, gmul));
    return this.loss<T>(x, y, pw, hasPW, prm, prm2);
  }
}

/** Smooth L1: 0.5·d²/β where |d| < β, else |d| - β/2; gradient d/β inside, sign(d) outside (prm = β > 0). */
@final export class SmoothL1 {
  cheap: bool;
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128): v128 {
    const d = v128.sub<T>(x, y), z = v128.abs<T>(d);
    const quad = v128.div<T>(v128.mul<T>(K<T>(HALF), v128.mul<T>(d, d)), prm);
    return v128.bitselect(quad, v128.sub<T>(z, v128.mul<T>(K<T>(HALF), prm)), v128.lt<T>(z, prm));
  }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128, gmul: v128, g: usize): v128 {
    const d = v128.sub<T>(x, y);
    const gr = v128.bitselect(vsign<T>(d), v128.div<T>(d, prm), v128.gt<T>(v128.abs<T>(d), prm));
    v128.store(g, v128.mul<T>(gr, gmul));
    return this.loss<T>(x, y, pw, hasPW, prm, prm2);
  }
}

/**
 * Soft margin: softplus(-y·x) = max(u, 0) + log1p(exp(-|u|)) with u = -y·x, finite for every finite u
 * (PyTorch's log1p(exp(u)) overflows past u ≈ 88 in float32); gradient -y·σ(u).
 */
@final export class SoftMargin {
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128): v128 {
    const u = v128.neg<T>(v128.mul<T>(y, x));
    return v128.add<T>(v128.pmax<T>(u, K<T>(ZERO)), vlog1pUnit<T>(vexpnegabsFlush<T>(u)));
  }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128, gmul: v128, g: usize): v128 {
    const u = v128.neg<T>(v128.mul<T>(y, x));
    const e = vexpnegabsFlush<T>(u);
    v128.store(g, v128.mul<T>(v128.neg<T>(v128.mul<T>(y, vsigmoidFromE<T>(u, e))), gmul));
    return v128.add<T>(v128.pmax<T>(u, K<T>(ZERO)), vlog1pUnit<T>(e));
  }
}

/**
 * log(cosh(d)), d = x - y, as |d| + log1p(e) - ln 2 with e = exp(-2|d|) (Keras's log_cosh): finite for every finite
 * d, where cosh overflows past |d| ≈ 89 (float32). Near d = 0 the terms cancel to d²/2: the error there is a few
 * ulp of 1 (absolute), not of d²/2. Gradient tanh(d) = sign(d)·(1 - e)/(1 + e).
 */
@final export class LogCosh {
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128): v128 {
    const a = v128.abs<T>(v128.sub<T>(x, y));
    return this.fromE<T>(a, vexpneg<T>(v128.neg<T>(v128.add<T>(a, a))));
  }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128, gmul: v128, g: usize): v128 {
    const d = v128.sub<T>(x, y), a = v128.abs<T>(d);
    const e = vexpneg<T>(v128.neg<T>(v128.add<T>(a, a)));
    const tanh = v128.mul<T>(vsign<T>(d), v128.div<T>(v128.sub<T>(K<T>(ONE), e), v128.add<T>(K<T>(ONE), e)));
    v128.store(g, v128.mul<T>(tanh, gmul));
    return this.fromE<T>(a, e);
  }
  // @ts-ignore: decorator
  @inline fromE<T>(a: v128, e: v128): v128 { return v128.sub<T>(v128.add<T>(a, vlog1pUnit<T>(e)), K<T>(LN2)); }
}

/**
 * Keras's mean_absolute_percentage_error per element: 100·|(y - x)/max(|y|, ε)| in Keras's order of operations
 * (prm = ε, Keras's epsilon 1e-7 in the element type): one rounding in the quotient, the rest exact. Gradient
 * 100·sign(x - y)/max(|y|, ε): 0 at x = y, as l1's. NaN targets give NaN.
 */
@final export class Mape {
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128): v128 {
    // |-100·q| = 100·|q| exactly
    return v128.abs<T>(v128.mul<T>(K<T>(NEG_100), v128.div<T>(v128.sub<T>(y, x), mapeDen<T>(y, prm))));
  }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128, gmul: v128, g: usize): v128 {
    const m = mapeDen<T>(y, prm), d = v128.sub<T>(y, x);
    v128.store(g, v128.mul<T>(v128.div<T>(v128.mul<T>(K<T>(NEG_100), vsign<T>(d)), m), gmul));
    return v128.abs<T>(v128.mul<T>(K<T>(NEG_100), v128.div<T>(d, m)));
  }
}

/** max(|y|, ε), NaN for a NaN y (pmax keeps its first operand when the comparison fails). */
// @ts-ignore: decorator
@inline function mapeDen<T>(y: v128, eps: v128): v128 { return v128.pmax<T>(v128.abs<T>(y), eps); }

/**
 * Keras's mean_squared_logarithmic_error per element: (log1p(max(x, ε)) - log1p(max(y, ε)))², prm = ε (Keras's
 * epsilon 1e-7 in the element type). log1p where Keras writes log(m + 1): equal up to rounding, and accurate for
 * small m, where m + 1 drops digits. Each log1p is within 2 ulp; their difference cancels where x ≈ y, so the
 * error is relative to the logs, not to their difference. Gradient 2·d/(1 + max(x, ε)) where x >= ε, else 0
 * (clamp_min's backward: it passes at x = ε exactly; 0 for negative and NaN inputs).
 */
@final export class Msle {
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128): v128 {
    const d = v128.sub<T>(vlog1p<T>(v128.pmax<T>(x, prm)), vlog1p<T>(v128.pmax<T>(y, prm)));
    return v128.mul<T>(d, d);
  }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128, gmul: v128, g: usize): v128 {
    const mx = v128.pmax<T>(x, prm);
    const d = v128.sub<T>(vlog1p<T>(mx), vlog1p<T>(v128.pmax<T>(y, prm)));
    const gr = v128.and(v128.div<T>(v128.add<T>(d, d), v128.add<T>(K<T>(ONE), mx)), v128.ge<T>(x, prm));
    v128.store(g, v128.mul<T>(gr, gmul));
    return v128.mul<T>(d, d);
  }
}

/**
 * The hinge's target: 2y - 1 when the call's targets were all 0 or 1 (prm = 1, Keras's rule, decided by a scan
 * before the kernel), else y itself (prm = 0).
 */
// @ts-ignore: decorator
@inline function hingeTarget<T>(y: v128, prm: v128): v128 {
  return v128.bitselect(v128.sub<T>(v128.add<T>(y, y), K<T>(ONE)), y, v128.ne<T>(prm, K<T>(ZERO)));
}

/** 1 - y·x with the hinge's target (exact for targets ±1). */
// @ts-ignore: decorator
@inline function hingeMargin<T>(x: v128, t: v128): v128 { return v128.sub<T>(K<T>(ONE), v128.mul<T>(t, x)); }

/**
 * Keras's hinge per element: max(1 - y·x, 0) (NaN stays NaN); gradient -y where 1 - y·x > 0, else 0: 0 at the
 * kink (margin exactly 0), relu's backward. Targets ±1, or 0/1 read as 2y - 1 (hingeTarget).
 */
@final export class Hinge {
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128): v128 {
    return v128.pmax<T>(hingeMargin<T>(x, hingeTarget<T>(y, prm)), K<T>(ZERO));
  }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128, gmul: v128, g: usize): v128 {
    const t = hingeTarget<T>(y, prm), u = hingeMargin<T>(x, t);
    v128.store(g, v128.mul<T>(v128.and(v128.neg<T>(t), v128.gt<T>(u, K<T>(ZERO))), gmul));
    return v128.pmax<T>(u, K<T>(ZERO));
  }
}

/**
 * Keras's squared_hinge per element: max(1 - y·x, 0)² (NaN stays NaN); gradient -2y·max(1 - y·x, 0) where
 * 1 - y·x > 0, else 0 (as hinge's: 0 at the kink and for a NaN margin).
 */
@final export class SquaredHinge {
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128): v128 {
    const m = v128.pmax<T>(hingeMargin<T>(x, hingeTarget<T>(y, prm)), K<T>(ZERO));
    return v128.mul<T>(m, m);
  }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128, gmul: v128, g: usize): v128 {
    const t = hingeTarget<T>(y, prm), u = hingeMargin<T>(x, t);
    const m = v128.pmax<T>(u, K<T>(ZERO));
    // masked where u > 0 fails (not multiplied: an infinite target times a margin of 0 would be NaN)
    const gr = v128.and(v128.neg<T>(v128.mul<T>(v128.add<T>(t, t), m)), v128.gt<T>(u, K<T>(ZERO)));
    v128.store(g, v128.mul<T>(gr, gmul));
    return v128.mul<T>(m, m);
  }
}

/**
 * Hinge embedding, PyTorch's form: [y ≠ 1]·max(0, margin - x) + [y ≠ -1]·x (a target outside {1, -1} gets
 * both terms, as in PyTorch); gradient -[y ≠ 1]·[margin - x >= 0] + [y ≠ -1] (prm = margin).
 */
@final export class HingeEmbedding {
  cheap: bool;
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128): v128 {
    const notPos = v128.ne<T>(y, K<T>(ONE)), notNeg = v128.ne<T>(y, K<T>(NEG_ONE));
    const hinge = v128.pmax<T>(v128.sub<T>(prm, x), K<T>(ZERO));
    return v128.add<T>(v128.and(hinge, notPos), v128.and(x, notNeg));
  }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128, gmul: v128, g: usize): v128 {
    const notPos = v128.ne<T>(y, K<T>(ONE)), notNeg = v128.ne<T>(y, K<T>(NEG_ONE));
    const active = v128.and(notPos, v128.ge<T>(v128.sub<T>(prm, x), K<T>(ZERO)));
    const gr = v128.sub<T>(v128.and(K<T>(ONE), notNeg), v128.and(K<T>(ONE), active));
    v128.store(g, v128.mul<T>(gr, gmul));
    return this.loss<T>(x, y, pw, hasPW, prm, prm2);
  }
}

/** KL divergence on log-probabilities x with probability targets p: xlogy(p, p) - p·x, PyTorch 1.13's form; gradient -p. */
@final export class KlDiv {
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128): v128 {
    // xlogy(y, y) - y·x: 0·log 0 is 0, a negative or NaN target gives NaN (log), and 0·x is NaN for x = ±Inf
    const ylogy = v128.andnot(v128.mul<T>(y, vlog<T>(y)), v128.eq<T>(y, K<T>(ZERO)));
    return v128.sub<T>(ylogy, v128.mul<T>(y, x));
  }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128, gmul: v128, g: usize): v128 {
    v128.store(g, v128.mul<T>(v128.neg<T>(y), gmul));
    return this.loss<T>(x, y, pw, hasPW, prm, prm2);
  }
}

/** KL divergence with log-probability targets t: exp(t)·(t - x); gradient -exp(t). */
@final export class KlDivLog {
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128): v128 {
    return v128.mul<T>(vexp<T>(y), v128.sub<T>(y, x));
  }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128, gmul: v128, g: usize): v128 {
    const p = vexp<T>(y);
    v128.store(g, v128.mul<T>(v128.neg<T>(p), gmul));
    return v128.mul<T>(p, v128.sub<T>(y, x));
  }
}

/** Poisson NLL on log-rates x: exp(x) - y·x; gradient exp(x) - y. */
@final export class PoissonLog {
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128): v128 {
    return v128.sub<T>(vexp<T>(x), v128.mul<T>(y, x));
  }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128, gmul: v128, g: usize): v128 {
    const e = vexp<T>(x);
    v128.store(g, v128.mul<T>(v128.sub<T>(e, y), gmul));
    return v128.sub<T>(e, v128.mul<T>(y, x));
  }
}

/** Poisson NLL on rates x: x - y·log(x + eps); gradient 1 - y/(x + eps) (prm = eps). */
@final export class PoissonRate {
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128): v128 {
    return v128.sub<T>(x, v128.mul<T>(y, vlog<T>(v128.add<T>(x, prm))));
  }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128, gmul: v128, g: usize): v128 {
    v128.store(g, v128.mul<T>(v128.sub<T>(K<T>(ONE), v128.div<T>(y, v128.add<T>(x, prm))), gmul));
    return this.loss<T>(x, y, pw, hasPW, prm, prm2);
  }
}

/**
 * torchvision's sigmoid focal loss on logits: α_t·ce·q^γ with ce the BCE with logits, q = 1 - p_t =
 * p·(1 - y) + (1 - p)·y (from σ(x) and σ(-x), without cancellation), α_t = α·y + (1 - α)·(1 - y) (1 when
 * α < 0). Gradient α_t·((p - y)·q^γ + γ·ce·q^γ·p·(1 - p)·(1 - 2y)/q). prm = α, prm2 = γ.
 */
@final export class Focal {
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128): v128 {
    const e = vexpnegabsFlush<T>(x);
    const ce = v128.sub<T>(v128.mul<T>(v128.sub<T>(K<T>(ONE), y), x), vlogsigmoidFromE<T>(x, e));
    return v128.mul<T>(v128.mul<T>(alphaT<T>(y, prm), ce), powq<T>(focalQ<T>(x, y, e), prm2));
  }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128, gmul: v128, g: usize): v128 {
    const e = vexpnegabsFlush<T>(x);
    const ce = v128.sub<T>(v128.mul<T>(v128.sub<T>(K<T>(ONE), y), x), vlogsigmoidFromE<T>(x, e));
    const p = vsigmoidFromE<T>(x, e), pn = vsigmoidFromE<T>(v128.neg<T>(x), e);
    const q = focalQ<T>(x, y, e);
    const qg = powq<T>(q, prm2);
    const at = alphaT<T>(y, prm);
    // γ·ce·q^γ·p·p̄·(1 - 2y)/q, 0 where q = 0 (then p·p̄ = 0 too)
    const dq = v128.mul<T>(v128.mul<T>(p, pn), v128.sub<T>(K<T>(ONE), v128.add<T>(y, y)));
    const t2 = v128.and(v128.div<T>(v128.mul<T>(v128.mul<T>(prm2, v128.mul<T>(ce, qg)), dq), q), v128.gt<T>(q, K<T>(ZERO)));
    const gr = v128.mul<T>(at, v128.add<T>(v128.mul<T>(v128.sub<T>(p, y), qg), t2));
    v128.store(g, v128.mul<T>(gr, gmul));
    return v128.mul<T>(v128.mul<T>(at, ce), qg);
  }
}

/** 1 - p_t = σ(x)·(1 - y) + σ(-x)·y, given e = exp(-|x|). */
// @ts-ignore: decorator
@inline function focalQ<T>(x: v128, y: v128, e: v128): v128 {
  const p = vsigmoidFromE<T>(x, e), pn = vsigmoidFromE<T>(v128.neg<T>(x), e);
  return v128.add<T>(v128.mul<T>(p, v128.sub<T>(K<T>(ONE), y)), v128.mul<T>(pn, y));
}

/** q^γ = exp(γ·log q), 1 for γ = 0 (also at q = 0). */
// @ts-ignore: decorator
@inline function powq<T>(q: v128, gamma: v128): v128 {
  return v128.bitselect(K<T>(ONE), vexp<T>(v128.mul<T>(gamma, vlog<T>(q))), v128.eq<T>(gamma, K<T>(ZERO)));
}

/** α·y + (1 - α)·(1 - y), or 1 when α < 0. */
// @ts-ignore: decorator
@inline function alphaT<T>(y: v128, alpha: v128): v128 {
  const a = v128.add<T>(v128.mul<T>(alpha, y), v128.mul<T>(v128.sub<T>(K<T>(ONE), alpha), v128.sub<T>(K<T>(ONE), y)));
  return v128.bitselect(K<T>(ONE), a, v128.lt<T>(alpha, K<T>(ZERO)));
}

/**
 * Margin ranking on scores x1 (x), x2 (y) with targets t in {1, -1} (passed as pw): max(0, -t·(x1 - x2) + margin);
 * gradient with respect to x1: -t where -t·(x1 - x2) + margin >= 0 (the x2 gradient is its negation). prm = margin.
 */
@final export class MarginRanking {
  cheap: bool;
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128): v128 {
    return v128.pmax<T>(this.u<T>(x, y, pw, prm), K<T>(ZERO));
  }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128, gmul: v128, g: usize): v128 {
    const u = this.u<T>(x, y, pw, prm);
    v128.store(g, v128.mul<T>(v128.and(v128.neg<T>(pw), v128.ge<T>(u, K<T>(ZERO))), gmul));
    return v128.pmax<T>(u, K<T>(ZERO));
  }
  // @ts-ignore: decorator
  @inline u<T>(x: v128, y: v128, t: v128, margin: v128): v128 {
    return v128.add<T>(v128.neg<T>(v128.mul<T>(t, v128.sub<T>(x, y))), margin);
  }
}

/** [0, 1]: binaryCrossEntropy's input domain. */
@final export class Unit {
  // @ts-ignore: decorator
  @inline lanes<T>(v: v128): v128 { return v128.and(v128.ge<T>(v, K<T>(ZERO)), v128.le<T>(v, K<T>(ONE))); }
  // @ts-ignore: decorator
  @inline has<T>(v: T): bool { return v >= 0 && v <= 1; }
}

/** {0, 1}: the targets the hinge losses read as 2y - 1. */
@final export class Binary {
  // @ts-ignore: decorator
  @inline lanes<T>(v: v128): v128 { return v128.or(v128.eq<T>(v, K<T>(ZERO)), v128.eq<T>(v, K<T>(ONE))); }
  // @ts-ignore: decorator
  @inline has<T>(v: T): bool { return v == 0 || v == 1; }
}

/** Index of the first x outside the set S (NaN included), or -1, vectorised: a check before a kernel. */
// @ts-ignore: decorator
@inline export function firstOutside<T, S>(x: usize, n: i32): i32 {
  const set = changetype<S>(0);
  const L = 16 / sizeof<T>();
  let i = 0;
  for (; i + L <= n; i += L) {
    const ok = set.lanes<T>(v128.load(x + ((<usize>i) << alignof<T>())));
    if (!(sizeof<T>() == 4 ? i32x4.all_true(ok) : i64x2.all_true(ok))) break; // the scalar loop finds which
  }
  for (; i < n; i++) {
    if (!set.has<T>(load<T>(x + ((<usize>i) << alignof<T>())))) return i;
  }
  return -1;
}

/** binaryCrossEntropy's input check. */
// @ts-ignore: decorator
@inline export function firstOutside01<T>(x: usize, n: i32): i32 { return firstOutside<T, Unit>(x, n); }

/** The hinge losses' target scan: -1 when every target is 0 or 1. */
// @ts-ignore: decorator
@inline export function firstNonBinary<T>(x: usize, n: i32): i32 { return firstOutside<T, Binary>(x, n); }

/**
 * How many class-index targets lie in [0, C) when every other one is the ignore index (hasIgnore), else -1:
 * the class losses' target check and mean denominator without weights, for targets already in the module.
 */
export function countClassTargets(t: usize, n: i32, C: i32, ignore: i32, hasIgnore: bool): i32 {
  const vC = i32x4.splat(C), vI = i32x4.splat(ignore);
  let ignored = i32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(t + ((<usize>i) << 2));
    const ig = hasIgnore ? i32x4.eq(v, vI) : i32x4.splat(0);
    if (!i32x4.all_true(v128.or(i32x4.lt_u(v, vC), ig))) return -1; // (unsigned: negatives are out too)
    ignored = i32x4.sub(ignored, ig); // lanes of ig are -1 where ignored
  }
  let count = i - (i32x4.extract_lane(ignored, 0) + i32x4.extract_lane(ignored, 1) +
    i32x4.extract_lane(ignored, 2) + i32x4.extract_lane(ignored, 3));
  for (; i < n; i++) {
    const c = load<i32>(t + ((<usize>i) << 2));
    if (hasIgnore && c == ignore) continue;
    if (<u32>c >= <u32>C) return -1;
    count++;
  }
  return count;
}
