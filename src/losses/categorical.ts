// Categorical row losses beyond PyTorch (Keras's categorical hinge and categorical focal, optax's poly-1) over
// class scores [N, C, d1, ...]: shapes and targets as crossEntropy's (class indices read as one-hot, or class
// probabilities), one row per sample and position, no weights.
import type { CategoricalOp } from '../backend.js';
import { floatArray, isFloatArray, like } from '../call/arrays.js';
import { classDim, finite, numberOption, schemaOf, type Parsed, type Schema } from '../call/options.js';
import { classTargets } from '../call/targets.js';
import type { CategoricalFocalOptions, CategoricalOptions, FloatArray, PolyOptions } from '../types.js';
import { dimsOf } from './class.js';
import { COMMON, SHAPE } from './common.js';
import type { Context, LossSpec, Plan } from './spec.js';

interface CategoricalPlan extends Plan {
  readonly N: number;
  readonly C: number;
  readonly D: number;
  /** Index targets, or null with probability targets y. */
  readonly t: Int32Array | null;
  readonly y: FloatArray | null;
}

const HINGE = schemaOf<CategoricalOptions>()({ ...COMMON, ...SHAPE, classDim });
const FOCAL = schemaOf<CategoricalFocalOptions>()({ ...HINGE, alpha: finite(0.25), gamma: numberOption(2, 0, true, 'a non-negative number') });
const POLY = schemaOf<PolyOptions>()({ ...HINGE, epsilon: finite(2) });

/** Rows and targets: N·D rows of C classes; 'mean' averages over the rows. */
function plan(ctx: Context, args: readonly unknown[], o: Parsed<typeof HINGE>): CategoricalPlan {
  const x = floatArray('input', args[0]);
  const target = args[1];
  const probs = isFloatArray(target);
  const { N, C, D } = dimsOf(x, target, o.shape, probs, o.classDim);
  const n = x.length, rows = N * D;
  const kernelRows = rows === 0 ? 0 : N; // (an empty shape with a huge leading dimension has nothing to walk)
  const common = { x, N: kernelRows, C, D, size: n, rows, denom: rows, unit: 1, gradLengths: [n] };
  if (probs) {
    const y = like('target', target, x, n);
    return { ...common, t: null, y, reads: [x, y] };
  }
  const { t } = classTargets(target, rows, C, NaN, null);
  return { ...common, t, y: null, reads: [x, t] };
}

/** The spec of categorical loss `op` with its option schema and its two scalar parameters. */
function categorical<O extends Parsed<typeof HINGE>>(
  op: CategoricalOp, options: Schema<O>, params: (o: O) => [number, number],
): LossSpec<O, CategoricalPlan> {
  return {
    args: ['input', 'target'],
    differentiable: [0],
    options,
    plan,
    run(kernels, p, out, o) {
      const [param, param2] = params(o);
      return kernels.categorical(op, p.x, p.t, p.y, p.N, p.C, p.D, param, param2, out.loss, out.grads[0] ?? null, out.scale, out.gradOutput);
    },
  };
}

export const categoricalHinge = categorical('categoricalHinge', HINGE, () => [0, 0]);
export const categoricalFocal = categorical('categoricalFocal', FOCAL, (o) => [o.alpha, o.gamma]);
export const poly = categorical('poly', POLY, (o) => [o.epsilon, 0]);
