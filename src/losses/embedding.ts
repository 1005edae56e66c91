// Losses over rows [N, D] of embeddings: cosineEmbeddingLoss (pairs) and the triplet margin losses.
import { floatArray, like } from '../call/arrays.js';
import { finite, flag, numberOption, oneOf, schemaOf, type Parsed } from '../call/options.js';
import { matrix } from '../call/shapes.js';
import { floatTarget } from '../call/targets.js';
import type { CosineEmbeddingOptions, FloatArray, TripletDistanceOptions, TripletOptions } from '../types.js';
import { COMMON, SHAPE } from './common.js';
import type { Kernels } from '../backend.js';
import type { LossSpec, Outputs, Plan } from './spec.js';

interface RowsPlan extends Plan {
  readonly N: number;
  readonly D: number;
  /** The second and third arrays: input2 and target, or positive and negative. */
  readonly b: FloatArray;
  readonly c: FloatArray;
}

const COSINE = schemaOf<CosineEmbeddingOptions>()({ ...COMMON, margin: finite(0), ...SHAPE });

/** cosineEmbeddingLoss over rows [N, D] (or one row [D]); grads = [d/d input1, d/d input2]. */
export const cosineEmbedding: LossSpec<Parsed<typeof COSINE>, RowsPlan> = {
  args: ['input1', 'input2', 'target'],
  differentiable: [0, 1],
  options: COSINE,
  plan(ctx, args, o) {
    const x = floatArray('input1', args[0]);
    const n = x.length;
    const b = like('input2', args[1], x, n);
    const { N, K: D } = matrix(o.shape, n, 'D');
    const c = floatTarget('target', args[2], x, N);
    return { x, b, c, N, D, size: n, rows: N, denom: N, unit: 1, gradLengths: [n, n], reads: [x, b, c] };
  },
  run: (kernels, p, out, o) => kernels.cosineEmbedding(p.x, p.b, p.c, p.N, p.D, o.margin, out.loss, out.grads[0] ?? null,
    out.grads[1] ?? null, out.scale, out.gradOutput),
};

const TRIPLET_COMMON = { ...COMMON, margin: numberOption(1, 0, false, 'a positive number'), swap: flag(false) };
const TRIPLET = schemaOf<TripletOptions>()({
  ...TRIPLET_COMMON, p: numberOption(2, 0, false, 'a positive number'), eps: numberOption(1e-6, 0, true, 'a non-negative number'), ...SHAPE,
});
const TRIPLET_DISTANCE = schemaOf<TripletDistanceOptions>()({ ...TRIPLET_COMMON, distance: oneOf('pairwise', ['pairwise', 'cosine']), ...SHAPE });

function tripletPlan(args: readonly unknown[], shp: unknown): RowsPlan {
  const x = floatArray('anchor', args[0]);
  const n = x.length;
  const b = like('positive', args[1], x, n);
  const c = like('negative', args[2], x, n);
  const { N, K: D } = matrix(shp, n, 'D');
  return { x, b, c, N, D, size: n, rows: N, denom: N, unit: 1, gradLengths: [n, n, n], reads: [x, b, c] };
}

const tripletRun = (
  kernels: Kernels, p: RowsPlan, out: Outputs, norm: number, eps: number, margin: number, swap: boolean, cosine: boolean,
): number =>
  kernels.triplet(p.x, p.b, p.c, p.N, p.D, margin, norm, eps, swap, cosine, out.loss, out.grads[0] ?? null, out.grads[1] ?? null,
    out.grads[2] ?? null, out.scale, out.gradOutput);

/** tripletMarginLoss over rows [N, D] (or one row [D]); grads = [d/d anchor, d/d positive, d/d negative]. */
export const triplet: LossSpec<Parsed<typeof TRIPLET>, RowsPlan> = {
  args: ['anchor', 'positive', 'negative'],
  differentiable: [0, 1, 2],
  options: TRIPLET,
  plan: (ctx, args, o) => tripletPlan(args, o.shape),
  run: (kernels, p, out, o) => tripletRun(kernels, p, out, o.p, o.eps, o.margin, o.swap, false),
};

/** tripletMarginWithDistanceLoss with a built-in distance: pairwise (p = 2, eps = 1e-6) or cosine. */
export const tripletDistance: LossSpec<Parsed<typeof TRIPLET_DISTANCE>, RowsPlan> = {
  args: ['anchor', 'positive', 'negative'],
  differentiable: [0, 1, 2],
  options: TRIPLET_DISTANCE,
  plan: (ctx, args, o) => tripletPlan(args, o.shape),
  run: (kernels, p, out, o) => tripletRun(kernels, p, out, 2, 1e-6, o.margin, o.swap, o.distance === 'cosine'),
};
