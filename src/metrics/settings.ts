// From parsed options and a batch's task to the tally a call needs, and one batch into a tally.
import { floatArray } from '../call/arrays.js';
import { LosskitRangeError } from '../errors.js';
import { tallyBinary, tallyMulticlass } from './classification.js';
import type { Batch } from './input.js';
import type { MetricOptions } from './options.js';
import type { TallyConfig, Tally } from './tally.js';
import type { Task } from './types.js';

const optionError = (key: string, message: string): LosskitRangeError => new LosskitRangeError(`options.${key}`, message, 'ERR_OPTION');

/** The options that have a meaning for one task only. */
export function checkTaskOptions(task: Task, o: MetricOptions): void {
  if (task === 'binary') {
    if (o.topK > 0) throw optionError('topK', 'applies to multiclass input');
    if (o.weight !== undefined) throw optionError('weight', 'applies to multiclass input');
    if (o.labelSmoothing !== 0) throw optionError('labelSmoothing', 'applies to multiclass input');
  } else if (o.average === 'binary') {
    throw optionError('average', "'binary' applies to binary input; multiclass takes 'micro', 'macro', 'weighted' or 'none'");
  }
}

/** options.weight: C finite numbers (either float dtype), as a plain array for the tally's config. */
function weightsOf(v: unknown, C: number): number[] | null {
  if (v === undefined || v === null) return null;
  const w = floatArray('options.weight', v);
  if (w.length !== C) throw new LosskitRangeError('options.weight', `expected ${C} class weights, got ${w.length}`, 'ERR_LENGTH');
  return Array.from(w);
}

/** The tally of a task with C classes under these options, with or without the confusion and ranking data (frozen: states share it). */
export function configOf(task: Task, C: number, o: MetricOptions, confusion: boolean, ranking: boolean): TallyConfig {
  checkTaskOptions(task, o);
  const weight = weightsOf(o.weight, C);
  return Object.freeze({
    task, classes: task === 'binary' ? 2 : C, bins: o.bins, topK: o.topK, threshold: o.threshold, probabilities: o.probabilities,
    weight: weight && Object.freeze(weight), labelSmoothing: o.labelSmoothing, confusion, ranking, thresholds: o.thresholds,
  });
}

/** Adds a checked batch of the tally's task. */
export function addBatch(tally: Tally, b: Batch): void {
  const w = tally.config.weight;
  if (b.task === 'binary') tallyBinary(tally, b);
  else tallyMulticlass(tally, b, w === null ? null : Float64Array.from(w));
}
