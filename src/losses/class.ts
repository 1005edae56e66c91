// Class losses over rows [N, C, d1, ...] (class dimension 1, as PyTorch): crossEntropy from logits with index or
// probability targets, nllLoss from log-probabilities.
import { JS_COST } from '../backend/select.js';
import { floatArray, isFloatArray, like } from '../call/arrays.js';
import { classDim, integer, raw, schemaOf, unitInterval, type Parsed } from '../call/options.js';
import { classRows, rowsPerTarget, shape } from '../call/shapes.js';
import { classTargets, kernelIgnore } from '../call/targets.js';
import { LosskitRangeError } from '../errors.js';
import type { ClassOptions, CrossEntropyOptions, FloatArray } from '../types.js';
import { COMMON, optionArray, SHAPE } from './common.js';
import type { Context, LossSpec, Plan } from './spec.js';

export interface ClassPlan extends Plan {
  readonly N: number;
  readonly C: number;
  readonly D: number;
  readonly w: FloatArray | null;
  readonly ignore: number;
  /** Index targets, or null with probability targets y. */
  readonly t: Int32Array | null;
  readonly y: FloatArray | null;
}

const NLL = schemaOf<ClassOptions>()({ ...COMMON, weight: raw(), ignoreIndex: integer(-100), ...SHAPE, classDim });
const CE = schemaOf<CrossEntropyOptions>()({ ...NLL, labelSmoothing: unitInterval(0) });

/** [N, C, D] from options.shape, or [N, C] from one index target per row. */
export function dimsOf(x: FloatArray, target: unknown, shp: unknown, probs: boolean, last: boolean): { N: number; C: number; D: number } {
  if (shp !== undefined) return classRows(shape(shp, x.length), last);
  if (probs) throw new LosskitRangeError('options.shape', 'is required with probability targets ([N, C] or [N, C, d1, ...])', 'ERR_SHAPE');
  const { N, C } = rowsPerTarget(x.length, target);
  return { N, C, D: 1 };
}

/** Shape, rows and targets of crossEntropy / nllLoss. */
function classPlan(ctx: Context, args: readonly unknown[], o: Parsed<typeof NLL>, allowProbs: boolean, jsCost: number): ClassPlan {
  const x = floatArray('input', args[0]);
  const target = args[1];
  const probs = allowProbs && isFloatArray(target);
  const { N, C, D } = dimsOf(x, target, o.shape, probs, o.classDim);
  const w = optionArray(ctx, 'weight', o.weight, x, C);
  const ignore = o.ignoreIndex;
  const n = x.length, rows = N * D;
  const kernelRows = rows === 0 ? 0 : N; // (an empty shape with a huge leading dimension has nothing to walk)
  if (probs) {
    if (ignore >= 0) throw new LosskitRangeError('options.ignoreIndex', 'is not supported with probability targets', 'ERR_OPTION');
    const y = like('target', target, x, n);
    return { x, N: kernelRows, C, D, w, ignore, t: null, y, size: n, jsCost, rows, denom: rows, unit: 1, gradLengths: [n], reads: [x, y, w] };
  }
  // the common case (int32 targets, no weights) is checked and counted in one fast pass
  const count = w === null && target instanceof Int32Array && target.length === N * D
    ? ctx.router.byPlace(target).countClassTargets(target, C, ignore) : -1;
  const { t, denom } = count >= 0 ? { t: target as Int32Array, denom: count } : classTargets(target, N * D, C, ignore, w);
  return { x, N: kernelRows, C, D, w, ignore: kernelIgnore(ignore), t, y: null, size: n, jsCost, rows, denom, unit: 1, gradLengths: [n], reads: [x, t, w] };
}

export const crossEntropy: LossSpec<Parsed<typeof CE>, ClassPlan> = {
  args: ['input', 'target'],
  differentiable: [0],
  options: CE,
  plan: (ctx, args, o) => classPlan(ctx, args, o, true, JS_COST.expPerLogit),
  run: (kernels, p, out, o) => kernels.crossEntropy(p.x, p.t, p.y, p.w, p.N, p.C, p.D, p.ignore, o.labelSmoothing, out.loss,
    out.grads[0] ?? null, out.scale, out.gradOutput),
};

/** nllLoss reads one element per row: it runs where its input lies (copying it into the module would cost more). */
export const nll: LossSpec<Parsed<typeof NLL>, ClassPlan> = {
  args: ['input', 'target'],
  differentiable: [0],
  options: NLL,
  plan: (ctx, args, o) => classPlan(ctx, args, o, false, JS_COST.cheap),
  run: (kernels, p, out) => kernels.nll(p.x, p.t!, p.w, p.N, p.C, p.D, p.ignore, out.loss, out.grads[0] ?? null, out.scale, out.gradOutput),
  gathers: true,
};
