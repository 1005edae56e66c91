// Streaming, mergeable metrics: an accumulator keeps a tally of the batches it was given; compute() finishes
// the requested metrics from it. Its `state` is plain JSON, and tallies add up, so shards evaluated anywhere
// merge into exactly the tally of all their rows.
import { optionsObject } from '../call/options.js';
import { LosskitRangeError, LosskitTypeError } from '../errors.js';
import { FINISH, NEEDS_CONFUSION, NEEDS_RANKING } from './finish.js';
import { batchOf, noUnwrap, type Unwrap } from './input.js';
import { OPTIONS, parseOptions, type MetricOptions } from './options.js';
import { addBatch, configOf } from './settings.js';
import { emptyTally, mergeInto, stateOf, type Tally, type TallyConfig, type TallyState } from './tally.js';
import type { CreateMetricsOptions, MetricTarget, StreamMetricName, StreamResult, Task } from './types.js';

export const STREAM_METRICS = Object.keys(FINISH) as StreamMetricName[];

/** Edit distance of two short strings (for "did you mean"). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

/** The known name that starts with `name`, or the nearest when near enough to be a typo (the command line's too). */
export function suggestion(name: string, names: readonly string[] = STREAM_METRICS): string {
  const prefix = name.length >= 2 && names.find((known) => known.toLowerCase().startsWith(name.toLowerCase()));
  if (prefix) return ` (did you mean '${prefix}'?)`;
  const best = names.reduce((a, b) => (distance(name, b) < distance(name, a) ? b : a));
  return distance(name, best) <= Math.max(2, best.length / 3) ? ` (did you mean '${best}'?)` : '';
}

function metricNames(v: unknown): StreamMetricName[] {
  if (!Array.isArray(v) || v.length === 0) {
    throw new LosskitTypeError('options.metrics', `expected a non-empty array of metric names (${STREAM_METRICS.join(', ')})`, 'ERR_OPTION');
  }
  v.forEach((name, i) => {
    if (!STREAM_METRICS.includes(name)) {
      throw new LosskitTypeError(`options.metrics[${i}]`, `unknown metric ${JSON.stringify(name) ?? String(name)}${suggestion(String(name))}; known: ${STREAM_METRICS.join(', ')}`, 'ERR_OPTION');
    }
  });
  return [...new Set(v as StreamMetricName[])];
}

/** The task (multiclass with `classes`) and C: required for multiclass, 2 (or absent) for binary. */
function taskAndClasses(task: Task | undefined, classes: unknown): { task: Task; C: number } {
  const kind = task ?? (classes === undefined ? undefined : 'multiclass');
  if (kind === undefined) throw new LosskitRangeError('options.classes', "is required for a multiclass accumulator (or pass task: 'binary')", 'ERR_OPTION');
  if (kind === 'binary') {
    if (classes !== undefined && classes !== 2) throw new LosskitRangeError('options.classes', `binary input has 2 classes, got ${String(classes)}`, 'ERR_OPTION');
    return { task: kind, C: 2 };
  }
  if (!Number.isInteger(classes) || (classes as number) < 1) throw new LosskitRangeError('options.classes', `expected the number of classes (an integer >= 1), got ${String(classes)}`, 'ERR_OPTION');
  return { task: kind, C: classes as number };
}

const UPDATE_KEYS: ReadonlySet<string> = new Set(['shape']);
const CREATE_KEYS: ReadonlySet<string> = new Set([...Object.keys(OPTIONS).filter((k) => k !== 'shape'), 'metrics', 'classes']);

/** A streaming, mergeable accumulator of metrics (what createMetrics returns). */
export interface MetricAccumulator {
  /** Adds a batch (checked whole before anything is added; zero rows add nothing). `shape` as the free functions'. */
  update(input: unknown, target: MetricTarget, opts?: { shape?: readonly number[] }): MetricAccumulator;
  /** The requested metrics over every row added or merged so far (NaN for a mean over no rows). */
  compute(): StreamResult;
  reset(): MetricAccumulator;
  /** Adds another accumulator's rows, or a `state` (from JSON): both must have been made with equal options. */
  merge(other: MetricAccumulator | TallyState): MetricAccumulator;
  /** The tally as plain JSON-serialisable data (a copy). */
  readonly state: TallyState;
}

const isAccumulator = (v: unknown): v is MetricAccumulator => typeof (v as MetricAccumulator | null)?.compute === 'function';

class Accumulator implements MetricAccumulator {
  #tally: Tally;
  readonly #names: readonly StreamMetricName[];
  readonly #options: MetricOptions;
  readonly #unwrap: Unwrap;

  constructor(names: readonly StreamMetricName[], config: TallyConfig, options: MetricOptions, unwrap: Unwrap = noUnwrap) {
    this.#names = names;
    this.#tally = emptyTally(config);
    this.#options = options;
    this.#unwrap = unwrap;
  }

  /** Adds a batch (checked whole before anything is added; zero rows add nothing). `shape` as the free functions'. */
  update(input: unknown, target: MetricTarget, opts?: { shape?: readonly number[] }): this {
    const raw = optionsObject(opts, UPDATE_KEYS);
    const o = raw.shape === undefined ? this.#options : { ...this.#options, shape: raw.shape };
    const { task, classes } = this.#tally.config;
    const b = batchOf(this.#unwrap('input', input), this.#unwrap('target', target), o, task, classes);
    if (b.N * b.D !== 0) addBatch(this.#tally, b);
    return this;
  }

  /** The requested metrics over every row added or merged so far (NaN for a mean over no rows). */
  compute(): StreamResult {
    const out: StreamResult = {};
    for (const name of this.#names) out[name] = FINISH[name](this.#tally, this.#options);
    return out;
  }

  reset(): this {
    this.#tally = emptyTally(this.#tally.config);
    return this;
  }

  /** Adds another accumulator's rows, or a `state` (from JSON): both must have been made with equal options. */
  merge(other: MetricAccumulator | TallyState): this {
    mergeInto(this.#tally, isAccumulator(other) ? other.state : other);
    return this;
  }

  /** The tally as plain JSON-serialisable data (a copy). */
  get state(): TallyState {
    return stateOf(this.#tally);
  }
}

/**
 * A streaming accumulator of `metrics` over batches of scores; `classes` (C) is required for multiclass. Other
 * options as the free functions' (per-batch `shape` goes to update()); accuracy is the fraction correct and
 * `average` applies to precision, recall and F1. compute() after updates over any split of the rows equals the
 * free functions on all of them: counts exactly, sums within float64 rounding, AUROC and AP exactly (every score
 * kept, in the JSON state too) or binned with `thresholds`. `unwrap` is an instance's buffer unwrapper.
 * Example: workers send `acc.state`; the main thread does `createMetrics(sameOptions).merge(state)` for each.
 */
export function createMetrics(options: CreateMetricsOptions, unwrap?: Unwrap): MetricAccumulator {
  const raw = optionsObject(options, CREATE_KEYS);
  const names = metricNames(raw.metrics);
  const o = parseOptions(raw);
  const { task, C } = taskAndClasses(o.task, raw.classes);
  if (names.includes('topK') && o.topK === 0) throw new LosskitRangeError('options.topK', "is required with metric 'topK' (an integer >= 1)", 'ERR_OPTION');
  const config = configOf(task, C, o, names.some((n) => NEEDS_CONFUSION.has(n)), names.some((n) => NEEDS_RANKING.has(n)));
  return new Accumulator(names, config, { ...o, task }, unwrap);
}
