// The sums every metric is computed from: counts, loss sums, calibration bins, the confusion matrix and the
// ranking data. Sums over any split of the rows add up to the sums over all of them, so a tally is what an
// accumulator keeps, merges and serialises, and what a one-shot metric computes from.
import { LosskitRangeError } from '../errors.js';
import type { Task } from './types.js';

/** What a tally sums: fixed when it is made; two tallies merge only when their configs are equal. */
export interface TallyConfig {
  readonly task: Task;
  /** C (2 for binary). */
  readonly classes: number;
  readonly bins: number;
  /** 0: no top-k count. */
  readonly topK: number;
  /** Binary cut: σ(x) ≥ threshold, or p ≥ threshold with probabilities. */
  readonly threshold: number;
  readonly probabilities: boolean;
  /** The loss's per-class weights (null: none) and label smoothing. */
  readonly weight: readonly number[] | null;
  readonly labelSmoothing: number;
  readonly confusion: boolean;
  /** Keep the ranking data (scores, or histograms with thresholds > 0). */
  readonly ranking: boolean;
  readonly thresholds: number;
}

/**
 * The sums. Ranking data: exact, `scores` holds K values per row (binary: the input as given, K = 1; multiclass:
 * the C softmax probabilities) and `labels` its class; binned, `hist[(k·thresholds + bin)·2 + (positive ? 0 : 1)]`.
 */
export interface Tally {
  readonly config: TallyConfig;
  /** Rows scored. */
  count: number;
  /** Σ unweighted cross-entropy (perplexity). */
  nll: number;
  /** Σ weighted, smoothed cross-entropy and Σ weight[target]: the loss is their ratio. */
  loss: number;
  lossWeight: number;
  correct: number;
  topK: number;
  brier: number;
  /** Per confidence bin: rows, Σ confidence, Σ correct (binary: Σ positives). */
  readonly binCount: Float64Array;
  readonly binConfidence: Float64Array;
  readonly binCorrect: Float64Array;
  /** C·C counts, row = true class, column = predicted; null when not kept. */
  readonly confusion: Float64Array | null;
  readonly scores: number[] | null;
  readonly labels: number[] | null;
  readonly hist: Float64Array | null;
}

/** A tally's JSON form. */
export interface TallyState {
  readonly version: 1;
  readonly config: TallyConfig;
  readonly sums: { count: number; nll: number; loss: number; lossWeight: number; correct: number; topK: number; brier: number };
  readonly bins: { count: number[]; confidence: number[]; correct: number[] };
  readonly confusion: number[] | null;
  readonly scores: number[] | null;
  readonly labels: number[] | null;
  readonly hist: number[] | null;
}

/** Σ of an array's values. */
export function sumOf(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

/** Columns of ranking data: 1 for binary, C for multiclass. */
export const rankColumns = (c: TallyConfig): number => (c.task === 'binary' ? 1 : c.classes);

export function emptyTally(config: TallyConfig): Tally {
  const exact = config.ranking && config.thresholds === 0;
  return {
    config, count: 0, nll: 0, loss: 0, lossWeight: 0, correct: 0, topK: 0, brier: 0,
    binCount: new Float64Array(config.bins),
    binConfidence: new Float64Array(config.bins),
    binCorrect: new Float64Array(config.bins),
    confusion: config.confusion ? new Float64Array(config.classes * config.classes) : null,
    scores: exact ? [] : null,
    labels: exact ? [] : null,
    hist: config.ranking && !exact ? new Float64Array(rankColumns(config) * config.thresholds * 2) : null,
  };
}

const addInto = (a: Float64Array | null, b: ArrayLike<number> | null): void => {
  if (a !== null && b !== null) for (let i = 0; i < a.length; i++) a[i] += b[i];
};
const pushAll = (a: number[] | null, b: readonly number[] | null): void => {
  if (a !== null && b !== null) for (let i = 0; i < b.length; i++) a.push(b[i]);
};

/** The JSON form (copies). */
export const stateOf = (t: Tally): TallyState => ({
  version: 1,
  config: t.config,
  sums: { count: t.count, nll: t.nll, loss: t.loss, lossWeight: t.lossWeight, correct: t.correct, topK: t.topK, brier: t.brier },
  bins: { count: [...t.binCount], confidence: [...t.binConfidence], correct: [...t.binCorrect] },
  confusion: t.confusion && [...t.confusion],
  scores: t.scores && [...t.scores],
  labels: t.labels && [...t.labels],
  hist: t.hist && [...t.hist],
});

const sameConfig = (a: TallyConfig, b: TallyConfig): boolean => {
  const keys = Object.keys(a) as (keyof TallyConfig)[];
  return keys.length === Object.keys(b).length && keys.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
};

/** Where a state's arrays do not have its config's lengths, it was not made by a tally of that config. */
function checkState(s: TallyState, into: Tally): void {
  const ok = s !== null && typeof s === 'object' && s.version === 1 && typeof s.sums === 'object' && typeof s.bins === 'object' &&
    s.bins.count?.length === into.binCount.length && (s.confusion?.length ?? 0) === (into.confusion?.length ?? 0) &&
    (s.hist?.length ?? 0) === (into.hist?.length ?? 0) && (s.scores === null) === (into.scores === null);
  if (!ok) throw new LosskitRangeError('state', 'is not the state of an accumulator', 'ERR_VALUE');
}

/** Adds a state's sums into `into`: both must count the same metrics with the same options. */
export function mergeInto(into: Tally, s: TallyState): void {
  if (s?.config === undefined || !sameConfig(into.config, s.config)) {
    throw new LosskitRangeError('state', 'comes from an accumulator with other metrics or options; only equal ones merge', 'ERR_VALUE');
  }
  checkState(s, into);
  for (const k of Object.keys(s.sums) as (keyof TallyState['sums'])[]) into[k] += s.sums[k];
  addInto(into.binCount, s.bins.count);
  addInto(into.binConfidence, s.bins.confidence);
  addInto(into.binCorrect, s.bins.correct);
  addInto(into.confusion, s.confusion);
  addInto(into.hist, s.hist);
  pushAll(into.scores, s.scores);
  pushAll(into.labels, s.labels);
}
