// Zero-copy buffers: arrays that live where the backend computes (the wasm backend's linear memory), so
// passing them to a function copies nothing. The JS backend hands out plain typed arrays behind the same
// interface.
import { LosskitRangeError, LosskitTypeError } from './errors.js';
import type { Heap } from './wasm/memory.js';
import { isFloat16, tensorData } from './call/tensors.js';

export type BufferDtype = 'float32' | 'float64' | 'int32';
type ArrayOf<D extends BufferDtype> = D extends 'float32' ? Float32Array : D extends 'float64' ? Float64Array : Int32Array;

const CTORS = { float32: Float32Array, float64: Float64Array, int32: Int32Array } as const;

/**
 * A buffer from `alloc`: `array` is its typed-array view, always valid (rebuilt after the memory grows, so
 * read `buf.array` again rather than keeping an old view); `free()` releases it (also `using`/Symbol.dispose).
 */
export interface LosskitBuffer<D extends BufferDtype = BufferDtype> {
  readonly dtype: D;
  readonly length: number;
  readonly array: ArrayOf<D>;
  readonly freed: boolean;
  free(): void;
  [Symbol.dispose](): void;
}

const disposeSymbol: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('Symbol.dispose');

export abstract class BufferBase<D extends BufferDtype> implements LosskitBuffer<D> {
  protected released = false;
  constructor(readonly owner: object, readonly dtype: D, readonly length: number) {}
  abstract get array(): ArrayOf<D>;
  get freed(): boolean { return this.released; }
  free(): void {
    if (!this.released) this.release();
    this.released = true;
  }
  protected abstract release(): void;
  [Symbol.dispose](): void { this.free(); }
}
if (disposeSymbol !== Symbol.dispose) {
  Object.defineProperty(BufferBase.prototype, disposeSymbol, { value(this: BufferBase<BufferDtype>) { this.free(); } });
}

class JsBuffer<D extends BufferDtype> extends BufferBase<D> {
  private readonly data: ArrayOf<D>;
  constructor(owner: object, dtype: D, length: number) {
    super(owner, dtype, length);
    this.data = new CTORS[dtype](length) as ArrayOf<D>;
  }
  get array(): ArrayOf<D> {
    if (this.released) throw new LosskitRangeError('buffer', 'was freed');
    return this.data;
  }
  protected release(): void {}
}

class WasmBuffer<D extends BufferDtype> extends BufferBase<D> {
  private readonly ptr: number;
  private view: ArrayOf<D>;
  private generation: number; // the heap's, when the view was made (cheaper to compare than view.buffer)
  constructor(owner: object, dtype: D, length: number, private readonly heap: Heap) {
    super(owner, dtype, length);
    this.ptr = heap.alloc(length * CTORS[dtype].BYTES_PER_ELEMENT);
    this.view = heap.view(CTORS[dtype], this.ptr, length) as ArrayOf<D>;
    this.view.fill(0); // a freed block keeps its old contents; a new buffer starts at zero, as a new typed array
    this.generation = heap.generation;
  }
  get array(): ArrayOf<D> {
    if (this.released) throw new LosskitRangeError('buffer', 'was freed');
    if (this.generation !== this.heap.generation) {
      this.view = this.heap.view(CTORS[this.dtype], this.ptr, this.length) as ArrayOf<D>;
      this.generation = this.heap.generation;
    }
    return this.view;
  }
  protected release(): void { this.heap.release(this.ptr); }
}

/** The `alloc` of one instance: buffers in its wasm memory (heap) or plain arrays (no heap). */
export function allocator(owner: object, heap: Heap | null) {
  return function alloc<D extends BufferDtype>(dtype: D, length: number): LosskitBuffer<D> {
    if (!Object.hasOwn(CTORS, dtype)) throw new LosskitRangeError('dtype', `expected 'float32', 'float64' or 'int32', got ${String(dtype)}`, 'ERR_OPTION');
    if (!Number.isInteger(length) || length < 0) throw new LosskitRangeError('length', `expected a non-negative integer, got ${String(length)}`);
    if (heap !== null) return new WasmBuffer(owner, dtype, length, heap);
    try {
      return new JsBuffer(owner, dtype, length);
    } catch (err) { // the engine's limit on one typed array
      throw new LosskitRangeError('length', `${length} elements cannot be allocated here (${(err as Error).message})`, 'ERR_MEMORY');
    }
  };
}

/** The typed array behind an argument that may be a buffer of this instance. */
export function unwrap(owner: object, name: string, v: unknown): unknown {
  if (ArrayBuffer.isView(v) && !isFloat16(v)) return v; // (first: the common case, and the cheapest test)
  if (!(v instanceof BufferBase)) return tensorData(name, v);
  if (v.owner !== owner) throw new LosskitTypeError(name, 'is a buffer of another losskit instance; use that instance or copy it', 'ERR_VALUE');
  if (v.freed) throw new LosskitRangeError(name, 'is a freed buffer');
  return v.array;
}
