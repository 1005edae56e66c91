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

/** The scalar sums of a tally. */
const SUMS = ['count', 'nll', 'loss', 'lossWeight', 'correct', 'topK', 'brier'] as const;
type Sums = { [K in typeof SUMS[number]]: number };

/** A tally's JSON form. */
export interface TallyState {
  readonly version: 1;
  readonly config: TallyConfig;
  readonly sums: Sums;
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
  sums: Object.fromEntries(SUMS.map((k) => [k, t[k]])) as Sums,
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

/** Whether a state's part is an array of numbers as long as the tally's (null where the tally has none). */
const fits = (part: unknown, like: ArrayLike<number> | null): boolean =>
  like === null ? part === null : Array.isArray(part) && part.length === like.length && part.every((v) => typeof v === 'number');

/** Where a state's parts do not have its config's lengths, it was not made by a tally of that config. */
function checkState(s: TallyState, into: Tally): void {
  const ranked = into.scores === null || (Array.isArray(s.scores) && Array.isArray(s.labels) &&
    s.scores.length === s.labels.length * (s.config.task === 'binary' ? 1 : s.config.classes));
  const ok = s.version === 1 && typeof s.sums === 'object' && SUMS.every((k) => typeof s.sums[k] === 'number') &&
    typeof s.bins === 'object' && fits(s.bins.count, into.binCount) && fits(s.bins.confidence, into.binConfidence) &&
    fits(s.bins.correct, into.binCorrect) && fits(s.confusion, into.confusion) && fits(s.hist, into.hist) && ranked;
  if (!ok) throw new LosskitRangeError('state', 'is not the state of an accumulator', 'ERR_VALUE');
}

/** Adds a state's sums into `into`: both must count the same metrics with the same options. */
export function mergeInto(into: Tally, s: TallyState): void {
  if (typeof s !== 'object' || s === null || typeof s.config !== 'object' || s.config === null || !sameConfig(into.config, s.config)) {
    throw new LosskitRangeError('state', 'comes from an accumulator with other metrics or options; only equal ones merge', 'ERR_VALUE');
  }
  checkState(s, into);
  for (const k of SUMS) into[k] += s.sums[k];
  addInto(into.binCount, s.bins.count);
  addInto(into.binConfidence, s.bins.confidence);
  addInto(into.binCorrect, s.bins.correct);
  addInto(into.confusion, s.confusion);
  addInto(into.hist, s.hist);
  pushAll(into.scores, s.scores);
  pushAll(into.labels, s.labels);
}
