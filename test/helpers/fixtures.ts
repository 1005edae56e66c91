// Loads the PyTorch fixtures written by tools/gen-fixtures.py.
import { readFileSync } from 'node:fs';

export type Num = number | 'NaN' | 'Infinity' | '-Infinity';
export interface Expected { loss: Num | Num[]; grad: Num[]; grad2?: Num[]; grad3?: Num[]; gradVar?: Num[] }
export interface FixtureCase {
  id: string;
  dtype: 'float32' | 'float64';
  input: Num[];
  input2?: Num[];
  input3?: Num[];
  variance?: Num[];
  inputLengths?: number[];
  targetLengths?: number[];
  target: Num[] | null;
  options: Record<string, unknown>;
  gradOutput?: Num[];
  targetKind?: 'index' | 'probs';
  expected: Record<string, Expected> | Num[];
}

export const num = (v: Num): number => (typeof v === 'number' ? v : Number(v));
export const numbers = (a: Num[]): number[] => a.map(num);

export function loadFixtures(name: string): FixtureCase[] {
  const url = new URL(`../fixtures/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')).cases as FixtureCase[];
}

/** A typed array of the case's dtype. */
export function typed(dtype: 'float32' | 'float64', values: Num[]): Float32Array | Float64Array {
  return dtype === 'float32' ? Float32Array.from(numbers(values)) : Float64Array.from(numbers(values));
}

/** The case's options as losskit takes them: float arrays typed like the input. */
export function optionsOf(c: FixtureCase): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.options)) {
    o[k] = (k === 'weight' || k === 'posWeight') ? typed(c.dtype, v as Num[]) : v;
  }
  return o;
}
