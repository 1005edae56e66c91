// torchvision's box losses over pairs of boxes [N, 4] (x1, y1, x2, y2), given flat (length 4N): one spec for the
// three kinds, which share their kernel (assembly/losses/boxes.ts); grads = [∂/∂boxes1, ∂/∂boxes2].
import type { BoxKind } from '../backend.js';
import { floatArray, like } from '../call/arrays.js';
import { oneOf, schemaOf, type Parsed } from '../call/options.js';
import { LosskitRangeError } from '../errors.js';
import type { BoxIouOptions, FloatArray } from '../types.js';
import type { LossSpec, Plan } from './spec.js';

interface BoxPlan extends Plan {
  readonly b: FloatArray;
  readonly N: number;
}

// torchvision's defaults: no reduction, and a mean over no boxes is 0
const BOXES = schemaOf<BoxIouOptions>()({ reduction: oneOf('none', ['mean', 'sum', 'none']), emptyMean: oneOf('zero', ['nan', 'zero']) });

const boxLoss = (kind: BoxKind): LossSpec<Parsed<typeof BOXES>, BoxPlan> => ({
  args: ['boxes1', 'boxes2'],
  differentiable: [0, 1],
  options: BOXES,
  plan(ctx, args) {
    const x = floatArray('boxes1', args[0]);
    const n = x.length;
    if (n % 4 !== 0) throw new LosskitRangeError('boxes1', `expected boxes [N, 4] flattened (a length divisible by 4), got length ${n}`, 'ERR_LENGTH');
    const b = like('boxes2', args[1], x, n);
    return { x, b, N: n / 4, size: n, rows: n / 4, denom: n / 4, unit: 1, gradLengths: [n, n], reads: [x, b] };
  },
  run: (kernels, p, out) => kernels.boxIou(kind, p.x, p.b, p.N, out.loss, out.grads[0] ?? null, out.grads[1] ?? null, out.scale, out.gradOutput),
});

export const generalizedBoxIou = boxLoss('giou');
export const distanceBoxIou = boxLoss('diou');
export const completeBoxIou = boxLoss('ciou');
