// gaussianNllLoss: targets under N(input, var); gradients for the input and the variance.
import { floatArray, like } from '../call/arrays.js';
import { flag, numberOption, schemaOf, type Parsed } from '../call/options.js';
import { lastDim } from '../call/shapes.js';
import { LosskitRangeError } from '../errors.js';
import type { FloatArray, GaussianNllOptions } from '../types.js';
import { COMMON, SHAPE } from './common.js';
import type { LossSpec, Plan } from './spec.js';

interface GaussianPlan extends Plan {
  readonly y: FloatArray;
  readonly v: FloatArray;
  /** How many consecutive elements one variance covers. */
  readonly perVariance: number;
}

const GAUSSIAN = schemaOf<GaussianNllOptions>()({ ...COMMON, full: flag(false), eps: numberOption(1e-6, 0, true, 'a non-negative number'), ...SHAPE });

/** How many elements each variance covers: 1 (var of the input's length) or the last dimension (one per row). */
function coverage(v: FloatArray, n: number, last: number): number {
  if (v.length === n) return 1;
  if (last > 0 && v.length * last === n) return last;
  throw new LosskitRangeError('var', `is of incorrect size: expected ${n} values or ${last > 0 ? n / last : 0} (one per row of the last dimension), got ${v.length}`, 'ERR_LENGTH');
}

/**
 * var has the input's length (heteroscedastic) or one value per row of the last dimension of `shape` (PyTorch's
 * var of shape[:-1], or shape[:-1] + [1]); grads = [d/d input, d/d var].
 */
export const gaussianNll: LossSpec<Parsed<typeof GAUSSIAN>, GaussianPlan> = {
  args: ['input', 'target', 'var'],
  differentiable: [0, 2],
  options: GAUSSIAN,
  plan(ctx, args, o) {
    const x = floatArray('input', args[0]);
    const n = x.length;
    const y = like('target', args[1], x, n);
    const v = like('var', args[2], x);
    const perVariance = coverage(v, n, lastDim(o.shape, n));
    for (let i = 0; i < v.length; i++) {
      if (v[i] < 0) throw new LosskitRangeError(`var[${i}]`, `${v[i]} is negative: variances must be >= 0`);
    }
    return { x, y, v, perVariance, size: n, rows: n, denom: n, unit: 1, gradLengths: [n, v.length], reads: [x, y, v] };
  },
  run: (kernels, p, out, o) => kernels.gaussianNll(p.x, p.y, p.v, p.perVariance, o.eps, o.full, out.loss, out.grads[0] ?? null, out.grads[1] ?? null,
    out.scale, out.gradOutput),
};
