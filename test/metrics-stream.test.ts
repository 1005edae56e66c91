// Accumulators against the one-shot references: the rows split at random points (fixed seed), each shard in
// its own accumulator, merged directly or through a JSON round trip of `state`.
import { describe, expect, test } from 'vitest';
import { bindMetrics, createMetrics, type CreateMetricsOptions, type MetricAccumulator, type StreamMetricName } from '../src/metrics/index.js';
import { expectClose, inputOf, loadMetricCases, optionsOf, targetOf, value, type MetricCase } from './helpers/metric-fixtures.js';

/** mulberry32: a small seeded generator, so the splits are the same every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Piece { input: Float32Array | Float64Array; target: unknown; shape: number[] }

/** The case cut along its first dimension at `cuts` random points (samples stay whole). */
function pieces(c: MetricCase, cuts: number, rand: () => number): Piece[] {
  const x = inputOf(c), t = c.target.map(value);
  const dims = (c.options.shape as number[] | undefined) ?? [t.length];
  const samples = dims[0];
  const inputPer = dims.slice(1).reduce((a, b) => a * b, 1);
  const targetPer = samples === 0 ? 0 : t.length / samples;
  const at = [0, ...Array.from({ length: cuts }, () => Math.floor(rand() * (samples + 1))).sort((a, b) => a - b), samples];
  return at.slice(1).map((end, i) => ({
    input: x.subarray(at[i] * inputPer, end * inputPer),
    target: targetOf(c, t.slice(at[i] * targetPer, end * targetPer)),
    shape: [end - at[i], ...dims.slice(1)],
  }));
}

/** The one-shot reference of each accumulator metric: the fixture check it equals. */
function references(c: MetricCase, binary: boolean): Map<StreamMetricName, unknown> {
  const find = (fn: string, options: Record<string, unknown> = {}) =>
    c.checks.find((k) => k.fn === fn && JSON.stringify(k.options) === JSON.stringify(options))!.expected;
  const summary = find('classificationMetrics') as Record<string, unknown>;
  const refs = new Map<StreamMetricName, unknown>([
    ['count', summary.count], ['loss', summary.loss], ['perplexity', summary.perplexity], ['accuracy', find('accuracy')],
    ['calibrationError', find('calibrationError')], ['brierScore', find('brierScore')], ['auroc', find('auroc')],
    ['averagePrecision', find('averagePrecision')], ['confusionMatrix', find('confusionMatrix')],
  ]);
  const average = binary ? 'binary' : 'macro';
  for (const fn of ['precision', 'recall', 'f1Score'] as const) refs.set(fn, find(fn, { average }));
  if (!binary) refs.set('topK', find('accuracy', { topK: 2 }));
  return refs;
}

const layoutOptions = (c: MetricCase): Record<string, unknown> => {
  const { shape: _, ...rest } = c.options;
  return rest;
};

function accumulatorFor(c: MetricCase, binary: boolean, names: StreamMetricName[], extra: Record<string, unknown> = {}): MetricAccumulator {
  const task = binary ? { task: 'binary' as const } : { classes: c.classes, topK: 2 };
  return createMetrics({ metrics: names, ...task, ...layoutOptions(c), ...extra });
}

const feed = (acc: MetricAccumulator, parts: Piece[]): MetricAccumulator => {
  for (const p of parts) acc.update(p.input, p.target as Int32Array, { shape: p.shape });
  return acc;
};

for (const [file, binary] of [['multiclass', false], ['binary', true]] as const) {
  describe(`${file} accumulators`, () => {
    const rand = random(20261130);
    for (const c of loadMetricCases(file)) {
      const refs = references(c, binary);
      const names = [...refs.keys()];
      test(`${c.id}: split updates equal the one-shot values`, () => {
        for (const cuts of [0, 1, 4]) {
          const result = feed(accumulatorFor(c, binary, names), pieces(c, cuts, rand)).compute();
          expect(Object.keys(result).sort()).toEqual([...names].sort());
          for (const [name, ref] of refs) expectClose(result[name], ref, `${name} (${cuts} cuts)`);
        }
      });
      test(`${c.id}: shards merge through JSON state`, () => {
        const whole = feed(accumulatorFor(c, binary, names), pieces(c, 0, rand)).compute();
        const merged = accumulatorFor(c, binary, names);
        const shards = pieces(c, 3, rand).map((p) => feed(accumulatorFor(c, binary, names), [p]));
        shards.forEach((s, i) => merged.merge(i % 2 === 0 ? JSON.parse(JSON.stringify(s.state)) : s));
        const result = merged.compute();
        for (const [name, ref] of refs) expectClose(result[name], ref, name);
        expect(result.count).toBe(whole.count);
        expect(result.confusionMatrix).toEqual(whole.confusionMatrix);
        expect(result.auroc).toBe(whole.auroc);
      });
      if (!binary) {
        test(`${c.id}: weighted, smoothed loss with other bins and norm`, () => {
          const check = c.checks.find((k) => k.fn === 'classificationMetrics' && 'weight' in k.options)!;
          const { shape: _, ...options } = optionsOf(c, check);
          const acc = createMetrics({ metrics: ['loss', 'topK', 'calibrationError', 'perplexity'], classes: c.classes, ...options } as CreateMetricsOptions);
          const expected = check.expected as Record<string, unknown>;
          const result = feed(acc, pieces(c, 3, rand)).compute();
          for (const name of ['loss', 'topK', 'calibrationError', 'perplexity'] as const) expectClose(result[name], expected[name], name);
        });
      }
      test(`${c.id}: binned ranking (thresholds) equals the one-shot binned values`, () => {
        const T = binary ? 10 : 20;
        const acc = feed(accumulatorFor(c, binary, ['auroc', 'averagePrecision'], { thresholds: T }), pieces(c, 2, rand));
        const one = bindMetrics();
        const opts = optionsOf(c, { fn: '', options: { thresholds: T }, expected: null });
        expect(acc.compute()).toEqual({ auroc: one.auroc(inputOf(c), targetOf(c) as Int32Array, opts), averagePrecision: one.averagePrecision(inputOf(c), targetOf(c) as Int32Array, opts) });
        expect(JSON.parse(JSON.stringify(acc.state)).hist.length).toBe((binary ? 1 : c.classes!) * T * 2);
      });
    }
  });
}

describe('accumulator lifecycle', () => {
  const c = loadMetricCases('multiclass').find((k) => k.id === 'last-B3-T5-V7')!;
  test('reset forgets every row; zero rows are a no-op; compute has exactly the requested keys', () => {
    const acc = accumulatorFor(c, false, ['count', 'accuracy']);
    const [p] = pieces(c, 0, random(1));
    acc.update(p.input, p.target as Int32Array, { shape: p.shape });
    const once = acc.compute();
    acc.update(new Float32Array(0), new Int32Array(0));
    acc.update(new Float32Array(0), new Int32Array(0), { shape: [0, 5, 7] });
    expect(acc.compute()).toEqual(once);
    expect(acc.reset().compute()).toEqual({ count: 0, accuracy: NaN });
  });
  test('createMetrics(...).merge(state) restores an accumulator', () => {
    const acc = accumulatorFor(c, false, ['count', 'loss', 'confusionMatrix', 'auroc']);
    for (const p of pieces(c, 2, random(2))) acc.update(p.input, p.target as Int32Array, { shape: p.shape });
    const restored = accumulatorFor(c, false, ['count', 'loss', 'confusionMatrix', 'auroc']).merge(JSON.parse(JSON.stringify(acc.state)));
    expect(restored.compute()).toEqual(acc.compute());
  });
});
