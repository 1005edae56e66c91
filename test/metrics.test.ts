// The one-shot metrics against scikit-learn and float64 references (test/fixtures/metrics, from
// tools/gen-metric-fixtures.py).
import { describe, expect, test } from 'vitest';
import { bindMetrics, type MetricName } from '../src/metrics/index.js';
import { expectClose, inputOf, loadMetricCases, optionsOf, targetOf } from './helpers/metric-fixtures.js';

const metrics = bindMetrics() as unknown as Record<MetricName, (x: unknown, t: unknown, o?: unknown) => unknown>;

for (const file of ['multiclass', 'binary', 'regression']) {
  describe(file, () => {
    for (const c of loadMetricCases(file)) {
      test(`${c.id} (${c.dtype}, ${c.targetType} targets)`, () => {
        const x = inputOf(c), t = targetOf(c);
        for (const check of c.checks) {
          const got = metrics[check.fn as MetricName](x, t, optionsOf(c, check));
          expectClose(got, check.expected, `${check.fn} ${JSON.stringify(check.options)}`);
        }
      });
    }
  });
}

describe('layouts and tasks', () => {
  const rows = Float32Array.from({ length: 6 * 4 }, (_, i) => Math.sin(i * 1.7) * 3); // [6, 4]
  const t = new Int32Array([0, 3, 2, -100, 1, 1]);
  test("classDim -1, 'last' and 1 read [N, C] alike; float32 data as float64 gives the same values", () => {
    const one = metrics.classificationMetrics(rows, t, { shape: [6, 4], topK: 2 });
    expect(metrics.classificationMetrics(rows, t, { shape: [6, 4], classDim: -1, topK: 2 })).toEqual(one);
    expect(metrics.classificationMetrics(rows, t, { classDim: 'last', topK: 2 })).toEqual(one);
    expect(metrics.classificationMetrics(Float64Array.from(rows), t, { topK: 2 })).toEqual(one);
  });
  test('[B, T, V] with classDim -1 is [B·T, V]; [N, C, d] with class dimension 1 is its transposed rows', () => {
    const last = metrics.auroc(rows, t, { shape: [2, 3, 4], classDim: -1 });
    expect(last).toBe(metrics.auroc(rows, t));
    const strided = new Float32Array(24); // [3, 4, 2]: sample n, class c, position d
    for (let r = 0; r < 6; r++) for (let c = 0; c < 4; c++) strided[(r >> 1) * 8 + c * 2 + (r & 1)] = rows[r * 4 + c];
    expect(metrics.classificationMetrics(strided, t, { shape: [3, 4, 2] })).toEqual(metrics.classificationMetrics(rows, t));
    expect(metrics.confusionMatrix(strided, t, { shape: [3, 4, 2] })).toEqual(metrics.confusionMatrix(rows, t));
  });
  test('task overrides the length rule; topK beyond C counts every row', () => {
    expect(metrics.accuracy(new Float64Array([0.2, -3]), [0, 0], { task: 'multiclass' })).toBe(1); // C = 1
    expect(metrics.accuracy(rows, t, { topK: 9 })).toBe(1);
  });
});
