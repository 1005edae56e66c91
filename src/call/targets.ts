// Integer arguments: class indices, label lists and lengths, as Int32Array for the kernels.
import { LosskitRangeError, LosskitTypeError } from '../errors.js';
import type { FloatArray, IndexArray } from '../types.js';
import { describe, isFloatArray } from './arrays.js';

export const isIndexArray = (v: unknown): v is IndexArray =>
  Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView) && !isFloatArray(v));

const valueAt = (v: IndexArray, i: number): unknown => {
  const raw = v[i];
  return typeof raw === 'bigint' ? Number(raw) : raw;
};

/**
 * Class-index targets as an Int32Array (the argument itself when it is one), each an integer in [0, C) or the
 * ignore index (NaN: none). Returns the targets and the mean denominator: Σ weight[t] over the non-ignored (their
 * count without weights).
 */
export function classTargets(
  v: unknown, rows: number, C: number, ignore: number, weight: FloatArray | null, name = 'target',
): { t: Int32Array; denom: number } {
  if (!isIndexArray(v)) throw new LosskitTypeError(name, `expected class indices (an integer typed array or number[]) or a float array of probabilities, got ${describe(v)}`);
  if (v.length !== rows) throw new LosskitRangeError(name, `expected ${rows} class indices for the input's shape, got ${v.length}`, 'ERR_LENGTH');
  const t = v instanceof Int32Array ? v : new Int32Array(rows);
  let denom = 0;
  for (let i = 0; i < rows; i++) {
    const c = valueAt(v, i);
    if (c === ignore) { if (t !== v) t[i] = c; continue; }
    if (typeof c !== 'number' || !Number.isInteger(c)) throw new LosskitRangeError(`${name}[${i}]`, `${String(v[i])} is not an integer class index`);
    if (c < 0 || c >= C) {
      const also = Number.isNaN(ignore) ? '' : ` and is not ignoreIndex (${ignore})`;
      throw new LosskitRangeError(`${name}[${i}]`, `class index ${c} is out of range [0, ${C})${also}`);
    }
    if (t !== v) t[i] = c;
    denom += weight === null ? 1 : weight[c];
  }
  return { t, denom };
}

/**
 * multilabelMarginLoss's targets: the input's length of integers in [-1, C); each row's classes come first,
 * ended by -1 (what follows is ignored, as in PyTorch). An Int32Array (the argument itself when it is one).
 */
export function labelLists(v: unknown, length: number, C: number): Int32Array {
  if (!isIndexArray(v)) throw new LosskitTypeError('target', `expected class indices (an integer typed array or number[]), got ${describe(v)}`);
  if (v.length !== length) throw new LosskitRangeError('target', `expected ${length} values (the input's shape), got ${v.length}`, 'ERR_LENGTH');
  const t = v instanceof Int32Array ? v : new Int32Array(length);
  for (let i = 0; i < length; i++) {
    const c = valueAt(v, i);
    if (typeof c !== 'number' || !Number.isInteger(c) || c < -1 || c >= C) {
      throw new LosskitRangeError(`target[${i}]`, `${String(v[i])} is out of range: expected a class index in [-1, ${C})`);
    }
    if (t !== v) t[i] = c;
  }
  return t;
}

/** n non-negative integer lengths, each at most `max` (CTC's input and target lengths), as an Int32Array. */
export function lengths(name: string, v: unknown, n: number, max: number): Int32Array {
  if (!isIndexArray(v)) throw new LosskitTypeError(name, `expected integers (an integer typed array or number[]), got ${describe(v)}`);
  if (v.length !== n) throw new LosskitRangeError(name, `expected ${n} lengths (one per sample), got ${v.length}`, 'ERR_LENGTH');
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = valueAt(v, i);
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c > max) {
      throw new LosskitRangeError(`${name}[${i}]`, `${String(v[i])} is not a length in [0, ${max}]`);
    }
    out[i] = c;
  }
  return out;
}
