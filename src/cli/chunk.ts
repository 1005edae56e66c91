// One chunk scored on its own: the loss per row (reduction 'none'), their float64 sum and the mean's
// denominator, the counted rows, and a fresh accumulator's state. Chunks are a fixed partition of the rows and
// their results are merged in chunk order, so where a chunk is scored (this thread or a worker) changes nothing.
import { createLosskitSync } from '../index.js';
import type { LossName } from '../losses/registry.js';
import type { TallyState } from '../metrics/tally.js';
import type { CreateMetricsOptions } from '../metrics/types.js';
import type { FloatArray } from '../types.js';
import { denominator, takesOption } from './losses.js';

/** What every chunk is scored with (plain data: it goes to the workers and into --state files). */
export interface Settings {
  readonly loss: LossName;
  /** The loss's options (weight, labelSmoothing, ignoreIndex where it takes them). */
  readonly lossOptions: Record<string, unknown>;
  readonly kind: 'class' | 'element';
  /** What the scores are computed in. */
  readonly dtype: 'float32' | 'float64';
  readonly width: number;
  readonly ignoreIndex: number;
  /** null: no metrics. */
  readonly metrics: CreateMetricsOptions | null;
}

export interface Chunk {
  readonly index: number;
  readonly rows: number;
  readonly input: FloatArray;
  /** Class indices (class scores) or one value per prediction, of the input's dtype. */
  readonly target: Int32Array | FloatArray;
}

export interface Scored {
  readonly index: number;
  readonly rows: number;
  readonly lossSum: number;
  readonly denominator: number;
  readonly count: number;
  readonly state: TallyState | null;
  /** The loss of each row (per element for element-wise losses of rows of several values); null unless asked for. */
  readonly perSample: Float64Array | null;
}

/** Metric options from JSON (weight a plain array) as createMetrics takes them. */
export const typedWeight = (m: CreateMetricsOptions | null): CreateMetricsOptions | null =>
  m?.weight === undefined ? m : { ...m, weight: Float64Array.from(m.weight as ArrayLike<number>) };

type Loss = (input: FloatArray, target: unknown, options: Record<string, unknown>) => FloatArray;

/** A scorer of chunks on its own losskit instance. */
export function chunkScorer(s: Settings, perSample: boolean): (c: Chunk) => Scored {
  const k = createLosskitSync();
  const loss = k[s.loss] as unknown as Loss;
  const shaped = takesOption(s.loss, 'shape');
  // options hold arrays as plain JSON; the calls take them as typed arrays of the input's dtype
  const weight = s.lossOptions.weight as number[] | undefined;
  const lossOptions = weight === undefined ? s.lossOptions : { ...s.lossOptions, weight: (s.dtype === 'float32' ? Float32Array : Float64Array).from(weight) };
  const metrics = typedWeight(s.metrics);
  return (c) => {
    const options = shaped ? { ...lossOptions, shape: [c.rows, s.width] } : lossOptions;
    const none = loss(c.input, c.target, { ...options, reduction: 'none' });
    let lossSum = 0;
    for (let i = 0; i < none.length; i++) lossSum += none[i];
    let count = c.rows;
    if (s.kind === 'class') for (let i = 0; i < c.rows; i++) if (c.target[i] === s.ignoreIndex) count--;
    const state = metrics === null ? null : k.createMetrics(metrics).update(c.input, c.target, s.kind === 'class' ? { shape: [c.rows, s.width] } : undefined).state;
    return {
      index: c.index, rows: c.rows, lossSum, denominator: denominator(s.loss, c.input, c.target, options), count, state,
      perSample: perSample ? Float64Array.from(none) : null,
    };
  };
}
