// Element-wise losses as Ops for the pointwise driver (losses/pointwise.ts), on vectors:
//   loss<T>(x, y, pw, hasPW)               the per-element loss l(x, y);
//   lossGrad<T>(x, y, pw, hasPW, gmul, g)  the same, and stores gmul·∂l/∂x at g, sharing the work of both.
// `pw` is BCE-with-logits' pos_weight; hasPW (a constant after inlining) says whether it was given.
import { vsign } from "../math/vec";
import { K, ONE, TWO, NEG_100, BCE_EPS } from "../math/consts";
import { vlog, vlog1p } from "../math/log";
import { vexpnegabsFlush, vsigmoidFromE, vlogsigmoidFromE } from "../math/sigmoid";

/** (x - y)², gradient 2(x - y). */
@final export class Mse {
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool): v128 { const d = v128.sub<T>(x, y); return v128.mul<T>(d, d); }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, gmul: v128, g: usize): v128 {
    const d = v128.sub<T>(x, y);
    v128.store(g, v128.mul<T>(v128.add<T>(d, d), gmul));
    return v128.mul<T>(d, d);
  }
}

/** |x - y|, gradient sign(x - y) (0 at equality and for NaN, as PyTorch). */
@final export class L1 {
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool): v128 { return v128.abs<T>(v128.sub<T>(x, y)); }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, gmul: v128, g: usize): v128 {
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
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool): v128 {
    const lx = v128.pmax<T>(vlog<T>(x), K<T>(NEG_100));
    const l1x = v128.pmax<T>(vlog1p<T>(v128.neg<T>(x)), K<T>(NEG_100));
    // (y - 1)·log(1 - x) - y·log(x), PyTorch's order of operations
    return v128.sub<T>(v128.mul<T>(v128.sub<T>(y, K<T>(ONE)), l1x), v128.mul<T>(y, lx));
  }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, gmul: v128, g: usize): v128 {
    const den = v128.pmax<T>(v128.mul<T>(v128.sub<T>(K<T>(ONE), x), x), K<T>(BCE_EPS));
    v128.store(g, v128.mul<T>(v128.div<T>(v128.sub<T>(x, y), den), gmul));
    return this.loss<T>(x, y, pw, hasPW);
  }
}

/**
 * (1 - y)·x - (1 + (pw - 1)·y)·log σ(x) on logits x, stable for every x; gradient (1 + (pw - 1)·y)·σ(x) - pw·y.
 */
@final export class BceLogits {
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool): v128 {
    return this.fromE<T>(x, y, pw, hasPW, vexpnegabsFlush<T>(x));
  }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, gmul: v128, g: usize): v128 {
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
  /** The log-weight 1 + (pw - 1)·y. */
  // @ts-ignore: decorator
  @inline lw<T>(y: v128, pw: v128): v128 {
    return v128.add<T>(K<T>(ONE), v128.mul<T>(v128.sub<T>(pw, K<T>(ONE)), y));
  }
}
