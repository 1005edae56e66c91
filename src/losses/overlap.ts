// Keras's row losses over [N, C] from three sums per row (one kernel, assembly/losses/overlap.ts): cosineSimilarityLoss
// on vectors, diceLoss and tverskyLoss on probabilities against 0/1 or soft masks.
import { numberOption, schemaOf, type Parsed } from '../call/options.js';
import type { OverlapKind } from '../backend.js';
import type { FloatArray, OverlapOptions, TverskyOptions } from '../types.js';
import { COMMON, inputRows, SHAPE } from './common.js';
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
      const { x, y, N, C } = inputRows(args, o.shape);
      return { x, y, N, C, size: x.length, rows: N, denom: N, unit: 1, gradLengths: [x.length], reads: [x, y] };
    },
    run: (kernels, p, out, o) => kernels.overlap(p.x, p.y, p.N, p.C, kind, o.alpha ?? 0, o.beta ?? 0, out.loss,
      out.grads[0] ?? null, out.scale, out.gradOutput),
  };
}

export const cosineSimilarity = overlapSpec<Parsed<typeof OVERLAP>>('cosine', OVERLAP);
export const dice = overlapSpec<Parsed<typeof OVERLAP>>('dice', OVERLAP);
export const tversky = overlapSpec<Parsed<typeof TVERSKY>>('tversky', TVERSKY);
