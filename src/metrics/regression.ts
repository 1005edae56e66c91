// R² of predictions against true values, as scikit-learn's r2_score(target, input), from mergeable sums.
import type { FloatArray } from '../types.js';

/** Rows, the targets' mean and Σ (y - mean)² (Chan's pairwise form, so shards merge), and Σ (y - ŷ)². */
export interface R2Sums { count: number; mean: number; m2: number; residual: number }

export const emptyR2 = (): R2Sums => ({ count: 0, mean: 0, m2: 0, residual: 0 });

/** Adds b's sums into a. */
export function mergeR2(a: R2Sums, b: R2Sums): void {
  const count = a.count + b.count;
  if (count === 0) return;
  const delta = b.mean - a.mean;
  a.m2 += b.m2 + (delta * delta * a.count * b.count) / count;
  a.mean += (delta * b.count) / count;
  a.count = count;
  a.residual += b.residual;
}

/** The sums of one batch of predictions and targets (of equal length). */
export function r2Sums(pred: FloatArray, y: FloatArray): R2Sums {
  const n = y.length;
  let mean = 0, residual = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean = n === 0 ? 0 : mean / n;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const d = y[i] - mean, r = y[i] - pred[i];
    m2 += d * d;
    residual += r * r;
  }
  return { count: n, mean, m2, residual };
}

/** 1 - Σ(y - ŷ)²/Σ(y - ȳ)²; for constant targets 1 when the predictions are exact, else 0 (scikit-learn's); NaN for no rows. */
export function r2Of(s: R2Sums): number {
  if (s.count === 0) return NaN;
  if (s.m2 === 0) return s.residual === 0 ? 1 : 0;
  return 1 - s.residual / s.m2;
}
