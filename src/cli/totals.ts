// The running totals of a run: chunk results added in chunk order (float64 sums in a fixed order, counts
// exactly, the accumulator's tally by merge), and what a --state file holds of them. `losskit merge` adds
// states the same way.
import { createMetrics, type MetricAccumulator } from '../metrics/stream.js';
import type { TallyState } from '../metrics/tally.js';
import type { StreamResult } from '../metrics/types.js';
import { typedWeight, type Scored, type Settings } from './chunk.js';

export interface ScoreState {
  readonly format: 'losskit-score-state';
  readonly version: 1;
  readonly settings: Settings;
  /** The rows [start, end) of the file this state covers, and the file's rows. */
  readonly range: readonly [number, number];
  readonly fileRows: number;
  readonly count: number;
  readonly lossSum: number;
  readonly denominator: number;
  readonly metrics: TallyState | null;
}

/** What a run prints: the metrics asked for, count (rows counted) and loss (the --loss's mean). */
export type Result = Record<string, number | number[] | null>;

export class Totals {
  count = 0;
  lossSum = 0;
  denominator = 0;
  readonly #metrics: MetricAccumulator | null;

  constructor(readonly settings: Settings) {
    const m = typedWeight(settings.metrics);
    this.#metrics = m === null ? null : createMetrics(m);
  }

  add(s: Pick<Scored, 'count' | 'lossSum' | 'denominator' | 'state'>): void {
    this.count += s.count;
    this.lossSum += s.lossSum;
    this.denominator += s.denominator;
    if (s.state !== null) this.#metrics!.merge(s.state);
  }

  stateOf(range: readonly [number, number], fileRows: number): ScoreState {
    const { settings, count, lossSum, denominator } = this;
    return { format: 'losskit-score-state', version: 1, settings, range, fileRows, count, lossSum, denominator, metrics: this.#metrics?.state ?? null };
  }

  result(): Result {
    const out: Result = {};
    const computed: StreamResult = this.#metrics?.compute() ?? {};
    for (const [k, v] of Object.entries(computed)) out[k] = typeof v === 'number' ? v : Array.from(v!);
    out.count = this.count;
    out.loss = this.denominator === 0 ? NaN : this.lossSum / this.denominator;
    return out;
  }
}
