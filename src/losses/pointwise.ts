// Element-wise losses: l_i = w_i·l(x_i, y_i) over inputs of any shape, on the pointwise kernels
// (assembly/losses/ops.ts). One plan for all; each loss names its Op and its scalar parameters.
import type { PointOp } from '../backend.js';
import { floatArray, like } from '../call/arrays.js';
import { finite, flag, numberOption, oneOf, raw, schemaOf, unitInterval, type Parsed, type Schema } from '../call/options.js';
import { shape } from '../call/shapes.js';
import { floatTarget } from '../call/targets.js';
import { JS_COST } from '../backend/select.js';
import { LosskitRangeError } from '../errors.js';
import type {
  BceLogitsOptions, BceOptions, FloatArray, FocalOptions, HuberOptions, KlDivOptions, MarginOptions, MultilabelOptions,
  PoissonNllOptions, SmoothL1Options,
} from '../types.js';
import { broadcastWeight, COMMON, inputRows, optionArray, SHAPE } from './common.js';
import type { CommonOptions, Context, LossSpec, Plan } from './spec.js';

export interface PointPlan extends Plan {
  readonly y: FloatArray;
  readonly w: FloatArray | null;
  readonly pw: FloatArray | null;
  /** The weights' period: the last dimension when they repeat along the rows, else n. */
  readonly period: number;
  readonly op: PointOp;
  readonly param: number;
  readonly param2: number;
}

/** The Ops without an exp or log per element: the kernels' `cheap` ones (assembly/losses/ops.ts). */
const CHEAP: ReadonlySet<PointOp> = new Set<PointOp>(['mse', 'l1', 'huber', 'smoothL1', 'hingeEmbedding', 'marginRanking', 'mape', 'hinge', 'squaredHinge']);
const jsCost = (op: PointOp): number => (CHEAP.has(op) ? JS_COST.cheap : JS_COST.expPerElement);

/** The Op and its scalar parameters, from a call's options (and its targets, for a loss whose rule scans them). */
type Pick<O> = (o: O, ctx: Context, y: FloatArray) => { op: PointOp; param?: number; param2?: number };

/**
 * The spec of an element-wise loss: input and target of one length, optional weights (`weight`, `posWeight`)
 * of the input's length or its last dimension; `check` validates the input's domain before anything is written.
 */
export function elementwise<O extends CommonOptions & { weight?: unknown; posWeight?: unknown; shape?: unknown }>(
  options: Schema<O>, pick: Pick<O>, check?: (ctx: Context, x: FloatArray) => void, integerTargets = false,
): LossSpec<O, PointPlan> {
  return {
    args: ['input', 'target'],
    differentiable: [0],
    options,
    plan(ctx, args, o) {
      const x = floatArray('input', args[0]);
      const n = x.length;
      const y = integerTargets ? floatTarget('target', args[1], x, n) : like('target', args[1], x, n);
      const dims = o.shape === undefined ? null : shape(o.shape, n);
      const last = dims === null ? n : dims.at(-1)!;
      const w = broadcastWeight(ctx, 'weight', o.weight, x, last);
      const pw = broadcastWeight(ctx, 'posWeight', o.posWeight, x, last);
      const period = (w !== null && w.length < n) || (pw !== null && pw.length < n) ? last : n;
      check?.(ctx, x);
      // 'batchmean' divides by the batch size, the first dimension (PyTorch's input.size(0))
      const denom = o.reduction === 'batchmean' ? (dims === null ? n : dims[0]) : n;
      const { op, param = 0, param2 = 0 } = pick(o, ctx, y);
      return {
        x, y, w, pw, period, op, param, param2, size: n, jsCost: jsCost(op), rows: n, denom, unit: 1, gradLengths: [n], reads: [x, y, w, pw],
      };
    },
    run: (kernels, p, out) =>
      kernels.pointwise(p.op, p.x, p.y, p.w, p.pw, p.period, out.gradOutput, out.loss, out.grads[0] ?? null, out.scale, p.param, p.param2),
  };
}

