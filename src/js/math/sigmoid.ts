// Mirror of assembly/math/sigmoid.ts for one lane (accuracy: see the kernel's header). Evaluated on -|x| so
// nothing overflows: e = exp(-|x|), σ(x) = 1/(1 + e) for x >= 0 and e/(1 + e) otherwise; log σ(x) =
// min(x, 0) - log1p(e). The activations use the full exp, the losses expneg (flushed below the normal range).
import type { Elem } from './consts.js';
import { vexp, vexpneg } from './exp.js';
import { vlog1pUnit } from './log.js';
import { pmin } from './vec.js';

/** exp(-|x|) with the full exp (activations). */
export const vexpnegabs = (x: number, T: Elem): number => vexp(-Math.abs(x), T);

/** exp(-|x|), flushed below the normal range (losses). */
export const vexpnegabsFlush = (x: number, T: Elem): number => vexpneg(-Math.abs(x), T);

/** σ(x) given e = exp(-|x|). */
export function vsigmoidFromE(x: number, e: number, T: Elem): number {
  const r = T(1 / T(1 + e));
  return x < 0 ? T(e * r) : r;
}

/** log σ(x) given e = exp(-|x|). */
export const vlogsigmoidFromE = (x: number, e: number, T: Elem): number => T(pmin(x, 0) - vlog1pUnit(e, T));

export const vsigmoid = (x: number, T: Elem): number => vsigmoidFromE(x, vexpnegabs(x, T), T);

export const vlogsigmoid = (x: number, T: Elem): number => vlogsigmoidFromE(x, vexpnegabs(x, T), T);
