// Shapes: the `shape` option checked against the input's length, and the row layouts the losses read.
import { LosskitRangeError, LosskitTypeError } from '../errors.js';
import { describe } from './arrays.js';
import { indexArray } from './targets.js';

/** A shape of non-negative integers whose product is n. */
export function shape(v: unknown, n: number): number[] {
  if (!Array.isArray(v) || v.length === 0) {
    throw new LosskitTypeError('options.shape', `expected a non-empty array of dimensions, got ${describe(v)}`, 'ERR_SHAPE');
  }
  let p = 1;
  for (let i = 0; i < v.length; i++) {
    const d = v[i];
    if (!Number.isInteger(d) || d < 0) throw new LosskitRangeError(`options.shape[${i}]`, `expected a non-negative integer, got ${String(d)}`, 'ERR_SHAPE');
    p *= d;
  }
  if (p !== n) throw new LosskitRangeError('options.shape', `[${v.join(', ')}] has ${p} elements but input has ${n}`, 'ERR_SHAPE');
  return v as number[];
}

/** The last dimension of `shape` (n without one). */
export const lastDim = (v: unknown, n: number): number => (v === undefined ? n : shape(v, n).at(-1)!);

/** Rows of a matrix shape (options.shape, default [n]): [K] → (1, K); [N, K] → (N, K); anything longer is an error. */
export function matrix(v: unknown, n: number, k: string): { N: number; K: number } {
  const d = v === undefined ? [n] : shape(v, n);
  if (d.length > 2) throw new LosskitRangeError('options.shape', `expected [${k}] or [N, ${k}], got [${d.join(', ')}]`, 'ERR_SHAPE');
  return d.length === 2 ? { N: d[0], K: d[1] } : { N: 1, K: d[0] };
}

/**
 * Rows of a class-dimension shape: [C] → (1, C, 1); [N, C, d1, ...] → (N, C, d1·…); with the class dimension last,
 * [d0, ..., C] → (d0·…, C, 1): rows of C contiguous scores, read without a transpose.
 */
export function classRows(s: readonly number[], last = false): { N: number; C: number; D: number } {
  if (s.length === 1) return { N: 1, C: s[0], D: 1 };
  if (last) {
    let N = 1;
    for (let i = 0; i < s.length - 1; i++) N *= s[i];
    return { N, C: s.at(-1)!, D: 1 };
  }
  let D = 1;
  for (let i = 2; i < s.length; i++) D *= s[i];
  return { N: s[0], C: s[1], D };
}

/** [N, C] from one target per row: N = the target's length, C = n / N (the target checked as indices first). */
export function rowsPerTarget(n: number, target: unknown): { N: number; C: number } {
  const rows = indexArray('target', target, 'class indices (an integer typed array or number[])').length;
  if (rows === 0 ? n !== 0 : n % rows !== 0) {
    throw new LosskitRangeError('target', `input length ${n} is not a multiple of the target length ${rows}; pass options.shape`, 'ERR_LENGTH');
  }
  return { N: rows, C: rows === 0 ? 0 : n / rows };
}
