// Each accumulator metric's value from a tally: the one place a sum becomes a metric, for the one-shot
// functions and the accumulators alike.
import { calibrationGap } from './calibration.js';
import { averagedScore } from './counts.js';
import { rankingScore } from './ranking.js';
import type { Tally } from './tally.js';
import type { Average, CalibrationNorm, StreamMetricName } from './types.js';

/** The options that shape a value but not the sums. */
export interface FinishOptions {
  readonly norm: CalibrationNorm;
  /** precision, recall and F1 ('binary' for binary input, 'macro' for multiclass when not given). */
  readonly average: Average | undefined;
}

export const perRow = (sum: number, t: Tally): number => sum / t.count; // NaN over no rows

const averageOf = (t: Tally, o: FinishOptions): Average => o.average ?? (t.config.task === 'binary' ? 'binary' : 'macro');

export const FINISH: { readonly [K in StreamMetricName]: (t: Tally, o: FinishOptions) => number | Float64Array } = {
  count: (t) => t.count,
  loss: (t) => t.loss / t.lossWeight,
  perplexity: (t) => Math.exp(perRow(t.nll, t)),
  accuracy: (t) => perRow(t.correct, t),
  topK: (t) => perRow(t.topK, t),
  calibrationError: (t, o) => calibrationGap(t, o.norm),
  brierScore: (t) => perRow(t.brier, t),
  auroc: (t) => rankingScore(t, 'auroc'),
  averagePrecision: (t) => rankingScore(t, 'averagePrecision'),
  precision: (t, o) => averagedScore(t.confusion!, t.config.classes, 'precision', averageOf(t, o)),
  recall: (t, o) => averagedScore(t.confusion!, t.config.classes, 'recall', averageOf(t, o)),
  f1Score: (t, o) => averagedScore(t.confusion!, t.config.classes, 'f1Score', averageOf(t, o)),
  confusionMatrix: (t) => Float64Array.from(t.confusion!),
};

/** Which metrics need the confusion matrix, and which the ranking data. */
export const NEEDS_CONFUSION: ReadonlySet<StreamMetricName> = new Set(['precision', 'recall', 'f1Score', 'confusionMatrix']);
export const NEEDS_RANKING: ReadonlySet<StreamMetricName> = new Set(['auroc', 'averagePrecision']);
