// Margin losses over scores [N, C]: multiMarginLoss with class-index targets, multilabelMarginLoss with label lists.
import { floatArray } from '../call/arrays.js';
import { finite, raw, schemaOf, type OptionSpec, type Parsed } from '../call/options.js';
import { matrix, rowsPerTarget } from '../call/shapes.js';
import { classTargets, labelLists } from '../call/targets.js';
import { LosskitRangeError } from '../errors.js';
import type { FloatArray, MultilabelMarginOptions, MultiMarginOptions } from '../types.js';
import { COMMON, optionArray, SHAPE } from './common.js';
import type { LossSpec, Plan } from './spec.js';

interface MarginPlan extends Plan {
  readonly N: number;
  readonly C: number;
  readonly t: Int32Array;
  readonly w: FloatArray | null;
}

const power: OptionSpec<1 | 2> = {
  fallback: 1,
  parse(v, name) {
    if (v !== 1 && v !== 2) throw new LosskitRangeError(name, `only p == 1 and p == 2 are supported, got ${String(v)}`, 'ERR_OPTION');
    return v;
  },
};

const MULTI_MARGIN = schemaOf<MultiMarginOptions>()({ ...COMMON, p: power, margin: finite(1), weight: raw(), ...SHAPE });

export const multiMargin: LossSpec<Parsed<typeof MULTI_MARGIN>, MarginPlan> = {
  args: ['input', 'target'],
  differentiable: [0],
  options: MULTI_MARGIN,
  plan(ctx, args, o) {
    const x = floatArray('input', args[0]);
    const { N, C } = o.shape !== undefined ? (({ N, K }) => ({ N, C: K }))(matrix(o.shape, x.length, 'C')) : rowsPerTarget(x.length, args[1]);
    const w = optionArray(ctx, 'weight', o.weight, x, C);
    const { t } = classTargets(args[1], N, C, NaN, w);
    return { x, N, C, t, w, size: x.length, rows: N, denom: N, unit: 1, gradLengths: [x.length], reads: [x, t, w] };
  },
  run: (kernels, p, out, o) => kernels.multiMargin(p.x, p.t, p.w, p.N, p.C, o.p, o.margin, out.loss, out.grads[0] ?? null, out.scale, out.gradOutput),
};

const MULTILABEL_MARGIN = schemaOf<MultilabelMarginOptions>()({ ...COMMON, ...SHAPE });

export const multilabelMargin: LossSpec<Parsed<typeof MULTILABEL_MARGIN>, MarginPlan> = {
  args: ['input', 'target'],
  differentiable: [0],
  options: MULTILABEL_MARGIN,
  plan(ctx, args, o) {
    const x = floatArray('input', args[0]);
    const { N, K: C } = matrix(o.shape, x.length, 'C');
    const t = labelLists(args[1], x.length, C);
    return { x, N, C, t, w: null, size: x.length, rows: N, denom: N, unit: 1, gradLengths: [x.length], reads: [x, t] };
  },
  run: (kernels, p, out) => kernels.multilabelMargin(p.x, p.t, p.N, p.C, out.loss, out.grads[0] ?? null, out.scale, out.gradOutput),
};
