// scoreRow, the per-row algorithm of the one-pass metrics, on a strided row against its definitions.
import { expect, test } from 'vitest';
import { rowStats, scoreRow } from '../src/metrics/classification.js';

test('scoreRow reads C values `step` apart: lse, argmax (first of ties), strict rank, confidence, Brier, Σ w·x', () => {
  const row = [1.5, -2, 3, 3, 0.25];
  const step = 3, base = 2;
  const x = new Float64Array(base + row.length * step).fill(NaN);
  row.forEach((v, c) => { x[base + c * step] = v; });
  const w = new Float64Array([1, 2, 0.5, 1, 3]);
  const s = rowStats();
  scoreRow(x, base, step, row.length, 0, w, s);
  const lse = Math.log(row.reduce((a, v) => a + Math.exp(v), 0));
  const p = row.map((v) => Math.exp(v - lse));
  expect(s.lse).toBeCloseTo(lse, 14);
  expect(s.argmax).toBe(2);
  expect(s.above).toBe(2);
  expect(s.top).toBeCloseTo(p[2], 15);
  expect(s.brier).toBeCloseTo(p.reduce((a, q, c) => a + (q - (c === 0 ? 1 : 0)) ** 2, 0), 14);
  expect(s.weighted).toBeCloseTo(row.reduce((a, v, c) => a + w[c] * v, 0), 14);
  scoreRow(x, base, step, row.length, 3, null, s);
  expect(s.above).toBe(0); // tied with the max: not strictly below it
});
