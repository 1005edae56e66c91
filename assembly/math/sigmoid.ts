// Sigmoid and log-sigmoid evaluated on -|x| so nothing overflows: with e = exp(-|x|) in (0, 1],
// σ(x) = 1/(1 + e) for x >= 0 and e/(1 + e) otherwise; log σ(x) = min(x, 0) - log1p(e).
// Accuracy: σ within 3 ulp (exp, one division), log σ within 3 ulp where it is not tiny next to min(x, 0);
// NaN propagates, ±Inf give 1/0 and 0/-Inf. Tested in test/math.test.ts against float64 references.
// The activations use the full exp (σ keeps its subnormal values); the losses use expneg, which flushes
// e below 2^-126 (2^-1022) to 0: a change of less than 1.2e-38 in a loss or gradient.
import { vexp, vexpneg } from "./exp";
import { vlog1pUnit } from "./log";
import { K, ONE, ZERO } from "./consts";

/** exp(-|x|) with the full exp (activations). */
// @ts-ignore: decorator
@inline export function vexpnegabs<T>(x: v128): v128 { return vexp<T>(v128.neg<T>(v128.abs<T>(x))); }

/** exp(-|x|), flushed below the normal range (losses). */
// @ts-ignore: decorator
@inline export function vexpnegabsFlush<T>(x: v128): v128 { return vexpneg<T>(v128.neg<T>(v128.abs<T>(x))); }

/** σ(x) given e = exp(-|x|). */
// @ts-ignore: decorator
@inline export function vsigmoidFromE<T>(x: v128, e: v128): v128 {
  const one = K<T>(ONE);
  const r = v128.div<T>(one, v128.add<T>(one, e));
  return v128.bitselect(v128.mul<T>(e, r), r, v128.lt<T>(x, K<T>(ZERO)));
}

/** log σ(x) given e = exp(-|x|). */
// @ts-ignore: decorator
@inline export function vlogsigmoidFromE<T>(x: v128, e: v128): v128 {
  return v128.sub<T>(v128.pmin<T>(x, K<T>(ZERO)), vlog1pUnit<T>(e));
}

// @ts-ignore: decorator
@inline export function vsigmoid<T>(x: v128): v128 { return vsigmoidFromE<T>(x, vexpnegabs<T>(x)); }

// @ts-ignore: decorator
@inline export function vlogsigmoid<T>(x: v128): v128 { return vlogsigmoidFromE<T>(x, vexpnegabs<T>(x)); }
