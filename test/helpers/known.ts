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
