// The one-shot metrics against scikit-learn and float64 references (test/fixtures/metrics, from
// tools/gen-metric-fixtures.py).
import { describe, test } from 'vitest';
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
