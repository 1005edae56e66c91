// Element-wise losses as Ops for the pointwise driver: loss l(x, y) and ∂l/∂x on vectors.
// `pw` is BCE-with-logits' pos_weight (a vector of ones for the others).
import { vsign } from "../math/vec";
import { vlog, vlog1p } from "../math/log";
import { vexpnegabs, vsigmoidFromE, vlogsigmoidFromE } from "../math/sigmoid";

/** (x - y)², gradient 2(x - y). */
@final export class Mse {
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128): v128 { const d = v128.sub<T>(x, y); return v128.mul<T>(d, d); }
  // @ts-ignore: decorator
  @inline grad<T>(x: v128, y: v128, pw: v128): v128 { const d = v128.sub<T>(x, y); return v128.add<T>(d, d); }
}

/** |x - y|, gradient sign(x - y) (0 at equality and for NaN, as PyTorch). */
@final export class L1 {
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128): v128 { return v128.abs<T>(v128.sub<T>(x, y)); }
  // @ts-ignore: decorator
  @inline grad<T>(x: v128, y: v128, pw: v128): v128 { return vsign<T>(v128.sub<T>(x, y)); }
}

/**
 * -(y·max(log x, -100) + (1 - y)·max(log1p(-x), -100)) on probabilities x; gradient as PyTorch's backward:
 * (x - y)/max(x(1 - x), 1e-12), with 1e-12 rounded to float32 as in PyTorch (a float constant in every dtype).
 */
@final export class Bce {
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128): v128 {
    const floor = v128.splat<T>(-100);
    const lx = v128.pmax<T>(vlog<T>(x), floor);
    const l1x = v128.pmax<T>(vlog1p<T>(v128.neg<T>(x)), floor);
    // (y - 1)·log(1 - x) - y·log(x), PyTorch's order of operations
    return v128.sub<T>(v128.mul<T>(v128.sub<T>(y, v128.splat<T>(1)), l1x), v128.mul<T>(y, lx));
  }
  // @ts-ignore: decorator
  @inline grad<T>(x: v128, y: v128, pw: v128): v128 {
    const den = v128.pmax<T>(v128.mul<T>(v128.sub<T>(v128.splat<T>(1), x), x), v128.splat<T>(<T><f32>1e-12));
    return v128.div<T>(v128.sub<T>(x, y), den);
  }
}

/**
 * (1 - y)·x - (1 + (pw - 1)·y)·log σ(x) on logits x, stable for every x; gradient (1 + (pw - 1)·y)·σ(x) - pw·y.
 */
@final export class BceLogits {
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128): v128 {
    const one = v128.splat<T>(1);
    const lw = v128.add<T>(one, v128.mul<T>(v128.sub<T>(pw, one), y));
    const ls = vlogsigmoidFromE<T>(x, vexpnegabs<T>(x));
    return v128.sub<T>(v128.mul<T>(v128.sub<T>(one, y), x), v128.mul<T>(lw, ls));
  }
  // @ts-ignore: decorator
  @inline grad<T>(x: v128, y: v128, pw: v128): v128 {
    const one = v128.splat<T>(1);
    const lw = v128.add<T>(one, v128.mul<T>(v128.sub<T>(pw, one), y));
    const s = vsigmoidFromE<T>(x, vexpnegabs<T>(x));
    return v128.sub<T>(v128.mul<T>(lw, s), v128.mul<T>(pw, y));
  }
}
