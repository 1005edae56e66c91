// AUROC and average precision from a tally's ranking data, exact with tied scores as scikit-learn's
// roc_auc_score and average_precision_score: both walk groups of equal score from the highest down, with the
// positives and negatives of each group.
import { rankColumns, sumOf, type Tally } from './tally.js';

/** Groups of equal score, highest first: positives pos[g] and negatives neg[g]. */
interface Groups { pos: Float64Array; neg: Float64Array; length: number }

/** Column k of kept scores, sorted and grouped; a row is positive when its label is `positive`. */
function exactGroups(scores: readonly number[], labels: readonly number[], K: number, k: number, positive: number): Groups {
  const n = labels.length;
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) s[i] = scores[i * K + k];
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => s[b] - s[a]);
  const pos = new Float64Array(n), neg = new Float64Array(n);
  let g = -1;
  for (let j = 0; j < n; j++) {
    const i = order[j];
    if (j === 0 || s[i] !== s[order[j - 1]]) g++;
    if (labels[i] === positive) pos[g]++;
    else neg[g]++;
  }
  return { pos, neg, length: g + 1 };
}

/** Column k's histogram, highest bin first. */
function binnedGroups(hist: Float64Array, T: number, k: number): Groups {
  const pos = new Float64Array(T), neg = new Float64Array(T);
  for (let b = 0; b < T; b++) {
    const at = (k * T + T - 1 - b) * 2;
    pos[b] = hist[at];
    neg[b] = hist[at + 1];
  }
  return { pos, neg, length: T };
}

/** The area under the ROC curve: each negative counts the positives above it, and half those tied with it. */
function aurocOf(g: Groups): number {
  let tp = 0, N = 0, area = 0;
  for (let i = 0; i < g.length; i++) {
    area += g.neg[i] * (tp + g.pos[i] / 2);
    tp += g.pos[i];
    N += g.neg[i];
  }
  return tp === 0 || N === 0 ? NaN : area / (tp * N);
}

/** Σ over thresholds (distinct scores) of (recall step)·precision; NaN without positives. */
function averagePrecisionOf(g: Groups): number {
  const P = sumOf(g.pos);
  if (P === 0) return NaN;
  let tp = 0, fp = 0, ap = 0;
  for (let i = 0; i < g.length; i++) {
    if (g.pos[i] === 0 && g.neg[i] === 0) continue;
    tp += g.pos[i];
    fp += g.neg[i];
    ap += (g.pos[i] / P) * (tp / (tp + fp));
  }
  return ap;
}

/**
 * AUROC or AP of a tally: binary, the positive class; multiclass, one-vs-rest macro over the classes that have
 * a positive and (AUROC) a negative; NaN where none has.
 */
export function rankingScore(tally: Tally, metric: 'auroc' | 'averagePrecision'): number {
  const K = rankColumns(tally.config);
  const score = metric === 'auroc' ? aurocOf : averagePrecisionOf;
  let total = 0, counted = 0;
  for (let k = 0; k < K; k++) {
    const positive = K === 1 ? 1 : k;
    const groups = tally.hist !== null
      ? binnedGroups(tally.hist, tally.config.thresholds, k)
      : exactGroups(tally.scores!, tally.labels!, K, k, positive);
    const v = score(groups);
    if (Number.isNaN(v)) continue;
    total += v;
    counted++;
  }
  return counted === 0 ? NaN : total / counted;
}
