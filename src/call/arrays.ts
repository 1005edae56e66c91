// Array arguments: float data and its dtype, lengths, and outputs that must not overlap what a call reads.
import { LosskitRangeError, LosskitTypeError } from '../errors.js';
import type { FloatArray } from '../types.js';

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;
/** The constructor of x's dtype (new result arrays follow the input's). */
export const ctorOf = (x: FloatArray): Ctor => (x instanceof Float32Array ? Float32Array : Float64Array);

/** What v is, for error messages. */
export const describe = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'an Array' :
  typeof v === 'object' ? (v as object).constructor?.name ?? 'an object' : typeof v;

export const isFloatArray = (v: unknown): v is FloatArray => v instanceof Float32Array || v instanceof Float64Array;

/**
 * Whether a typed array's buffer was detached (transferred to a worker, structuredClone's transfer, or a wasm
 * memory that grew): it then reads as empty. Only an empty view can be one, so the common case costs a compare.
 */
function isDetached(v: ArrayBufferView & { length?: number }): boolean {
  if (v.length !== 0 || v.buffer.byteLength !== 0) return false;
  try {
    new Uint8Array(v.buffer);
    return false;
  } catch {
    return true;
  }
}

/** Any typed array argument: a view of a detached buffer is an error rather than an empty array. */
export function attached<V extends ArrayBufferView>(name: string, v: V): V {
  if (isDetached(v)) throw new LosskitTypeError(name, 'is a view of a detached ArrayBuffer (transferred, or of WebAssembly memory that grew since): pass a current array', 'ERR_VALUE');
  return v;
}

/** A plain array of numbers as a float array of `ctor` (float64 for an input: JavaScript's numbers). */
function fromNumbers(name: string, v: unknown[], ctor: Float32ArrayConstructor | Float64ArrayConstructor): FloatArray {
  const a = new ctor(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number') throw new LosskitTypeError(`${name}[${i}]`, `expected a number, got ${describe(x)}`);
    a[i] = x;
  }
  return a;
}

/** The input: a Float32Array or Float64Array (a number[] is read as float64). */
export function floatArray(name: string, v: unknown): FloatArray {
  if (Array.isArray(v)) return fromNumbers(name, v, Float64Array);
  if (!isFloatArray(v)) throw new LosskitTypeError(name, `expected a Float32Array or Float64Array, got ${describe(v)}`);
  return attached(name, v);
}

/** A float argument that must share the input's dtype (a number[] is read as it) and have `length` elements. */
export function like<A extends FloatArray>(name: string, v: unknown, input: A, length?: number): A {
  const a = Array.isArray(v) ? fromNumbers(name, v, ctorOf(input)) : floatArray(name, v);
  if (a.constructor !== input.constructor) {
    throw new LosskitTypeError(name, `expected a ${input.constructor.name} like input, got ${a.constructor.name}`, 'ERR_DTYPE');
  }
  if (length !== undefined && a.length !== length) {
    throw new LosskitRangeError(name, `expected length ${length}, got ${a.length}`, 'ERR_LENGTH');
  }
  return a as A;
}

/** An optional float argument like the input (null when absent). */
export const likeOrNull = <A extends FloatArray>(name: string, v: unknown, input: A, length?: number): A | null =>
  v === undefined || v === null ? null : like(name, v, input, length);

export type Readable = FloatArray | Int32Array | null;

/** Whether b shares bytes with a (whose buffer, read once, is buf). */
export const overlaps = (a: FloatArray, buf: ArrayBufferLike, b: Readable): boolean =>
  b !== null && buf === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;

/** An output buffer: like the input, `length` long, overlapping none of `reads` nor `also`. */
export function output<A extends FloatArray>(name: string, v: unknown, input: A, length: number, reads: readonly Readable[], also: Readable): A {
  if (!isFloatArray(v)) throw new LosskitTypeError(name, `expected a Float32Array or Float64Array to write into, got ${describe(v)}`);
  const a = like(name, v, input, length);
  const buf = a.buffer; // read once: it is a slow property for small typed arrays
  for (let i = 0; i <= reads.length; i++) {
    if (overlaps(a, buf, i < reads.length ? reads[i] : also)) throw new LosskitRangeError(name, 'must not overlap an input array or another output', 'ERR_VALUE');
  }
  return a;
}
