// The row pass: one walk over the scores adds every row's statistics into a tally. scoreRow is the per-row
// algorithm of multiclass logits, standalone so that a wasm kernel can take it over; tallyBinary walks binary
// logits or probabilities.
import type { FloatArray } from '../types.js';
import type { Batch } from './input.js';
import { sumOf, type Tally } from './tally.js';

/** What scoreRow finds in one row of logits. */
export interface RowStats {
  /** The largest score and Σ_c exp(x_c - max): softmax_c = exp(x_c - max)/sumExp, the same for shifted rows. */
  max: number;
  sumExp: number;
  /** log Σ_c exp(x_c). */
  lse: number;
  /** The first index of the largest score. */
  argmax: number;
  /** How many classes score strictly higher than the target. */
  above: number;
  /** The largest softmax probability (the confidence). */
  top: number;
  /** Σ_c (softmax_c - onehot_c)². */
  brier: number;
  /** Σ_c w_c·x_c (Σ_c x_c without weights): label smoothing's term. */
  weighted: number;
}

export const rowStats = (): RowStats => ({ max: 0, sumExp: 0, lse: 0, argmax: 0, above: 0, top: 0, brier: 0, weighted: 0 });

/**
 * The C scores x[base + c·step] of one row with target class t, in two reads of the row: the max, argmax and
 * the target's rank, then Σ exp(x - max) and Σ exp(2(x - max)) (Σ p², for the Brier score). Float64 sums.
 */
export function scoreRow(x: FloatArray, base: number, step: number, C: number, t: number, w: FloatArray | null, s: RowStats): void {
  const xt = x[base + t * step];
  let max = -Infinity, argmax = 0, above = 0;
  for (let c = 0, i = base; c < C; c++, i += step) {
    const v = x[i];
    if (v > max) { max = v; argmax = c; }
    if (v > xt) above++;
  }
  let s1 = 0, s2 = 0, weighted = 0;
  for (let c = 0, i = base; c < C; c++, i += step) {
    const v = x[i];
    const e = Math.exp(v - max);
    s1 += e;
    s2 += e * e;
    weighted += w === null ? v : w[c] * v;
  }
  const lse = max + Math.log(s1);
  const pt = Math.exp(xt - max) / s1;
  s.max = max;
  s.sumExp = s1;
  s.lse = lse;
  s.argmax = argmax;
  s.above = above;
  s.top = 1 / s1;
  s.brier = s2 / (s1 * s1) - 2 * pt + 1;
  s.weighted = weighted;
}

/** The confidence bin of p in [0, 1]: min(floor(p·bins), bins - 1). */
const binOf = (p: number, bins: number): number => Math.min(Math.floor(p * bins), bins - 1);

/** Adds one scored row (its confidence, correctness, Brier term and cross-entropies) to the tally. */
function addRow(tally: Tally, conf: number, hit: number, correct: boolean, brier: number, nll: number, loss: number, weight: number): void {
  tally.count++;
  tally.nll += nll;
  tally.loss += loss;
  tally.lossWeight += weight;
  if (correct) tally.correct++;
  tally.brier += brier;
  const b = binOf(conf, tally.binCount.length);
  tally.binCount[b]++;
  tally.binConfidence[b] += conf;
  tally.binCorrect[b] += hit;
}

/** The ranking data of a multiclass row: its softmax probabilities, kept or binned per class. */
function rankRow(tally: Tally, x: FloatArray, base: number, step: number, C: number, t: number, s: RowStats): void {
  const T = tally.config.thresholds;
  for (let c = 0, i = base; c < C; c++, i += step) {
    const p = Math.exp(x[i] - s.max) / s.sumExp;
    if (tally.scores !== null) tally.scores.push(p);
    else tally.hist![((c * T + binOf(p, T)) << 1) + (c === t ? 0 : 1)]++;
  }
  tally.labels?.push(t);
}

/** Every non-ignored row of multiclass logits, through scoreRow. */
export function tallyMulticlass(tally: Tally, b: Batch, w: FloatArray | null): void {
  const { x, t, ignored, N, C, D } = b;
  const { topK, labelSmoothing: eps, ranking } = tally.config;
  const s = rowStats();
  const sumW = w === null ? C : sumOf(w);
  for (let n = 0, r = 0; n < N; n++) {
    for (let d = 0; d < D; d++, r++) {
      const target = t[r];
      if (target === ignored) continue;
      const base = n * C * D + d;
      scoreRow(x, base, D, C, target, w, s);
      const nll = s.lse - x[base + target * D];
      const wt = w === null ? 1 : w[target];
      const loss = eps === 0 ? wt * nll : (1 - eps) * wt * nll + (eps / C) * (s.lse * sumW - s.weighted);
      const correct = s.argmax === target;
      addRow(tally, s.top, correct ? 1 : 0, correct, s.brier, nll, loss, wt);
      if (topK > 0 && s.above < topK) tally.topK++;
      if (tally.confusion !== null) tally.confusion[target * C + s.argmax]++;
      if (ranking) rankRow(tally, x, base, D, C, target, s);
    }
  }
}

/** σ(x) without overflow. */
const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
/** The logit cut of a probability threshold: σ(x) ≥ p ⇔ x ≥ logit(p) (-Inf at 0, +Inf at 1). */
const logit = (p: number): number => Math.log(p) - Math.log1p(-p);

/** BCE of one row: stable with logits; with probabilities, PyTorch's (each log clamped at -100). */
function bce(v: number, y: number, probabilities: boolean): number {
  if (!probabilities) return Math.max(v, 0) - v * y + Math.log1p(Math.exp(-Math.abs(v)));
  return -(y === 1 ? Math.max(Math.log(v), -100) : Math.max(Math.log(1 - v), -100));
}

/** Every non-ignored binary row: its probability is the confidence and its target the bin's "accuracy". */
export function tallyBinary(tally: Tally, b: Batch): void {
  const { x, t, ignored, probabilities } = b;
  const { threshold, thresholds: T } = tally.config;
  const cut = probabilities ? threshold : logit(threshold);
  for (let r = 0; r < x.length; r++) {
    const y = t[r];
    if (y === ignored) continue;
    const v = x[r];
    const p = probabilities ? v : sigmoid(v);
    const predicted = v >= cut ? 1 : 0;
    const nll = bce(v, y, probabilities);
    addRow(tally, p, y, predicted === y, (p - y) * (p - y), nll, nll, 1);
    if (tally.confusion !== null) tally.confusion[y * 2 + predicted]++;
    if (tally.scores !== null) { tally.scores.push(v); tally.labels!.push(y); }
    else if (tally.hist !== null) tally.hist[(binOf(p, T) << 1) + (y === 1 ? 0 : 1)]++;
  }
}
