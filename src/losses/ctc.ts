// ctcLoss over log_probs [T, N, C] (or [T, C]: one sample). targets: concatenated (Σ targetLengths values) or
// padded [N, S]; 'mean' is mean_n(loss_n / max(targetLength_n, 1)) as PyTorch.
import { floatArray } from '../call/arrays.js';
import { flag, integer, schemaOf, type Parsed } from '../call/options.js';
import { shape } from '../call/shapes.js';
import { classTargets, indexArray, lengths, paddedTargets } from '../call/targets.js';
import { LosskitRangeError } from '../errors.js';
import type { CtcOptions, FloatArray } from '../types.js';
import { COMMON, SHAPE } from './common.js';
import type { LossSpec, Plan } from './spec.js';

interface CtcPlan extends Plan {
  readonly T: number;
  readonly N: number;
  readonly C: number;
  readonly targets: Int32Array;
  readonly offsets: Int32Array;
  readonly inLens: Int32Array;
  readonly tgLens: Int32Array;
  /** The longest target. */
  readonly sMax: number;
  /** Per-sample losses, where 'mean' reads them (work arrays). */
  readonly perSample: FloatArray;
  readonly sampleScale: FloatArray;
}

const CTC = schemaOf<CtcOptions>()({ ...COMMON, blank: integer(0), zeroInfinity: flag(false), ...SHAPE });

/** [T, N, C] (or [T, C]) from the required shape option. */
function dimsOf(lp: FloatArray, shp: unknown): { T: number; N: number; C: number } {
  if (shp === undefined) throw new LosskitRangeError('options.shape', 'is required: [T, N, C] (or [T, C] for one sample)', 'ERR_SHAPE');
  const d = shape(shp, lp.length);
  if (d.length !== 2 && d.length !== 3) throw new LosskitRangeError('options.shape', `expected [T, N, C] or [T, C], got [${d.join(', ')}]`, 'ERR_SHAPE');
  return { T: d[0], N: d.length === 3 ? d[1] : 1, C: d.at(-1)! };
}

/** The targets as an Int32Array and where each sample's start: concatenated, or padded rows of S. */
function targetLayout(raw: unknown, tgLens: Int32Array, C: number, blank: number): { targets: Int32Array; offsets: Int32Array } {
  const N = tgLens.length;
  let sum = 0, sMax = 0;
  for (let i = 0; i < N; i++) { sum += tgLens[i]; sMax = Math.max(sMax, tgLens[i]); }
  const len = indexArray('targets', raw, 'class indices (an integer typed array or number[])').length;
  // concatenated when the lengths add up to it (padded rows that are all full read the same either way)
  const padded = len !== sum;
  const S = padded ? (N === 0 ? 0 : len / N) : 0;
  if (padded && (!Number.isInteger(S) || S < sMax)) {
    throw new LosskitRangeError('targets', `expected Σ targetLengths = ${sum} values (concatenated) or N·S with S >= ${sMax} (padded), got ${len}`, 'ERR_LENGTH');
  }
  const targets = padded ? paddedTargets('targets', raw, S, tgLens, C) : classTargets(raw, len, C, NaN, null, 'targets').t;
  const offsets = new Int32Array(N);
  for (let i = 0, acc = 0; i < N; i++) { offsets[i] = padded ? i * S : acc; acc += tgLens[i]; }
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < tgLens[i]; j++) {
      if (targets[offsets[i] + j] === blank) throw new LosskitRangeError(`targets[${offsets[i] + j}]`, `is the blank class (${blank}); targets must not contain it`);
    }
  }
  return { targets, offsets };
}

export const ctc: LossSpec<Parsed<typeof CTC>, CtcPlan> = {
  args: ['logProbs', 'targets', 'inputLengths', 'targetLengths'],
  differentiable: [0],
  options: CTC,
  plan(ctx, args, o) {
    const x = floatArray('logProbs', args[0]);
    const { T, N, C } = dimsOf(x, o.shape);
    if (o.blank < 0 || o.blank >= C) throw new LosskitRangeError('options.blank', `must be a class in [0, ${C}), got ${o.blank}`, 'ERR_OPTION');
    const inLens = lengths('inputLengths', args[2], N, T);
    const tgLens = lengths('targetLengths', args[3], N, Infinity);
    const { targets, offsets } = targetLayout(args[1], tgLens, C, o.blank);
    let sMax = 0;
    for (let i = 0; i < N; i++) sMax = Math.max(sMax, tgLens[i]);
    const perSample = ctx.scratch(x, N, 0);
    const sampleScale = ctx.scratch(x, N, 1);
    return {
      x, T, N, C, targets, offsets, inLens, tgLens, sMax, perSample, sampleScale,
      size: x.length, rows: N, denom: N, unit: 1, gradLengths: [x.length], reads: [x],
    };
  },
  run(kernels, p, out, o) {
    const { sampleScale } = p; // each sample's gradient scale
    const gradOut = out.gradOutput;
    for (let i = 0; i < p.N; i++) sampleScale[i] = o.reduction === 'mean' ? 1 / (p.N * Math.max(p.tgLens[i], 1)) : gradOut === null ? 1 : gradOut[i];
    const loss = out.loss ?? p.perSample;
    return kernels.ctc(p.x, p.targets, p.offsets, p.inLens, p.tgLens, p.T, p.N, p.C, o.blank, o.zeroInfinity, p.sMax, loss, out.grads[0] ?? null, sampleScale);
  },
  reducedTotal(p, o, total) {
    if (o.reduction !== 'mean') return total;
    let m = 0;
    for (let i = 0; i < p.N; i++) m += p.perSample[i] / Math.max(p.tgLens[i], 1);
    return m;
  },
};
