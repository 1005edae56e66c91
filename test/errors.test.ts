// Bad input: each case throws a LosskitError (a TypeError or RangeError subclass) naming the argument,
// writes nothing into the caller's buffers, and leaves the library working.
import { describe, expect, it } from 'vitest';
import { LosskitError, LosskitRangeError, LosskitTypeError, createLosskit } from '../src/index.js';
import { backends } from './helpers/backends.js';

const f32 = (...v: number[]) => Float32Array.from(v);
const f64 = (...v: number[]) => Float64Array.from(v);

type Case = [what: string, call: (k: any) => unknown, type: typeof LosskitTypeError | typeof LosskitRangeError, argument: string | RegExp];

const cases: Case[] = [
  // input and target types
  ['a number[] input is float64: a Float32Array target does not match it', (k) => k.mseLoss([1, 2], f32(1, 2)), LosskitTypeError, 'target'],
  ['a number[] input with a non-number', (k) => k.mseLoss([1, 'a'] as never, [1, 2]), LosskitTypeError, 'input[1]'],
  ['input is an Int32Array', (k) => k.l1Loss(Int32Array.from([1]), f32(1)), LosskitTypeError, 'input'],
  ['input is undefined', (k) => k.crossEntropy(undefined, [0]), LosskitTypeError, 'input'],
  ['target is a plain array of non-numbers', (k) => k.mseLoss(f32(1), ['a']), LosskitTypeError, 'target[0]'],
  ['target is a string for crossEntropy', (k) => k.crossEntropy(f32(1, 2), 'a'), LosskitTypeError, 'target'],
  // lengths
  ['target length', (k) => k.mseLoss(f32(1, 2, 3), f32(1, 2)), LosskitRangeError, 'target'],
  ['bce weight length', (k) => k.binaryCrossEntropy(f32(0.5, 0.5, 0.5), f32(1, 0, 1), { weight: f32(1, 2) }), LosskitRangeError, 'options.weight'],
  ['posWeight length', (k) => k.binaryCrossEntropyWithLogits(f32(1, 2, 3, 4), f32(1, 0, 1, 0), { posWeight: f32(1, 2, 3), shape: [2, 2] }), LosskitRangeError, 'options.posWeight'],
  ['class weight length', (k) => k.crossEntropy(f32(1, 2, 3, 4), [0, 1], { weight: f32(1, 2, 3) }), LosskitRangeError, 'options.weight'],
  ['gradOutput length', (k) => k.mseLossWithGrad(f32(1, 2), f32(1, 2), { reduction: 'none', gradOutput: f32(1) }), LosskitRangeError, 'options.gradOutput'],
  ['out length', (k) => k.mseLossWithGrad(f32(1, 2), f32(1, 2), { out: new Float32Array(3) }), LosskitRangeError, 'options.out'],
  ['activation out length', (k) => k.softmax(f32(1, 2), { out: new Float32Array(1) }), LosskitRangeError, 'options.out'],
  ['input not a multiple of targets', (k) => k.crossEntropy(f32(1, 2, 3), [0, 1]), LosskitRangeError, 'target'],
  ['index targets for the shape', (k) => k.crossEntropy(f32(1, 2, 3, 4, 5, 6), [0, 1, 0], { shape: [2, 3] }), LosskitRangeError, 'target'],
  // shapes
  ['shape product', (k) => k.crossEntropy(f32(1, 2, 3, 4), [0, 1], { shape: [2, 3] }), LosskitRangeError, 'options.shape'],
  ['shape with a fraction', (k) => k.nllLoss(f32(1, 2, 3, 4), [0, 1], { shape: [2, 2.5] }), LosskitRangeError, 'options.shape[1]'],
  ['shape not an array', (k) => k.softmax(f32(1, 2), { shape: 2 }), LosskitTypeError, 'options.shape'],
  ['probability targets without shape', (k) => k.crossEntropy(f32(1, 2), f32(0.5, 0.5)), LosskitRangeError, 'options.shape'],
  // dtypes
  ['mixed target dtype', (k) => k.mseLoss(f32(1), f64(1)), LosskitTypeError, 'target'],
  ['mixed weight dtype', (k) => k.crossEntropy(f64(1, 2), [0], { weight: f32(1, 1) }), LosskitTypeError, 'options.weight'],
  ['mixed posWeight dtype', (k) => k.binaryCrossEntropyWithLogits(f32(1), f32(1), { posWeight: f64(1) }), LosskitTypeError, 'options.posWeight'],
  ['mixed out dtype', (k) => k.l1LossWithGrad(f32(1), f32(1), { out: new Float64Array(1) }), LosskitTypeError, 'options.out'],
  ['mixed gradOutput dtype', (k) => k.l1LossWithGrad(f32(1), f32(1), { reduction: 'none', gradOutput: f64(1) }), LosskitTypeError, 'options.gradOutput'],
  ['mixed probability-target dtype', (k) => k.crossEntropy(f32(1, 2), f64(0.5, 0.5), { shape: [1, 2] }), LosskitTypeError, 'target'],
  // class indices
  ['class index too large', (k) => k.crossEntropy(f32(1, 2, 3, 4), [0, 2]), LosskitRangeError, 'target[1]'],
  ['negative class index', (k) => k.nllLoss(f32(1, 2, 3, 4), Int8Array.from([-1, 0])), LosskitRangeError, 'target[0]'],
  ['fractional class index', (k) => k.crossEntropy(f32(1, 2, 3, 4), [0.5, 1]), LosskitRangeError, 'target[0]'],
  ['NaN class index', (k) => k.crossEntropy(f32(1, 2, 3, 4), [0, NaN]), LosskitRangeError, 'target[1]'],
  ['Infinity class index', (k) => k.nllLoss(f32(1, 2, 3, 4), [Infinity, 0]), LosskitRangeError, 'target[0]'],
  ['non-integer ignoreIndex', (k) => k.crossEntropy(f32(1, 2), [0], { ignoreIndex: 0.5 }), LosskitRangeError, 'options.ignoreIndex'],
  ['ignoreIndex with probability targets', (k) => k.crossEntropy(f32(1, 2), f32(0.5, 0.5), { shape: [1, 2], ignoreIndex: 1 }), LosskitRangeError, 'options.ignoreIndex'],
  // options
  ['labelSmoothing above 1', (k) => k.crossEntropy(f32(1, 2), [0], { labelSmoothing: 1.5 }), LosskitRangeError, 'options.labelSmoothing'],
  ['labelSmoothing below 0', (k) => k.crossEntropy(f32(1, 2), [0], { labelSmoothing: -0.1 }), LosskitRangeError, 'options.labelSmoothing'],
  ['labelSmoothing NaN', (k) => k.crossEntropy(f32(1, 2), [0], { labelSmoothing: NaN }), LosskitRangeError, 'options.labelSmoothing'],
  ['unknown reduction', (k) => k.mseLoss(f32(1), f32(1), { reduction: 'avg' }), LosskitRangeError, 'options.reduction'],
  ['unknown option ignore_index', (k) => k.crossEntropy(f32(1, 2), [0], { ignore_index: 1 }), LosskitTypeError, 'options.ignore_index'],
  ['unknown option pos_weight', (k) => k.binaryCrossEntropyWithLogits(f32(1), f32(1), { pos_weight: f32(1) }), LosskitTypeError, 'options.pos_weight'],
  ['labelSmoothing on nllLoss', (k) => k.nllLoss(f32(1, 2), [0], { labelSmoothing: 0.1 }), LosskitTypeError, 'options.labelSmoothing'],
  ['out on a loss without gradient', (k) => k.mseLoss(f32(1), f32(1), { out: new Float32Array(1) }), LosskitTypeError, 'options.out'],
  ['gradOutput with a reduced loss', (k) => k.mseLossWithGrad(f32(1), f32(1), { gradOutput: f32(1) }), LosskitRangeError, 'options.gradOutput'],
  ['options not an object', (k) => k.mseLoss(f32(1), f32(1), 'mean'), LosskitTypeError, 'options'],
  ['out overlapping input', (k) => { const x = f32(1, 2); return k.mseLossWithGrad(x, f32(1, 2), { out: x }); }, LosskitRangeError, 'options.out'],
  // options of the other losses
  ['huber delta 0', (k) => k.huberLoss(f32(1), f32(1), { delta: 0 }), LosskitRangeError, 'options.delta'],
  ['smoothL1 beta negative', (k) => k.smoothL1Loss(f32(1), f32(1), { beta: -1 }), LosskitRangeError, 'options.beta'],
  ['hinge margin NaN', (k) => k.hingeEmbeddingLoss(f32(1), f32(1), { margin: NaN }), LosskitRangeError, 'options.margin'],
  ['klDiv logTarget not boolean', (k) => k.klDiv(f32(1), f32(1), { logTarget: 1 }), LosskitTypeError, 'options.logTarget'],
  ['batchmean outside klDiv', (k) => k.mseLoss(f32(1), f32(1), { reduction: 'batchmean' }), LosskitRangeError, 'options.reduction'],
  ['emptyMean unknown', (k) => k.l1Loss(f32(1), f32(1), { emptyMean: 0 }), LosskitRangeError, 'options.emptyMean'],
  ['bce labelSmoothing above 1', (k) => k.binaryCrossEntropy(f32(0.5), f32(1), { labelSmoothing: 2 }), LosskitRangeError, 'options.labelSmoothing'],
  ['poisson eps negative', (k) => k.poissonNllLoss(f32(1), f32(1), { eps: -1 }), LosskitRangeError, 'options.eps'],
  ['poisson logInput not boolean', (k) => k.poissonNllLoss(f32(1), f32(1), { logInput: 'yes' }), LosskitTypeError, 'options.logInput'],
  ['multilabel weight length', (k) => k.multilabelSoftMarginLoss(f32(1, 2, 3, 4), f32(1, 0, 1, 0), { shape: [2, 2], weight: f32(1) }), LosskitRangeError, 'options.weight'],
  ['multilabel 3-d shape', (k) => k.multilabelSoftMarginLoss(f32(1, 2, 3, 4), f32(1, 0, 1, 0), { shape: [1, 2, 2] }), LosskitRangeError, 'options.shape'],
  ['focal gamma negative', (k) => k.sigmoidFocalLoss(f32(1), f32(1), { gamma: -1 }), LosskitRangeError, 'options.gamma'],
  ['focal alpha NaN', (k) => k.sigmoidFocalLoss(f32(1), f32(1), { alpha: NaN }), LosskitRangeError, 'options.alpha'],
  ['marginRanking input2 length', (k) => k.marginRankingLoss(f32(1, 2), f32(1), f32(1, -1)), LosskitRangeError, 'input2'],
  ['marginRanking target dtype', (k) => k.marginRankingLoss(f32(1), f32(1), f64(1)), LosskitTypeError, 'target'],
  ['cosine target length', (k) => k.cosineEmbeddingLoss(f32(1, 2, 3, 4), f32(1, 2, 3, 4), f32(1), { shape: [2, 2] }), LosskitRangeError, 'target'],
  ['multiMargin p 3', (k) => k.multiMarginLoss(f32(1, 2), [0], { p: 3 }), LosskitRangeError, 'options.p'],
  ['multiMargin target out of range', (k) => k.multiMarginLoss(f32(1, 2), [2]), LosskitRangeError, 'target[0]'],
  ['multilabelMargin target below -1', (k) => k.multilabelMarginLoss(f32(1, 2), [-2, 0]), LosskitRangeError, 'target[0]'],
  ['multilabelMargin target length', (k) => k.multilabelMarginLoss(f32(1, 2), [0]), LosskitRangeError, 'target'],
  ['triplet negative length', (k) => k.tripletMarginLoss(f32(1, 2), f32(1, 2), f32(1)), LosskitRangeError, 'negative'],
  ['triplet p 0', (k) => k.tripletMarginLoss(f32(1), f32(1), f32(1), { p: 0 }), LosskitRangeError, 'options.p'],
  ['triplet distance unknown', (k) => k.tripletMarginWithDistanceLoss(f32(1), f32(1), f32(1), { distance: 'l1' }), LosskitRangeError, 'options.distance'],
  ['gaussian var size', (k) => k.gaussianNllLoss(f32(1, 2, 3, 4), f32(1, 2, 3, 4), f32(1, 1, 1), { shape: [2, 2] }), LosskitRangeError, 'var'],
  ['gaussian var negative', (k) => k.gaussianNllLoss(f32(1, 2), f32(1, 2), f32(1, -1)), LosskitRangeError, 'var[1]'],
  ['ctc without shape', (k) => k.ctcLoss(f32(0, 0), [1], [2], [1]), LosskitRangeError, 'options.shape'],
  ['ctc blank out of range', (k) => k.ctcLoss(f32(0, 0, 0, 0), [1], [2], [1], { shape: [2, 2], blank: 2 }), LosskitRangeError, 'options.blank'],
  ['ctc target is blank', (k) => k.ctcLoss(f32(0, 0, 0, 0), [0], [2], [1], { shape: [2, 2] }), LosskitRangeError, 'targets[0]'],
  ['ctc input length above T', (k) => k.ctcLoss(f32(0, 0, 0, 0), [1], [3], [1], { shape: [2, 2] }), LosskitRangeError, 'inputLengths[0]'],
  ['ctc targets length', (k) => k.ctcLoss(f32(0, 0, 0, 0, 0, 0, 0, 0), [1, 1, 1], [2, 2], [1, 1], { shape: [2, 2, 2] }), LosskitRangeError, 'targets'],
  ['triplet swap not boolean', (k) => k.tripletMarginLoss(f32(1), f32(1), f32(1), { swap: 'yes' }), LosskitTypeError, 'options.swap'],
  ['triplet eps negative', (k) => k.tripletMarginLoss(f32(1), f32(1), f32(1), { eps: -1 }), LosskitRangeError, 'options.eps'],
  ['ctc zeroInfinity not boolean', (k) => k.ctcLoss(f32(0, 0, 0, 0), [1], [2], [1], { shape: [2, 2], zeroInfinity: 1 }), LosskitTypeError, 'options.zeroInfinity'],
  ['gaussian full not boolean', (k) => k.gaussianNllLoss(f32(1), f32(1), f32(1), { full: 'no' }), LosskitTypeError, 'options.full'],
  ['poisson full not boolean', (k) => k.poissonNllLoss(f32(1), f32(1), { full: 1 }), LosskitTypeError, 'options.full'],
  ['cosine margin not finite', (k) => k.cosineEmbeddingLoss(f32(1), f32(1), f32(1), { margin: Infinity }), LosskitRangeError, 'options.margin'],
  ['marginRanking margin not finite', (k) => k.marginRankingLoss(f32(1), f32(1), f32(1), { margin: NaN }), LosskitRangeError, 'options.margin'],
  ['klDiv weight is not an option', (k) => k.klDiv(f32(1), f32(1), { weight: f32(1) }), LosskitTypeError, 'options.weight'],
  // boxes [N, 4], flat
  ['boxes1 length not divisible by 4', (k) => k.generalizedBoxIouLoss(f32(0, 0, 1, 1, 2, 2), f32(0, 0, 1, 1, 2, 2)), LosskitRangeError, 'boxes1'],
  ['boxes2 length not that of boxes1', (k) => k.distanceBoxIouLossWithGrad(f32(0, 0, 1, 1), f32(0, 0, 1, 1, 2, 2, 3, 3)), LosskitRangeError, 'boxes2'],
  ['boxes2 of three coordinates', (k) => k.completeBoxIouLoss(f32(0, 0, 1, 1), f32(0, 0, 1)), LosskitRangeError, 'boxes2'],
  ['boxes2 dtype', (k) => k.completeBoxIouLossWithGrad(f32(0, 0, 1, 1), f64(0, 0, 1, 1)), LosskitTypeError, 'boxes2'],
  ['delta on mse', (k) => k.mseLoss(f32(1), f32(1), { delta: 1 }), LosskitTypeError, 'options.delta'],
  // domains
  ['bce input above 1', (k) => k.binaryCrossEntropy(f32(0.5, 1.5), f32(1, 0)), LosskitRangeError, 'input[1]'],
  ['bce input NaN (PyTorch rejects it too)', (k) => k.binaryCrossEntropy(f32(NaN), f32(1)), LosskitRangeError, 'input[0]'],
];

