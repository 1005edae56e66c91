// R² of predictions against true values, as scikit-learn's r2_score(target, input).
import type { FloatArray } from '../types.js';

/** Rows, Σ (y - ȳ)² (about the mean, in a second pass: no cancellation) and Σ (y - ŷ)². */
export interface R2Sums { count: number; m2: number; residual: number }

/** The sums of predictions and targets of equal length. */
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
  return { count: n, m2, residual };
}

/** 1 - Σ(y - ŷ)²/Σ(y - ȳ)²; for constant targets 1 when the predictions are exact, else 0 (scikit-learn's); NaN for no rows. */
export function r2Of(s: R2Sums): number {
  if (s.count === 0) return NaN;
  if (s.m2 === 0) return s.residual === 0 ? 1 : 0;
  return 1 - s.residual / s.m2;
}
