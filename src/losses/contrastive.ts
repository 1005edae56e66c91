// Contrastive losses over a batch of embeddings [N, D] with integer labels: ntXentLoss (optax's ntxent).
import { floatArray } from '../call/arrays.js';
import { LosskitRangeError } from '../errors.js';
import { emptyMean, numberOption, oneOf, schemaOf, type Parsed } from '../call/options.js';
import { matrix } from '../call/shapes.js';
import { indexArray, integerLabels } from '../call/targets.js';
import type { FloatArray, NtXentOptions } from '../types.js';
import { SHAPE } from './common.js';
import type { LossSpec, Plan } from './spec.js';

interface NtXentPlan extends Plan {
  readonly t: Int32Array;
  readonly N: number;
  readonly D: number;
  readonly work: FloatArray;
  /** Positive pairs: ordered (i, j), i ≠ j, of equal labels. */
  readonly pairs: number;
}

const NT_XENT = schemaOf<NtXentOptions>()({
  reduction: oneOf('mean', ['mean']), emptyMean, temperature: numberOption(0.07, 0, false, 'a positive number'), ...SHAPE,
});

/** Σ over label groups of m·(m - 1). */
function positivePairs(t: Int32Array): number {
  const sizes = new Map<number, number>();
  for (const c of t) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  let pairs = 0;
  for (const m of sizes.values()) pairs += m * (m - 1);
  return pairs;
}

/** [N, D] from one label per row. */
function perLabel(n: number, target: unknown): { N: number; K: number } {
  const N = indexArray('target', target, 'integer labels (an integer typed array or number[])').length;
  if (N === 0 ? n !== 0 : n % N !== 0) {
    throw new LosskitRangeError('target', `input length ${n} is not a multiple of the ${N} labels; pass options.shape`, 'ERR_LENGTH');
  }
  return { N, K: N === 0 ? 0 : n / N };
}

/** ntXentLoss: embeddings [N, D] (`shape`, or D from one label per row); 'mean' over the positive pairs. */
export const ntXent: LossSpec<Parsed<typeof NT_XENT>, NtXentPlan> = {
  args: ['input', 'target'],
  differentiable: [0],
  options: NT_XENT,
  plan(ctx, args, o) {
    const x = floatArray('input', args[0]);
    const n = x.length;
    const { N, K: D } = o.shape === undefined ? perLabel(n, args[1]) : matrix(o.shape, n, 'D');
    const t = integerLabels('target', args[1], N);
    const pairs = positivePairs(t);
    const work = ctx.scratch(x, N * D + 3 * N, 0);
    return { x, t, N, D, work, pairs, size: N * N * D, rows: N, denom: pairs, unit: 1, gradLengths: [n], reads: [x, t, work] };
  },
  // (no positive pair: the kernel differentiates no term, so the gradient is 0 whatever the scale, as optax's)
  run: (kernels, p, out, o) => kernels.ntXent(p.x, p.t, p.N, p.D, o.temperature, p.work, out.grads[0] ?? null, out.scale),
};
