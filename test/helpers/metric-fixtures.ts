// Loads the metric references written by tools/gen-metric-fixtures.py and builds each case's arrays.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

export interface MetricCheck { fn: string; options: Record<string, unknown>; expected: unknown }
export interface MetricCase {
  id: string;
  dtype: 'float32' | 'float64';
  input: (number | string)[];
  target: (number | string)[];
  targetType: 'int32' | 'int16' | 'int8' | 'uint8' | 'bigint64' | 'array' | 'float';
  options: Record<string, unknown>;
  classes?: number;
  checks: MetricCheck[];
}

export const loadMetricCases = (name: string): MetricCase[] =>
  JSON.parse(readFileSync(new URL(`../fixtures/metrics/${name}.json`, import.meta.url), 'utf8')).cases as MetricCase[];

/** A fixture number ("NaN", "Infinity" and "-Infinity" are strings in JSON). */
export const value = (v: number | string): number => (typeof v === 'number' ? v : Number(v));

export function inputOf(c: MetricCase): Float32Array | Float64Array {
  const values = c.input.map(value);
  return c.dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
}

const TARGETS = { int32: Int32Array, int16: Int16Array, int8: Int8Array, uint8: Uint8Array } as const;

export function targetOf(c: MetricCase, rows: readonly number[] = c.target.map(value)): unknown {
  switch (c.targetType) {
    case 'bigint64': return BigInt64Array.from(rows, (v) => BigInt(v));
    case 'array': return [...rows];
    case 'float': return c.dtype === 'float32' ? Float32Array.from(rows) : Float64Array.from(rows);
    default: return TARGETS[c.targetType].from(rows);
  }
}

/** Float64 sums against float64 references: equal within rounding (NaN matches NaN). */
export function expectClose(actual: unknown, expected: unknown, path = 'value', rel = 1e-9): void {
  if (typeof expected === 'number' || typeof expected === 'string') {
    const e = value(expected);
    expect(typeof actual, path).toBe('number');
    const a = actual as number;
    if (Number.isNaN(e) || !Number.isFinite(e)) expect(a, path).toBe(e);
    else expect(Math.abs(a - e), `${path}: ${a} vs ${e}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(e)));
  } else if (Array.isArray(expected)) {
    const a = ArrayBuffer.isView(actual) ? Array.from(actual as Float64Array) : actual as unknown[];
    expect(a.length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => expectClose(a[i], e, `${path}[${i}]`, rel));
  } else {
    const e = expected as Record<string, unknown>;
    expect(Object.keys(actual as object).sort(), `${path} keys`).toEqual(Object.keys(e).sort());
    for (const k of Object.keys(e)) expectClose((actual as Record<string, unknown>)[k], e[k], `${path}.${k}`, rel);
  }
}

/** A check's options as losskit takes them (weights as a Float64Array). */
export function optionsOf(c: MetricCase, check: MetricCheck): Record<string, unknown> {
  const o: Record<string, unknown> = { ...c.options, ...check.options };
  if (Array.isArray(o.weight)) o.weight = Float64Array.from(o.weight as number[]);
  return o;
}