function checkProbabilities(ctx: Context, x: FloatArray): void {
  const i = ctx.router.byPlace(x).firstOutside01(x);
  if (i >= 0) throw new LosskitRangeError(`input[${i}]`, `${x[i]} is not a probability: binaryCrossEntropy takes values in [0, 1] (use binaryCrossEntropyWithLogits for logits)`);
}

const BCE = schemaOf<BceOptions>()({ ...COMMON, weight: raw(), ...SHAPE, labelSmoothing: unitInterval(0) });

export const mse = elementwise(COMMON, () => ({ op: 'mse' }));
export const l1 = elementwise(COMMON, () => ({ op: 'l1' }));
export const bce = elementwise(BCE, (o) => ({ op: 'bce', param: o.labelSmoothing }), checkProbabilities);
export const bceLogits = elementwise(schemaOf<BceLogitsOptions>()({ ...BCE, posWeight: raw() }), (o) => ({ op: 'bceLogits', param: o.labelSmoothing }));
export const huber = elementwise(
  schemaOf<HuberOptions>()({ ...COMMON, delta: numberOption(1, 0, false, 'a positive number (huber_loss does not support non-positive delta)') }),
  (o) => ({ op: 'huber', param: o.delta }),
);
// PyTorch: beta = 0 is exactly L1
export const smoothL1 = elementwise(
  schemaOf<SmoothL1Options>()({ ...COMMON, beta: numberOption(1, 0, true, 'a non-negative number (smooth_l1_loss does not support negative beta)') }),
  (o) => (o.beta === 0 ? { op: 'l1' } : { op: 'smoothL1', param: o.beta }),
);
// ±1 targets may be integers, as PyTorch takes an integer tensor there
export const logCosh = elementwise(COMMON, () => ({ op: 'logCosh' }));
export const softMargin = elementwise(COMMON, () => ({ op: 'softMargin' }), undefined, true);
export const hingeEmbedding = elementwise(schemaOf<MarginOptions>()({ ...COMMON, margin: finite(1) }), (o) => ({ op: 'hingeEmbedding', param: o.margin }), undefined, true);
export const klDiv = elementwise(
  schemaOf<KlDivOptions>()({ ...COMMON, reduction: oneOf('mean', ['mean', 'sum', 'none', 'batchmean']), logTarget: flag(false), ...SHAPE }),
  (o) => ({ op: o.logTarget ? 'klDivLog' : 'klDiv' }),
);
// Beyond PyTorch, Keras's: ε is Keras's backend.epsilon()
const KERAS_EPSILON = 1e-7;
export const mape = elementwise(COMMON, () => ({ op: 'mape', param: KERAS_EPSILON }));
export const msle = elementwise(COMMON, () => ({ op: 'msle', param: KERAS_EPSILON }));
/** Keras's rule for the hinge losses, per call: targets that are all 0 or 1 are read as 2y - 1 (param 1). */
const binaryAsSigns = (ctx: Context, y: FloatArray): number => (ctx.router.byPlace(y).firstNonBinary(y) < 0 ? 1 : 0);
export const hinge = elementwise(COMMON, (o, ctx, y) => ({ op: 'hinge', param: binaryAsSigns(ctx, y) }), undefined, true);
export const squaredHinge = elementwise(COMMON, (o, ctx, y) => ({ op: 'squaredHinge', param: binaryAsSigns(ctx, y) }), undefined, true);
// torchvision's focal loss defaults to reduction 'none'
export const sigmoidFocal = elementwise(
  schemaOf<FocalOptions>()({
    ...COMMON, reduction: oneOf('none', ['mean', 'sum', 'none']),
    alpha: finite(0.25), gamma: numberOption(2, 0, true, 'a non-negative number'),
  }),
  (o) => ({ op: 'focal', param: o.alpha, param2: o.gamma }),
);

const POISSON = schemaOf<PoissonNllOptions>()({ ...COMMON, logInput: flag(true), full: flag(false), eps: numberOption(1e-8, 0, true, 'a non-negative number') });
const poissonBase = elementwise(POISSON, (o) => (o.logInput ? { op: 'poissonLog' } : { op: 'poissonRate', param: o.eps }));

/**
 * Σ of the Stirling term of poissonNllLoss's `full`, y·log y - y + ½·log(2πy) where y > 1 (it does not depend
 * on the input, so it adds to the loss only); added into `loss` per element when given.
 */
