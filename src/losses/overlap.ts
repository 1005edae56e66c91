// Keras's row losses over [N, C] from three sums per row (one kernel, assembly/losses/overlap.ts): cosineSimilarityLoss
// on vectors, diceLoss and tverskyLoss on probabilities against 0/1 or soft masks.
import { floatArray } from '../call/arrays.js';
import { numberOption, schemaOf, type Parsed } from '../call/options.js';
import { matrix } from '../call/shapes.js';
import { floatTarget } from '../call/targets.js';
import type { OverlapKind } from '../backend.js';
import type { FloatArray, OverlapOptions, TverskyOptions } from '../types.js';
import { COMMON, SHAPE } from './common.js';
import type { LossSpec, Plan } from './spec.js';

interface OverlapPlan extends Plan {
  readonly y: FloatArray;
  readonly N: number;
  readonly C: number;
}

const OVERLAP = schemaOf<OverlapOptions>()({ ...COMMON, ...SHAPE });
const weight = numberOption(0.5, 0, true, 'a non-negative number');
const TVERSKY = schemaOf<TverskyOptions>()({ ...COMMON, alpha: weight, beta: weight, ...SHAPE });

type Options = Parsed<typeof OVERLAP> & { alpha?: number; beta?: number };

/** The loss `kind` over rows [N, C] (or one row [C]): float targets of the input's length. */
function overlapSpec<O extends Options>(kind: OverlapKind, options: LossSpec<O>['options']): LossSpec<O, OverlapPlan> {
  return {
    args: ['input', 'target'],
    differentiable: [0],
    options,
    plan(ctx, args, o) {
      const x = floatArray('input', args[0]);
      const n = x.length;
      const { N, K: C } = matrix(o.shape, n, 'C');
      const y = floatTarget('target', args[1], x, n);
      return { x, y, N, C, size: n, rows: N, denom: N, unit: 1, gradLengths: [n], reads: [x, y] };
    },
    run: (kernels, p, out, o) => kernels.overlap(p.x, p.y, p.N, p.C, kind, o.alpha ?? 0, o.beta ?? 0, out.loss,
      out.grads[0] ?? null, out.scale, out.gradOutput),
  };
}

export const cosineSimilarity = overlapSpec<Parsed<typeof OVERLAP>>('cosine', OVERLAP);
export const dice = overlapSpec<Parsed<typeof OVERLAP>>('dice', OVERLAP);
export const tversky = overlapSpec<Parsed<typeof TVERSKY>>('tversky', TVERSKY);
