// Argument checks shared by every function: each failure is a LosskitTypeError or LosskitRangeError that
// names the argument. Nothing is written before every check has passed.
import { LosskitRangeError, LosskitTypeError } from './errors.js';
import type { FloatArray, IndexArray, Reduction } from './types.js';

const describe = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'an Array' :
  typeof v === 'object' ? (v as object).constructor?.name ?? 'an object' : typeof v;

export const isFloatArray = (v: unknown): v is FloatArray => v instanceof Float32Array || v instanceof Float64Array;

/** The input: a Float32Array or Float64Array. */
export function floatArray(name: string, v: unknown): FloatArray {
  if (!isFloatArray(v)) throw new LosskitTypeError(name, `expected a Float32Array or Float64Array, got ${describe(v)}`);
  return v;
}

/** A float argument that must share the input's dtype and have `length` elements (when given). */
export function like<A extends FloatArray>(name: string, v: unknown, input: A, length?: number): A {
  const a = floatArray(name, v);
  if (a.constructor !== input.constructor) {
    throw new LosskitTypeError(name, `expected a ${input.constructor.name} like input, got ${a.constructor.name}`, 'ERR_DTYPE');
  }
  if (length !== undefined && a.length !== length) {
    throw new LosskitRangeError(name, `expected length ${length}, got ${a.length}`, 'ERR_LENGTH');
  }
  return a as A;
}

/** Whether b shares bytes with a (whose buffer, read once, is buf). */
export const overlaps = (a: FloatArray, buf: ArrayBufferLike, b: FloatArray | null): boolean =>
  b !== null && buf === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;

/** An output buffer: like the input and overlapping none of the input arrays. */
export function output<A extends FloatArray>(
  name: string, v: unknown, input: A, length: number, b: FloatArray | null, c: FloatArray | null, d: FloatArray | null,
): A {
  const a = like(name, v, input, length);
  const buf = a.buffer; // read once: it is a slow property for small typed arrays
  if (overlaps(a, buf, input) || overlaps(a, buf, b) || overlaps(a, buf, c) || overlaps(a, buf, d)) {
    throw new LosskitRangeError(name, 'must not overlap an input array', 'ERR_VALUE');
  }
  return a;
}

const snake = (k: string): string => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

const NONE: Record<string, unknown> = Object.freeze({});

/** The options object: undefined or a plain object whose keys are all in `allowed` (checked without allocating). */
export function options(opts: unknown, allowed: ReadonlySet<string>): Record<string, unknown> {
  if (opts === undefined || opts === null) return NONE;
  if (typeof opts !== 'object' || Array.isArray(opts) || ArrayBuffer.isView(opts)) {
    throw new LosskitTypeError('options', `expected an object, got ${describe(opts)}`, 'ERR_OPTION');
  }
  for (const key in opts) {
    if (!allowed.has(key) && Object.hasOwn(opts, key)) {
      const hint = allowed.has(snake(key)) ? ` (did you mean ${snake(key)}?)` : '';
      throw new LosskitTypeError(`options.${key}`, `unknown option${hint}; allowed: ${[...allowed].join(', ')}`, 'ERR_OPTION');
    }
  }
  return opts as Record<string, unknown>;
}

export function reduction(v: unknown): Reduction {
  if (v === undefined) return 'mean';
  if (v === 'mean' || v === 'sum' || v === 'none') return v;
  throw new LosskitRangeError('options.reduction', `expected 'mean', 'sum' or 'none', got ${JSON.stringify(v) ?? String(v)}`, 'ERR_OPTION');
}

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

export function integer(name: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (!Number.isInteger(v)) throw new LosskitRangeError(name, `expected an integer, got ${String(v)}`, 'ERR_OPTION');
  return v as number;
}

export function inUnitInterval(name: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new LosskitRangeError(name, `expected a number in [0, 1], got ${String(v)}`, 'ERR_OPTION');
  return v;
}

const isIndexArray = (v: unknown): v is IndexArray =>
  Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView) && !isFloatArray(v));

/**
 * Class-index targets as an Int32Array (the argument itself when it is one), each an integer in [0, C) or the
 * ignore index (NaN: none). Returns the targets and the mean denominator: Σ weight[t] over the non-ignored (their count
 * without weights).
 */
export function classTargets(
  v: unknown, rows: number, C: number, ignore: number, weight: FloatArray | null,
): { t: Int32Array; denom: number } {
  if (!isIndexArray(v)) throw new LosskitTypeError('target', `expected class indices (an integer typed array or number[]) or a float array of probabilities, got ${describe(v)}`);
  if (v.length !== rows) throw new LosskitRangeError('target', `expected ${rows} class indices for the input's shape, got ${v.length}`, 'ERR_LENGTH');
  const t = v instanceof Int32Array ? v : new Int32Array(rows);
  let denom = 0;
  for (let i = 0; i < rows; i++) {
    const raw = v[i];
    const c = typeof raw === 'bigint' ? Number(raw) : raw;
    if (c === ignore) { if (t !== v) t[i] = c; continue; }
    if (typeof c !== 'number' || !Number.isInteger(c)) throw new LosskitRangeError(`target[${i}]`, `${String(raw)} is not an integer class index`);
    if (c < 0 || c >= C) {
      const also = Number.isNaN(ignore) ? '' : ` and is not ignoreIndex (${ignore})`;
      throw new LosskitRangeError(`target[${i}]`, `class index ${c} is out of range [0, ${C})${also}`);
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
    const raw = v[i];
    const c = typeof raw === 'bigint' ? Number(raw) : raw;
    if (typeof c !== 'number' || !Number.isInteger(c) || c < -1 || c >= C) {
      throw new LosskitRangeError(`target[${i}]`, `${String(raw)} is out of range: expected a class index in [-1, ${C})`);
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
    const raw = v[i];
    const c = typeof raw === 'bigint' ? Number(raw) : raw;
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c > max) {
      throw new LosskitRangeError(`${name}[${i}]`, `${String(raw)} is not a length in [0, ${max}]`);
    }
    out[i] = c;
  }
  return out;
}