function stirling(y: FloatArray, loss: FloatArray | null): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!(v > 1)) continue;
    const t = v * Math.log(v) - v + 0.5 * Math.log(2 * Math.PI * v);
    s += t;
    if (loss !== null) loss[i] += t;
  }
  return s;
}

export const poissonNll: LossSpec<Parsed<typeof POISSON>, PointPlan> = {
  ...poissonBase,
  run: (kernels, p, out, o) => poissonBase.run(kernels, p, out, o) + (o.full ? stirling(p.y, out.loss) : 0),
};

/**
 * marginRankingLoss: max(0, -t·(x1 - x2) + margin) on the pointwise kernels with x1 as input, x2 as target and
 * t in the pos_weight slot; grads = [∂/∂x1, ∂/∂x2 = -∂/∂x1].
 */
const RANKING = schemaOf<MarginOptions>()({ ...COMMON, margin: finite(0) });
export const marginRanking: LossSpec<Parsed<typeof RANKING>, PointPlan> = {
  args: ['input1', 'input2', 'target'],
  differentiable: [0, 1],
  options: RANKING,
  plan(ctx, args, o) {
    const x = floatArray('input1', args[0]);
    const n = x.length;
    const y = like('input2', args[1], x, n);
    const t = floatTarget('target', args[2], x, n);
    return { x, y, w: null, pw: t, period: n, op: 'marginRanking', param: o.margin, param2: 0, size: n, rows: n, denom: n, unit: 1, gradLengths: [n, n], reads: [x, y, t] };
  },
  run: (kernels, p, out) =>
    kernels.pointwise('marginRanking', p.x, p.y, null, p.pw, p.period, out.gradOutput, out.loss, out.grads[0] ?? null, out.scale, p.param, 0),
  after(p, grads) {
    const [g1, g2] = grads;
    for (let i = 0; i < g1.length; i++) g2[i] = -g1[i];
  },
};


const MULTILABEL = schemaOf<MultilabelOptions>()({ ...COMMON, weight: raw(), ...SHAPE });

/**
 * multilabelSoftMarginLoss: per row, (1/C)·Σ_c w_c·BCEwithLogits(x_c, y_c), i.e. PyTorch's
 * -(y·logσ(x) + (1-y)·logσ(-x)) in the stable form of the BCE-with-logits kernel; reduced over the N rows
 * (unit C: every reduction divides by C).
 */
export const multilabelSoftMargin: LossSpec<Parsed<typeof MULTILABEL>, PointPlan & { N: number; C: number; scratch: Context['scratch'] }> = {
  args: ['input', 'target'],
  differentiable: [0],
  options: MULTILABEL,
  plan(ctx, args, o) {
    const { x, y, N, C } = inputRows(args, o.shape);
    const n = x.length;
    const w = optionArray(ctx, 'weight', o.weight, x, C);
    return {
      x, y, w, pw: null, period: C, op: 'bceLogits', param: 0, param2: 0, N, C, scratch: ctx.scratch,
      size: n, jsCost: jsCost('bceLogits'), rows: N, denom: N, unit: C, gradLengths: [n], reads: [x, y, w],
    };
  },
  run(kernels, p, out) {
    const { N, C } = p;
    const perElement = out.loss === null ? null : p.scratch(p.x, p.size, 0);
    let gradOut: FloatArray | null = null;
    if (out.gradOutput !== null) { // each row's upstream gradient reaches its C elements
      const rows = out.gradOutput;
      gradOut = p.scratch(p.x, p.size, 1);
      for (let r = 0; r < N; r++) gradOut.fill(rows[r], r * C, (r + 1) * C);
    }
    const total = kernels.pointwise('bceLogits', p.x, p.y, p.w, null, C, gradOut, perElement, out.grads[0] ?? null, out.scale, 0, 0);
    if (out.loss !== null) {
      for (let r = 0; r < N; r++) {
        let s = 0;
        for (let c = r * C; c < (r + 1) * C; c++) s += perElement![c];
        out.loss[r] = s / C;
      }
    }
    return total;
  },
};
