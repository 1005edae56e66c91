// The one-shot metrics as specs: the option keys each allows and its run over checked arguments (a batch
// tallied once, then finished as an accumulator would). The registry (registry.ts) lists and documents them.
import { floatArray } from '../call/arrays.js';
import { floatTarget } from '../call/targets.js';
import { LosskitRangeError } from '../errors.js';
import { reliabilityTable } from './calibration.js';
import { balancedAccuracy } from './counts.js';
import { FINISH, perRow } from './finish.js';
import { batchOf } from './input.js';
import { LAYOUT_KEYS, type MetricOptions, type OptionKey } from './options.js';
import { r2Of, r2Sums } from './regression.js';
import { addBatch, configOf } from './settings.js';
import { emptyTally, type Tally } from './tally.js';
import type { ClassificationMetrics, StreamMetricName } from './types.js';

export interface MetricSpec<R = unknown> {
  /** The option keys it allows. */
  readonly options: readonly OptionKey[];
  /** Checks the arguments (unwrapped) and computes. */
  run(input: unknown, target: unknown, o: MetricOptions): R;
}

/** What a tally needs besides the sums: the confusion matrix, the ranking data. */
interface Needs { confusion?: boolean; ranking?: boolean }

/** The tally of one checked batch. */
function tallyOf(input: unknown, target: unknown, o: MetricOptions, needs: Needs): Tally {
  const b = batchOf(input, target, o);
  const tally = emptyTally(configOf(b.task, b.C, o, needs.confusion ?? false, needs.ranking ?? false));
  addBatch(tally, b);
  return tally;
}

/** A metric of a tally: the layout keys plus `extra`, finished by `finish`. */
const tallied = <R>(extra: readonly OptionKey[], needs: (o: MetricOptions) => Needs, finish: (t: Tally, o: MetricOptions) => R): MetricSpec<R> => ({
  options: [...LAYOUT_KEYS, ...extra],
  run: (input, target, o) => finish(tallyOf(input, target, o, needs(o)), o),
});

const NOTHING = (): Needs => ({});
/** One of the accumulator's metrics as a one-shot function. */
const finished = (name: StreamMetricName, extra: readonly OptionKey[], needs: (o: MetricOptions) => Needs = NOTHING): MetricSpec =>
  tallied(extra, needs, (t, o) => FINISH[name](t, o));

/** accuracy's average: micro (the fraction correct) or macro (balanced); top-k counts every row alike. */
function accuracyOf(t: Tally, o: MetricOptions): number {
  if (o.average === 'macro') return balancedAccuracy(t.confusion!, t.config.classes);
  return perRow(o.topK > 0 ? t.topK : t.correct, t);
}

const accuracyNeeds = (o: MetricOptions): Needs => {
  if (o.average !== undefined && o.average !== 'micro' && o.average !== 'macro') {
    throw new LosskitRangeError('options.average', `accuracy takes 'micro' or 'macro', got '${o.average}'`, 'ERR_OPTION');
  }
  if (o.average === 'macro' && o.topK > 0) throw new LosskitRangeError('options.topK', "is a micro average: drop average 'macro'", 'ERR_OPTION');
  return { confusion: o.average === 'macro' };
};

const SUMMARY = ['count', 'loss', 'perplexity', 'accuracy', 'calibrationError', 'brierScore'] as const;

/** Every value of the one pass over the logits (topK when asked for). */
function summary(t: Tally, o: MetricOptions): ClassificationMetrics {
  const keys: readonly (typeof SUMMARY[number] | 'topK')[] = o.topK > 0 ? [...SUMMARY, 'topK'] : SUMMARY;
  const out: Partial<ClassificationMetrics> = {};
  for (const key of keys) out[key] = FINISH[key](t, o) as number;
  return out as ClassificationMetrics;
}

const CONFUSION = (): Needs => ({ confusion: true });
const RANKING = (): Needs => ({ ranking: true });
const averaged = (name: StreamMetricName): MetricSpec => finished(name, ['threshold', 'average'], CONFUSION);

/** r2Score: predictions and true values of one length (the target may be integers). */
export const r2Score: MetricSpec<number> = {
  options: [],
  run: (input, target) => {
    const x = floatArray('input', input);
    return r2Of(r2Sums(x, floatTarget('target', target, x, x.length)));
  },
};

export const accuracy: MetricSpec = tallied(['threshold', 'topK', 'average'], accuracyNeeds, accuracyOf);
export const perplexity: MetricSpec = finished('perplexity', []);
export const calibrationError: MetricSpec = finished('calibrationError', ['bins', 'norm']);
export const reliabilityDiagram: MetricSpec = tallied(['bins'], NOTHING, reliabilityTable);
export const brierScore: MetricSpec = finished('brierScore', []);
export const auroc: MetricSpec = finished('auroc', ['thresholds'], RANKING);
export const averagePrecision: MetricSpec = finished('averagePrecision', ['thresholds'], RANKING);
export const precision: MetricSpec = averaged('precision');
export const recall: MetricSpec = averaged('recall');
export const f1Score: MetricSpec = averaged('f1Score');
export const confusionMatrix: MetricSpec = finished('confusionMatrix', ['threshold'], CONFUSION);
export const classificationMetrics: MetricSpec = tallied(['threshold', 'topK', 'bins', 'norm', 'weight', 'labelSmoothing'], NOTHING, summary);
