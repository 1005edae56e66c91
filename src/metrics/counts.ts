// Metrics of the confusion matrix (row = true class, column = predicted): precision, recall, F1 and balanced
// accuracy. A zero division gives 0, as scikit-learn's zero_division=0.
import { sumOf } from './tally.js';
import type { Average } from './types.js';

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** Per class: true positives, predicted (column sums) and actual (row sums) counts. */
function perClass(cm: Float64Array, C: number): { tp: Float64Array; predicted: Float64Array; actual: Float64Array } {
  const tp = new Float64Array(C), predicted = new Float64Array(C), actual = new Float64Array(C);
  for (let i = 0; i < C; i++) {
    for (let j = 0; j < C; j++) {
      actual[i] += cm[i * C + j];
      predicted[j] += cm[i * C + j];
    }
    tp[i] = cm[i * C + i];
  }
  return { tp, predicted, actual };
}

export type Score = 'precision' | 'recall' | 'f1Score';

/** A score from true positives, predicted and actual counts (F1 = 2tp / (predicted + actual)). */
const scoreOf = (score: Score, tp: number, predicted: number, actual: number): number =>
  score === 'precision' ? ratio(tp, predicted) : score === 'recall' ? ratio(tp, actual) : ratio(2 * tp, predicted + actual);

/**
 * precision, recall or F1 of a C·C confusion matrix: 'binary' is class 1's; 'micro' from the summed counts; 'macro'
 * the mean over all C classes; 'weighted' weighs each by its actual count; 'none' one per class.
 */
export function averagedScore(cm: Float64Array, C: number, score: Score, average: Average): number | Float64Array {
  const { tp, predicted, actual } = perClass(cm, C);
  if (average === 'binary') return scoreOf(score, tp[1], predicted[1], actual[1]);
  if (average === 'micro') {
    return scoreOf(score, sumOf(tp), sumOf(predicted), sumOf(actual));
  }
  const each = tp.map((_, c) => scoreOf(score, tp[c], predicted[c], actual[c]));
  if (average === 'none') return each;
  let total = 0, weights = 0;
  for (let c = 0; c < C; c++) {
    const w = average === 'weighted' ? actual[c] : 1;
    total += w * each[c];
    weights += w;
  }
  return ratio(total, weights);
}

/** The mean recall over the classes present in the target (scikit-learn's balanced_accuracy_score); NaN with none. */
export function balancedAccuracy(cm: Float64Array, C: number): number {
  const { tp, actual } = perClass(cm, C);
  let total = 0, present = 0;
  for (let c = 0; c < C; c++) {
    if (actual[c] === 0) continue;
    total += tp[c] / actual[c];
    present++;
  }
  return present === 0 ? NaN : total / present;
}
