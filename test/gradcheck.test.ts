// Gradients against central finite differences of the loss itself, in float64, on every backend and
// reduction ('none' through Σ gradOutput·loss). Independent of PyTorch: checks the analytic gradients.
import { describe, expect, it } from 'vitest';
import type { Losskit } from '../src/index.js';
import { LOSSES } from '../src/losses/registry.js';
import { backends } from './helpers/backends.js';

function rand(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

interface Problem {
  name: string;
  fn: keyof Losskit & string;
  x: Float64Array;
  target: unknown;
  opts: Record<string, unknown>;
  /** The arguments after the input when they are not just the target (losses of two inputs). */
  rest?: unknown[];
  /** The reductions it takes, where not mean, sum and none. */
  reductions?: string[];
}

function problems(): Problem[] {
  const r = rand(7);
  const f64 = (n: number, lo: number, hi: number) => Float64Array.from({ length: n }, () => lo + (hi - lo) * r());
  const labels = (n: number, c: number) => Int32Array.from({ length: n }, () => Math.floor(r() * c));
  return [
    { name: 'mse', fn: 'mseLoss', x: f64(13, -2, 2), target: f64(13, -2, 2), opts: {} },
    { name: 'l1', fn: 'l1Loss', x: f64(13, -2, 2), target: f64(13, -2, 2), opts: {} },
    { name: 'bce', fn: 'binaryCrossEntropy', x: f64(13, 0.05, 0.95), target: f64(13, 0, 1), opts: { weight: f64(13, 0.5, 2) } },
    { name: 'bceLogits', fn: 'binaryCrossEntropyWithLogits', x: f64(12, -4, 4), target: f64(12, 0, 1),
      opts: { weight: f64(4, 0.5, 2), posWeight: f64(4, 0.5, 3), shape: [3, 4] } },
    { name: 'ce', fn: 'crossEntropy', x: f64(35, -3, 3), target: labels(5, 7), opts: {} },
    { name: 'ce weight+ignore+smoothing', fn: 'crossEntropy', x: f64(42, -3, 3), target: Int32Array.from([1, -100, 4, 0, 5, 3]),
      opts: { weight: f64(7, 0.2, 2), labelSmoothing: 0.2 } },
    { name: 'ce per-pixel', fn: 'crossEntropy', x: f64(2 * 5 * 6, -3, 3), target: labels(12, 5), opts: { shape: [2, 5, 2, 3] } },
    { name: 'ce probs', fn: 'crossEntropy', x: f64(20, -3, 3), target: f64(20, 0, 0.4), opts: { shape: [4, 5], weight: f64(5, 0.5, 2), labelSmoothing: 0.1 } },
    { name: 'nll', fn: 'nllLoss', x: f64(24, -4, 0), target: Int32Array.from([0, 5, -100, 2]), opts: { weight: f64(6, 0.5, 2) } },
    { name: 'huber', fn: 'huberLoss', x: f64(13, -3, 3), target: f64(13, -3, 3), opts: { delta: 0.7 } },
    { name: 'smoothL1', fn: 'smoothL1Loss', x: f64(13, -3, 3), target: f64(13, -3, 3), opts: { beta: 0.6 } },
    { name: 'softMargin', fn: 'softMarginLoss', x: f64(13, -4, 4), target: Float64Array.from({ length: 13 }, (_, i) => (i % 3 ? 1 : -1)), opts: {} },
    { name: 'hingeEmbedding', fn: 'hingeEmbeddingLoss', x: f64(13, 0, 3), target: Float64Array.from({ length: 13 }, (_, i) => [1, -1, 0][i % 3]), opts: { margin: 1.5 } },
    { name: 'klDiv batchmean', fn: 'klDiv', x: f64(12, -3, 0), target: f64(12, 0, 1), opts: { shape: [3, 4] } },
    { name: 'klDiv logTarget', fn: 'klDiv', x: f64(12, -3, 0), target: f64(12, -3, 0), opts: { logTarget: true } },
    { name: 'poisson', fn: 'poissonNllLoss', x: f64(13, -2, 2), target: f64(13, 0, 5), opts: { full: true } },
    { name: 'poisson rates', fn: 'poissonNllLoss', x: f64(13, 0.1, 4), target: f64(13, 0, 5), opts: { logInput: false, eps: 0.01 } },
    { name: 'multilabelSoftMargin', fn: 'multilabelSoftMarginLoss', x: f64(15, -3, 3), target: Float64Array.from({ length: 15 }, (_, i) => i % 2), opts: { shape: [3, 5], weight: f64(5, 0.5, 2) } },
    { name: 'focal', fn: 'sigmoidFocalLoss', x: f64(13, -4, 4), target: f64(13, 0, 1), opts: { alpha: 0.3, gamma: 1.5 } },
    { name: 'marginRanking (d/d input1)', fn: 'marginRankingLoss', x: f64(13, -2, 2), target: null, opts: { margin: 0.3 },
      rest: [f64(13, -2, 2), Float64Array.from({ length: 13 }, (_, i) => (i % 2 ? 1 : -1))] },
    { name: 'cosineEmbedding (d/d input1)', fn: 'cosineEmbeddingLoss', x: f64(12, -2, 2), target: null, opts: { margin: -0.5, shape: [4, 3] },
      rest: [f64(12, -2, 2), Float64Array.from([1, -1, 1, -1])] },
    { name: 'multiMargin p2', fn: 'multiMarginLoss', x: f64(20, -2, 2), target: Int32Array.from([0, 3, 4, 1]), opts: { p: 2, margin: 0.8, weight: f64(5, 0.5, 2) } },
    { name: 'multilabelMargin', fn: 'multilabelMarginLoss', x: f64(15, -2, 2), target: Int32Array.from([1, 3, -1, 0, 0, 4, -1, 0, 0, 0, 2, 0, 1, -1, 0]), opts: { shape: [3, 5] } },
    { name: 'categoricalHinge', fn: 'categoricalHingeLoss', x: f64(35, -3, 3), target: labels(5, 7), opts: {} },
    { name: 'categoricalHinge probs per-pixel', fn: 'categoricalHingeLoss', x: f64(24, -3, 3), target: f64(24, 0, 0.5), opts: { shape: [2, 4, 3] } },
    { name: 'categoricalFocal', fn: 'categoricalFocalLoss', x: f64(35, -3, 3), target: labels(5, 7), opts: { alpha: 0.4, gamma: 1.5 } },
    { name: 'categoricalFocal probs class-last', fn: 'categoricalFocalLoss', x: f64(24, -3, 3), target: f64(24, 0, 0.5), opts: { shape: [2, 3, 4], classDim: -1 } },
    { name: 'poly', fn: 'polyLoss', x: f64(35, -3, 3), target: labels(5, 7), opts: { epsilon: -0.7 } },
    { name: 'poly probs per-pixel', fn: 'polyLoss', x: f64(24, -3, 3), target: f64(24, 0, 0.5), opts: { shape: [2, 4, 3] } },
    { name: 'triplet p3 swap (d/d anchor)', fn: 'tripletMarginLoss', x: f64(12, -2, 2), target: null, opts: { p: 3, swap: true, margin: 2, shape: [4, 3] },
      rest: [f64(12, -2, 2), f64(12, -2, 2)] },
    { name: 'triplet cosine (d/d anchor)', fn: 'tripletMarginWithDistanceLoss', x: f64(12, -2, 2), target: null, opts: { distance: 'cosine', margin: 1.5, shape: [4, 3] },
      rest: [f64(12, -2, 2), f64(12, -2, 2)] },
    { name: 'gaussianNll per-row var (d/d input)', fn: 'gaussianNllLoss', x: f64(12, -2, 2), target: null, opts: { full: true, shape: [4, 3] },
      rest: [f64(12, -2, 2), f64(4, 0.2, 2)] },
    { name: 'bce smoothing', fn: 'binaryCrossEntropy', x: f64(13, 0.05, 0.95), target: f64(13, 0, 1), opts: { labelSmoothing: 0.2 } },
    { name: 'bceLogits smoothing', fn: 'binaryCrossEntropyWithLogits', x: f64(13, -4, 4), target: f64(13, 0, 1), opts: { labelSmoothing: 0.2 } },
    { name: 'logCosh', fn: 'logCoshLoss', x: f64(13, -3, 3), target: f64(13, -3, 3), opts: {} },
    { name: 'mape', fn: 'meanAbsolutePercentageError', x: f64(13, -3, 3), target: f64(13, -3, 3), opts: {} },
    { name: 'msle (negative inputs: 0)', fn: 'meanSquaredLogarithmicError', x: f64(13, -1, 4), target: f64(13, -0.5, 4), opts: {} },
    { name: 'hinge', fn: 'hingeLoss', x: f64(13, -3, 3), target: Float64Array.from({ length: 13 }, (_, i) => (i % 3 ? 1 : -1)), opts: {} },
    { name: 'hinge 0/1 targets', fn: 'hingeLoss', x: f64(13, -3, 3), target: Int32Array.from({ length: 13 }, (_, i) => i % 2), opts: {} },
    { name: 'squaredHinge', fn: 'squaredHingeLoss', x: f64(13, -3, 3), target: Float64Array.from({ length: 13 }, (_, i) => (i % 3 ? 1 : -1)), opts: {} },
    { name: 'squaredHinge 0/1 targets', fn: 'squaredHingeLoss', x: f64(13, -3, 3), target: Float64Array.from({ length: 13 }, (_, i) => i % 2), opts: {} },
    { name: 'cosineSimilarity', fn: 'cosineSimilarityLoss', x: f64(15, -2, 2), target: f64(15, -2, 2), opts: { shape: [3, 5] } },
    { name: 'dice soft', fn: 'diceLoss', x: f64(15, 0.05, 0.95), target: f64(15, 0, 1), opts: { shape: [3, 5] } },
    { name: 'dice 0/1', fn: 'diceLoss', x: f64(14, 0.05, 0.95), target: Float64Array.from({ length: 14 }, (_, i) => +(i % 3 === 0)), opts: { shape: [2, 7] } },
    { name: 'tversky', fn: 'tverskyLoss', x: f64(15, 0.05, 0.95), target: f64(15, 0, 1), opts: { shape: [3, 5], alpha: 0.3, beta: 0.8 } },
    { name: 'ntXent', fn: 'ntXentLoss', x: f64(24, -2, 2), target: Int32Array.from([0, 1, 0, 1, 1, 2]), opts: { shape: [6, 4], temperature: 0.2 }, reductions: ['mean'] },
  ];
}

/** Σ gradOutput·loss (or the reduced loss) as a function of x. */
function objective(k: Losskit, p: Problem, red: string, go: Float64Array | null, x: Float64Array): number {
  const v = (k[p.fn] as Function)(x, ...(p.rest ?? [p.target]), { ...p.opts, reduction: red });
  if (red !== 'none') return v;
  let s = 0;
  for (let i = 0; i < v.length; i++) s += go![i] * v[i];
  return s;
}

/** Losses without a problem above, and why. */
const UNCHECKED: Record<string, string> = {
  ctcLoss: "its gradient is PyTorch's backward formula, which assumes normalised log-probabilities (not the derivative in logProbs alone)",
  ...Object.fromEntries(['generalizedBoxIouLoss', 'distanceBoxIouLoss', 'completeBoxIouLoss'].map((name) =>
    [name, "checked below in their own block: two differentiable arguments, ties split, CIoU's alpha frozen"])),
};

it('every loss of the registry has a problem (or a reason not to)', () => {
  const checked = new Set(problems().map((p) => p.fn));
  expect(Object.keys(LOSSES).filter((name) => !checked.has(name as keyof Losskit & string) && !(name in UNCHECKED))).toEqual([]);
});

describe('gradients match central finite differences (float64)', () => {
  for (const [label, k] of backends) {
    it(`${label}: every loss, every reduction`, () => {
      for (const p of problems()) {
        for (const red of p.reductions ?? (p.fn === 'klDiv' ? ['mean', 'sum', 'none', 'batchmean'] : ['mean', 'sum', 'none'])) {
          const rows = red === 'none' ? ((k[p.fn] as Function)(p.x, ...(p.rest ?? [p.target]), { ...p.opts, reduction: 'none' }) as Float64Array).length : 0;
          const go = red === 'none' ? Float64Array.from({ length: rows }, (_, i) => 0.5 + ((i * 7) % 5) / 4) : null;
          const { grad } = (k[(p.fn + 'WithGrad') as keyof Losskit] as Function)(p.x, ...(p.rest ?? [p.target]),
            { ...p.opts, reduction: red, ...(go ? { gradOutput: go } : {}) });
          let scale = 0;
          for (const g of grad) scale = Math.max(scale, Math.abs(g));
          for (let i = 0; i < p.x.length; i++) {
            const h = 1e-6 * Math.max(1, Math.abs(p.x[i]));
            const xp = p.x.slice(), xm = p.x.slice();
            xp[i] += h;
            xm[i] -= h;
            const fd = (objective(k, p, red, go, xp) - objective(k, p, red, go, xm)) / (2 * h);
            expect(Math.abs(fd - grad[i]), `${p.name} ${red} [${i}]: ${grad[i]} vs ${fd}`).toBeLessThanOrEqual(1e-6 * Math.max(scale, 1e-3));
          }
        }
      }
    });
  }
});

// ---- torchvision's box losses: gradients for both sets of boxes, at the kinks their autograd defines ----------
// Each coordinate's one-sided derivatives come from second-order one-sided differences. Where a min or max of two
// coordinates ties (identical, nested or edge-sharing boxes), torch splits its gradient equally: that is the mean
// of the two one-sided derivatives (smooth points too). Where the intersection is clamped at exactly 0 and one
// side overlaps (a shared edge), the gradient is the derivative on the side that stays apart. CIoU holds
// α = v/(1 - IoU + v + eps) constant: its objective is the distance IoU loss + α(boxes)·v(boxes') with α taken at
// the unperturbed boxes and v from the float64 reference (test/helpers/reference.ts).
import { boxPair } from './helpers/reference.js';

const BOX_SETS: [string, number[][], number[][]][] = [
  ['random', [[0.3, 1.1, 2.9, 3.7], [5, 2, 9.5, 3.2], [-1.7, -2.2, 0.4, 1.9]], [[1.2, 0.4, 3.3, 2.1], [4.1, 2.9, 6.3, 7.7], [-3, -1, -0.9, 0.35]]],
  ['identical', [[0, 0, 1, 1], [1.5, 2, 4, 3.25], [-3, -1, 2, 5]], [[0, 0, 1, 1], [1.5, 2, 4, 3.25], [-3, -1, 2, 5]]],
  ['nested', [[0, 0, 4, 4], [1, 1, 2, 2], [0, 0, 3, 3]], [[1, 1, 2, 3], [0, 0, 4, 4], [0, 0, 1, 1]]],
  ['disjoint', [[0, 0, 1, 1], [0, 0, 2, 3], [-4, -4, -2, -1]], [[3, 0, 4, 1], [4, 5, 6, 9], [10, 12, 11, 13]]],
  ['edge-sharing', [[0, 0, 1, 1], [0, 0, 1, 1], [1, 1, 3, 2], [0, 0, 2, 1]], [[1, 0, 2, 1], [0, 1, 1, 2], [0, 0.5, 1, 1.5], [1, 0, 3, 1]]],
  ['corner-touching', [[0, 0, 2, 2], [1, 1, 2, 3]], [[2, 2, 3, 3], [0, 3, 1, 4]]],
  ['zero width', [[0, 0, 0, 2], [0, 0, 0, 3]], [[0, 0, 1, 1], [1, 0, 1, 3]]],
];
const BOX_LOSSES = ['generalizedBoxIouLoss', 'distanceBoxIouLoss', 'completeBoxIouLoss'] as const;

/** Whether the pair of boxes n overlaps (torchvision's mask: both sides of the intersection positive). */
const overlapping = (b1: Float64Array, b2: Float64Array, n: number): boolean =>
  Math.min(b1[4 * n + 2], b2[4 * n + 2]) > Math.max(b1[4 * n], b2[4 * n]) && Math.min(b1[4 * n + 3], b2[4 * n + 3]) > Math.max(b1[4 * n + 1], b2[4 * n + 1]);

describe('box losses: gradients for both sets match one-sided finite differences at ties and clamps (float64)', () => {
  for (const [label, k] of backends) {
    it(`${label}: GIoU, DIoU, CIoU with α frozen; every reduction`, () => {
      for (const name of BOX_LOSSES) for (const [set, p, q] of BOX_SETS) for (const red of ['mean', 'sum', 'none']) {
        const b0 = [Float64Array.from(p.flat()), Float64Array.from(q.flat())], N = p.length;
        const weights = Array.from({ length: N }, (_, n) => (red === 'none' ? 0.5 + ((n * 7) % 5) / 4 : red === 'mean' ? 1 / N : 1));
        const alpha = p.map((_, n) => boxPair('ciou', p[n], q[n]).alpha!);
        const objective = (b: Float64Array[]): number => {
          const rows = (k[name === 'completeBoxIouLoss' ? 'distanceBoxIouLoss' : name] as Function)(b[0], b[1]) as Float64Array;
          let s = 0;
          for (let n = 0; n < N; n++) {
            const frozen = name === 'completeBoxIouLoss' ? alpha[n] * boxPair('ciou', [...b[0].subarray(4 * n, 4 * n + 4)], [...b[1].subarray(4 * n, 4 * n + 4)]).v4!.v : 0;
            s += weights[n] * (rows[n] + frozen);
          }
          return s;
        };
        const go = red === 'none' ? Float64Array.from(weights) : undefined;
        const { grads } = (k[`${name}WithGrad`] as Function)(b0[0], b0[1], { reduction: red, ...(go ? { gradOutput: go } : {}) });
        let scale = 0;
        for (const g of grads) for (const v of g) scale = Math.max(scale, Math.abs(v));
        const f0 = objective(b0);
        for (let a = 0; a < 2; a++) for (let i = 0; i < 4 * N; i++) {
          const h = 1e-6;
          const at = (t: number) => { const b = b0.map((v) => v.slice()); b[a][i] += t; return b; };
          const side = (s: number) => (s * (-3 * f0 + 4 * objective(at(s * h)) - objective(at(2 * s * h)))) / (2 * h);
          const n = i >> 2, up = overlapping(...(at(h) as [Float64Array, Float64Array]), n), down = overlapping(...(at(-h) as [Float64Array, Float64Array]), n);
          const expected = up === down ? (side(1) + side(-1)) / 2 : up ? side(-1) : side(1);
          expect(Math.abs(expected - grads[a][i]), `${name} ${set} ${red} grads[${a}][${i}]: ${grads[a][i]} vs ${expected}`)
            .toBeLessThanOrEqual(1e-6 * Math.max(scale, 1e-3));
        }
      }
    });
  }
});
