// Integer arguments: class indices, label lists and lengths, as Int32Array for the kernels; and integer targets
// read as the input's float dtype where PyTorch takes an integer tensor for a float target.
import { LosskitRangeError, LosskitTypeError } from '../errors.js';
import type { FloatArray, IndexArray } from '../types.js';
import { attached, ctorOf, describe, isFloatArray, like } from './arrays.js';

export const isIndexArray = (v: unknown): v is IndexArray =>
  Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView) && !isFloatArray(v));

/** An integer argument: an integer typed array (not detached) or a number[]. */
export function indexArray(name: string, v: unknown, what: string): IndexArray {
  if (!isIndexArray(v)) throw new LosskitTypeError(name, `expected ${what}, got ${describe(v)}`);
  if (!Array.isArray(v)) attached(name, v as ArrayBufferView);
  return v;
}

const valueAt = (v: IndexArray, i: number): unknown => {
  const raw = v[i];
  return typeof raw === 'bigint' ? Number(raw) : raw;
};

const isInt32 = (v: number): boolean => v >= -0x80000000 && v <= 0x7fffffff;
/**
 * The ignore index as both backends compare it: itself within int32; outside it, -2^31, which no checked target
 * can equal (targets lie in [0, C)), and which the converted targets hold where they were ignored.
 */
export const kernelIgnore = (ignore: number): number => (isInt32(ignore) ? ignore : -0x80000000);

/**
 * Class-index targets as an Int32Array (the argument itself when it is one), each an integer in [0, C) or the
 * ignore index (NaN: none). Returns the targets and the mean denominator: Σ weight[t] over the non-ignored (their
 * count without weights).
 */
export function classTargets(
  v: unknown, rows: number, C: number, ignore: number, weight: FloatArray | null, name = 'target',
): { t: Int32Array; denom: number } {
  const a = indexArray(name, v, 'class indices (an integer typed array or number[]) or a float array of probabilities');
  if (a.length !== rows) throw new LosskitRangeError(name, `expected ${rows} class indices for the input's shape, got ${a.length}`, 'ERR_LENGTH');
  const t = a instanceof Int32Array ? a : new Int32Array(rows);
  const ignored = kernelIgnore(ignore);
  let denom = 0;
  for (let i = 0; i < rows; i++) {
    const c = valueAt(a, i);
    if (c === ignore) { if (t !== a) t[i] = ignored; continue; }
    if (typeof c !== 'number' || !Number.isInteger(c)) throw new LosskitRangeError(`${name}[${i}]`, `${String(a[i])} is not an integer class index`);
    if (c < 0 || c >= C) {
      const also = Number.isNaN(ignore) ? '' : ` and is not ignoreIndex (${ignore})`;
      throw new LosskitRangeError(`${name}[${i}]`, `class index ${c} is out of range [0, ${C})${also}`);
    }
    if (t !== a) t[i] = c;
    denom += weight === null ? 1 : weight[c];
  }
  return { t, denom };
}

/**
 * Padded class-index rows [N, S] of which row i's first lengths[i] are read (CTC's padded targets: PyTorch never
 * reads the padding, so it may hold anything). An Int32Array with the padding as 0.
 */
export function paddedTargets(name: string, v: unknown, S: number, lengths: Int32Array, C: number): Int32Array {
  const a = indexArray(name, v, 'class indices (an integer typed array or number[])');
  const t = new Int32Array(a.length);
  for (let r = 0; r < lengths.length; r++) {
    for (let j = 0, i = r * S; j < lengths[r]; j++, i++) {
      const c = valueAt(a, i);
      if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c >= C) {
        throw new LosskitRangeError(`${name}[${i}]`, `${String(a[i])} is not a class index in [0, ${C})`);
      }
      t[i] = c;
    }
  }
  return t;
}

/**
 * multilabelMarginLoss's targets: the input's length of integers in [-1, C); each row's classes come first,
 * ended by -1 (what follows is ignored, as in PyTorch). An Int32Array (the argument itself when it is one).
 */
export function labelLists(v: unknown, length: number, C: number): Int32Array {
  const a = indexArray('target', v, 'class indices (an integer typed array or number[])');
  if (a.length !== length) throw new LosskitRangeError('target', `expected ${length} values (the input's shape), got ${a.length}`, 'ERR_LENGTH');
  const t = a instanceof Int32Array ? a : new Int32Array(length);
  for (let i = 0; i < length; i++) {
    const c = valueAt(a, i);
    if (typeof c !== 'number' || !Number.isInteger(c) || c < -1 || c >= C) {
      throw new LosskitRangeError(`target[${i}]`, `${String(a[i])} is out of range: expected a class index in [-1, ${C})`);
    }
    if (t !== a) t[i] = c;
  }
  return t;
}

/** n non-negative integer lengths, each at most `max` (CTC's input and target lengths), as an Int32Array. */
export function lengths(name: string, v: unknown, n: number, max: number): Int32Array {
  const a = indexArray(name, v, 'integers (an integer typed array or number[])');
  if (a.length !== n) throw new LosskitRangeError(name, `expected ${n} lengths (one per sample), got ${a.length}`, 'ERR_LENGTH');
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = valueAt(a, i);
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c > max) {
      throw new LosskitRangeError(`${name}[${i}]`, `${String(a[i])} is not a length in [0, ${max}]`);
    }
    out[i] = c;
  }
  return out;
}

/**
 * A target like the input: a float array of its dtype, or integers (any integer typed array, BigInt64Array,
 * number[]) read as that dtype, where PyTorch accepts an integer tensor (±1 and 0/1 targets).
 */
export function floatTarget(name: string, v: unknown, x: FloatArray, length: number): FloatArray {
  if (isFloatArray(v) || !isIndexArray(v)) return like(name, v, x, length);
  const a = indexArray(name, v, 'a float or integer array');
  if (a.length !== length) throw new LosskitRangeError(name, `expected length ${length}, got ${a.length}`, 'ERR_LENGTH');
  const t = new (ctorOf(x))(length);
  for (let i = 0; i < length; i++) {
    const c = valueAt(a, i);
    if (typeof c !== 'number' || !Number.isInteger(c)) throw new LosskitRangeError(`${name}[${i}]`, `${String(a[i])} is not an integer`);
    t[i] = c;
  }
  return t;
}

/** n integer labels (any int32 value: only equality counts), as an Int32Array (the argument itself when it is one). */
export function integerLabels(name: string, v: unknown, n: number): Int32Array {
  const a = indexArray(name, v, 'integer labels (an integer typed array or number[])');
  if (a.length !== n) throw new LosskitRangeError(name, `expected ${n} labels (one per row), got ${a.length}`, 'ERR_LENGTH');
  if (a instanceof Int32Array) return a;
  const t = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = valueAt(a, i);
    if (typeof c !== 'number' || !Number.isInteger(c) || !isInt32(c)) throw new LosskitRangeError(`${name}[${i}]`, `${String(a[i])} is not an int32 label`);
    t[i] = c;
  }
  return t;
}