describe('bad input', () => {
  for (const [label, k] of backends) {
    it(`${label}: ${cases.length} cases throw typed errors naming the argument`, () => {
      for (const [what, call, type, argument] of cases) {
        let err: unknown;
        try { call(k); } catch (e) { err = e; }
        expect(err, what).toBeInstanceOf(type);
        expect(err, what).toBeInstanceOf(LosskitError);
        expect(err, what).toBeInstanceOf(type === LosskitTypeError ? TypeError : RangeError);
        const e = err as LosskitTypeError;
        if (typeof argument === 'string') expect(e.argument, what).toBe(argument);
        expect(e.message.startsWith(`${e.argument}: `), what).toBe(true);
      }
      expect(() => k.crossEntropy(f32(1, 2), [0], { ignore_index: 1 } as never)).toThrow(/did you mean ignoreIndex\?/);
      // still working, with the same numbers as before
      expect(k.mseLoss(f32(1, 2), f32(0, 0))).toBe(2.5);
    });

    it(`${label}: an out buffer accepted once is checked again when the inputs change`, () => {
      const out = new Float32Array(4);
      k.mseLossWithGrad(f32(1, 2, 3, 4), f32(0, 0, 0, 0), { out });
      k.mseLossWithGrad(f32(1, 2, 3, 4), f32(0, 0, 0, 0), { out });
      expect(() => k.mseLossWithGrad(out, f32(0, 0, 0, 0), { out })).toThrow(LosskitRangeError);
      expect(() => k.mseLossWithGrad(f32(1, 2, 3), f32(0, 0, 0), { out })).toThrow(LosskitRangeError);
    });

    it(`${label}: a failing call leaves the caller's out buffer untouched`, () => {
      const out = Float32Array.from([7, 7, 7]);
      expect(() => k.crossEntropyWithGrad(f32(1, 2, 3, 4, 5, 6), [0, 5, 1], { out, shape: [3, 2] })).toThrow(LosskitRangeError);
      expect(Array.from(out)).toEqual([7, 7, 7]);
      expect(() => k.binaryCrossEntropyWithGrad(f32(0.5, 2, 0.5), f32(1, 1, 1), { out })).toThrow(LosskitRangeError);
      expect(Array.from(out)).toEqual([7, 7, 7]);
    });
  }

  it('createLosskit rejects an unknown backend or option', async () => {
    await expect(createLosskit({ backend: 'gpu' as never })).rejects.toBeInstanceOf(LosskitRangeError);
    await expect(createLosskit({ backnd: 'js' } as never)).rejects.toBeInstanceOf(LosskitTypeError);
    await expect(createLosskit({ wasmFrom: -1 })).rejects.toBeInstanceOf(LosskitRangeError);
  });
});
