// Known disagreements of losskit with PyTorch 1.13, each with its minimal repro: test/fuzz.test.ts checks that each
// still fails the same way (so a fix makes it fail: then remove the entry), and the fuzz generators leave these
// domains out (see the KNOWN comments in test/helpers/fuzz-losses.ts).
import type { Losskit } from '../../src/index.js';

export interface Known {
  what: string;
  /** What PyTorch gives. */
  expected: string;
  /** The backends that still disagree (both when absent). */
  backends?: ('wasm' | 'js')[];
  run(k: Losskit): Result;
  /** Whether the result still shows the bug. */
  stillWrong(r: Result): boolean;
}
type Result = { loss: number | ArrayLike<number>; grads: ArrayLike<number>[] };

const f32 = (...v: number[]) => Float32Array.from(v);
const f64 = (...v: number[]) => Float64Array.from(v);
const i32 = (...v: number[]) => Int32Array.from(v);
const at = (v: number | ArrayLike<number>, i = 0) => (typeof v === 'number' ? v : v[i]);
const rel = (a: number, e: number) => Math.abs(a - e) / Math.abs(e);
export const KNOWN: Known[] = [
  {
    what: 'crossEntropy, C < 64: an ignored row with a -inf logit makes the mean NaN',
    expected: 'loss 1.3132616875182228 (the ignored row counts for nothing), grads [-0.731, 0.731, 0, 0]',
    backends: ['wasm'],
    run: (k) => k.crossEntropyWithGrad(f64(0, 1, -Infinity, 0), i32(0, -100)),
    stillWrong: (r) => Number.isNaN(at(r.loss)),
  },
  {
    what: 'crossEntropy, C < 64: an ignored row with a +inf logit has loss and gradient NaN',
    expected: "reduction 'none': loss [1.3132616875182228, 0], grads [-0.731, 0.731, 0, 0]",
    backends: ['wasm'],
    run: (k) => k.crossEntropyWithGrad(f64(0, 1, Infinity, 0), i32(0, -100), { reduction: 'none' }),
    stillWrong: (r) => Number.isNaN(at(r.loss, 1)) && Number.isNaN(r.grads[0][2]),
  },
  {
    what: 'tripletMarginLoss: NaN in an input gives loss 0 and gradient 0',
    expected: 'loss NaN (clamp_min propagates NaN) and NaN gradients',
    run: (k) => k.tripletMarginLossWithGrad(f64(NaN, 0), f64(0, 0), f64(1, 1), { reduction: 'sum' }),
    stillWrong: (r) => at(r.loss) === 0 && r.grads[0][0] === 0,
  },
  {
    what: 'tripletMarginWithDistanceLoss: NaN in an input gives loss 0',
    expected: 'loss NaN',
    run: (k) => k.tripletMarginWithDistanceLossWithGrad(f64(NaN, 0), f64(0, 0), f64(1, 1), { reduction: 'sum' }),
    stillWrong: (r) => at(r.loss) === 0,
  },
  {
    what: 'cosineEmbeddingLoss: target -1 with NaN in an input gives loss 0 (gradient NaN)',
    expected: 'loss NaN',
    run: (k) => k.cosineEmbeddingLossWithGrad(f64(NaN, 1), f64(1, 1), f64(-1), { reduction: 'sum' }),
    stillWrong: (r) => at(r.loss) === 0 && Number.isNaN(r.grads[0][0]),
  },
  {
    what: 'gaussianNllLoss: a NaN variance is treated as eps',
    expected: 'loss NaN, gradients NaN (clamp_ keeps NaN)',
    run: (k) => k.gaussianNllLossWithGrad(f64(1), f64(0), f64(NaN), { reduction: 'sum' }),
    stillWrong: (r) => Number.isFinite(at(r.loss)),
  },
  {
    what: 'klDiv: a NaN target gives 0',
    expected: 'loss NaN (xlogy(NaN, NaN) - NaN·x), gradient NaN',
    run: (k) => k.klDivWithGrad(f64(-1), f64(NaN), { reduction: 'sum' }),
    stillWrong: (r) => at(r.loss) === 0,
  },
  {
    what: 'klDiv: a negative target gives 0',
    expected: 'loss NaN (xlogy(t, t) of t < 0), gradient 0.5',
    run: (k) => k.klDivWithGrad(f64(-1), f64(-0.5), { reduction: 'sum' }),
    stillWrong: (r) => at(r.loss) === 0,
  },
  {
    what: 'klDiv: input -inf where the target is 0 gives 0',
    expected: 'loss NaN (0 - 0·(-inf)), gradient -0',
    run: (k) => k.klDivWithGrad(f64(-Infinity), f64(0), { reduction: 'sum' }),
    stillWrong: (r) => at(r.loss) === 0,
  },
  {
    what: 'binaryCrossEntropyWithLogits float32 on wasm: posWeight 2e-3 with y = 1 loses precision (1 + (pw - 1)·y cancels)',
    expected: 'grad -1.3385703e-5 (-pw·σ(-5)); wasm gives -1.34113e-5 (1.9e-3 relative)',
    backends: ['wasm'],
    run: (k) => k.binaryCrossEntropyWithLogitsWithGrad(f32(5), f32(1), { posWeight: f32(2e-3), reduction: 'sum' }),
    stillWrong: (r) => rel(r.grads[0][0], -1.3385703e-5) > 1e-4,
  },
  {
    what: 'binaryCrossEntropy float64: the gradient clamp max(x(1 - x), 1e-12) uses 1e-12 rounded to float32',
    expected: 'grad -5e11 (0.5/1e-12) at x = 0, y = 0.5; losskit gives -500000001997.9 (4e-9 relative)',
    run: (k) => k.binaryCrossEntropyWithGrad(f64(0), f64(0.5), { reduction: 'sum' }),
    stillWrong: (r) => rel(r.grads[0][0], -5e11) > 1e-12,
  },
  {
    what: 'multilabelSoftMarginLoss: x = -inf with y = 1 gives NaN',
    expected: 'loss +inf (-(1·logσ(-inf) + 0·logσ(inf)))',
    run: (k) => k.multilabelSoftMarginLossWithGrad(f64(-Infinity, 0), f64(1, 0), { reduction: 'sum' }),
    stillWrong: (r) => Number.isNaN(at(r.loss)),
  },
  {
    what: 'poissonNllLoss float32 on js: exp(89) does not overflow as float32 exp does, so gradOutput 0 gives 0',
    expected: 'grad NaN (inf·0, as PyTorch float32 and the wasm backend)',
    backends: ['js'],
    run: (k) => k.poissonNllLossWithGrad(f32(89), f32(0), { reduction: 'none', gradOutput: f32(0) }),
    stillWrong: (r) => r.grads[0][0] === 0,
  },
  {
    what: 'ctcLoss: input length 0 with target length 0 gives Infinity',
    expected: 'loss 0 (the empty alignment; LossCTC.cpp: input_length == 0 → log-likelihood 0 for an empty target)',
    run: (k) => k.ctcLossWithGrad(f64(-0.5, -1), [], [0], [0], { shape: [1, 1, 2], reduction: 'none' }),
    stillWrong: (r) => at(r.loss) === Infinity,
  },
  {
    what: 'tripletMarginLoss swap: a tie d(a, n) = d(p, n) sends the whole gradient to d(a, n)',
    expected: "grads[0] [0.2071, -0.7071] (minimum's backward splits a tie in halves); losskit [-0.2929, -0.7071]",
    run: (k) => k.tripletMarginLossWithGrad(f64(1, 0), f64(0, 1), f64(0, 0), { swap: true, reduction: 'sum' }),
    stillWrong: (r) => Math.abs(r.grads[0][0] - (Math.SQRT1_2 - 0.5)) > 1e-3,
  },
];
