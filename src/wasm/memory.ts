// The module's linear memory above its own data, owned here: a first-fit allocator of 16-byte-aligned blocks
// (zero-copy buffers, and one scratch block that calls copy plain typed arrays through). Memory grows only
// when no free block fits; the scratch block is replaced by a larger one only when a call needs more than
// any call before, and never shrinks, so a hot loop neither grows memory nor allocates. grow() detaches the
// old ArrayBuffer: the cached views are rebuilt right after it, and `views()` always returns current ones.
// A growth the engine refuses is a LosskitRangeError (ERR_MEMORY) that leaves every block as it was.
import { LosskitRangeError } from '../errors.js';

const PAGE = 65536;
/** wasm32's address space. */
const MAX_BYTES = 2 ** 32;
const ALIGN = 16;

/** n rounded up to a multiple of ALIGN, in float64 arithmetic (bitwise operators would wrap at 2 GiB). */
const roundUp = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;

export type View = Float32Array | Float64Array | Int32Array;
type ViewCtor = Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor;

export class Heap {
  private free: { ptr: number; size: number }[] = [];
  private readonly sizes = new Map<number, number>();
  private top: number;
  private scratchPtr = 0;
  private scratchSize = 0;
  f32: Float32Array;
  f64: Float64Array;
  i32: Int32Array;
  /** memory.buffer, kept here: the getter is slow, and only alloc() grows the memory. */
  buffer: ArrayBuffer;
  /** How many times the memory has grown: views made at an older generation are stale. */
  generation = 0;

  constructor(readonly memory: WebAssembly.Memory, base: number) {
    this.top = roundUp(base);
    this.buffer = memory.buffer;
    this.f32 = new Float32Array(memory.buffer);
    this.f64 = new Float64Array(memory.buffer);
    this.i32 = new Int32Array(memory.buffer);
  }

  /** A block of at least `bytes` (16-byte aligned); its address. A refusal names the argument `name`. */
  alloc(bytes: number, name = 'length'): number {
    const size = Math.max(ALIGN, roundUp(bytes));
    for (let i = 0; i < this.free.length; i++) {
      const b = this.free[i];
      if (b.size < size) continue;
      const ptr = b.ptr;
      if (b.size === size) this.free.splice(i, 1);
      else { b.ptr += size; b.size -= size; }
      this.sizes.set(ptr, size);
      return ptr;
    }
    const ptr = this.top;
    const need = ptr + size - this.buffer.byteLength;
    if (need > 0) this.growBy(Math.ceil(need / PAGE), size, name);
    this.top = ptr + size;
    this.sizes.set(ptr, size);
    return ptr;
  }

  /** Grows the memory by `pages` (for a block of `size` bytes), or throws ERR_MEMORY having changed nothing. */
  private growBy(pages: number, size: number, name: string): void {
    const refuse = (why: string): never => {
      throw new LosskitRangeError(name, `needs ${size} more bytes: ${why}`, 'ERR_MEMORY');
    };
    if (this.buffer.byteLength + pages * PAGE > MAX_BYTES) refuse('beyond the 4 GiB of 32-bit WebAssembly memory');
    try {
      this.grow(pages);
    } catch (err) {
      refuse(`the engine refused to grow WebAssembly memory (${err instanceof Error ? err.message : String(err)})`);
    }
    this.refresh();
  }

  /** memory.grow, the one place memory grows (tests replace it to refuse growth at chosen points). */
  grow(pages: number): void {
    this.memory.grow(pages);
  }

  /** Returns a block to the free list, merged with free neighbours. */
  release(ptr: number): void {
    const size = this.sizes.get(ptr);
    if (size === undefined) return;
    this.sizes.delete(ptr);
    let i = 0;
    while (i < this.free.length && this.free[i].ptr < ptr) i++;
    this.free.splice(i, 0, { ptr, size });
    const next = this.free[i + 1];
    if (next !== undefined && ptr + size === next.ptr) { this.free[i].size += next.size; this.free.splice(i + 1, 1); }
    const prev = this.free[i - 1];
    if (prev !== undefined && prev.ptr + prev.size === ptr) { prev.size += this.free[i].size; this.free.splice(i, 1); }
  }

  /** The scratch block, at least `bytes` long (replaced by a larger one only when needed). */
  scratch(bytes: number): number {
    if (bytes > this.scratchSize) {
      const roomy = Math.max(bytes, 2 * this.scratchSize);
      if (this.scratchPtr !== 0) this.release(this.scratchPtr);
      this.scratchPtr = this.scratchSize = 0; // (so that a refused growth leaves no stale block)
      let size = roomy;
      try {
        this.scratchPtr = this.alloc(roomy, 'input');
      } catch {
        this.scratchPtr = this.alloc((size = bytes), 'input'); // the doubled size may not fit where the exact one does
      }
      this.scratchSize = size;
    }
    return this.scratchPtr;
  }

  private refresh(): void {
    this.generation++;
    this.buffer = this.memory.buffer;
    this.f32 = new Float32Array(this.memory.buffer);
    this.f64 = new Float64Array(this.memory.buffer);
    this.i32 = new Int32Array(this.memory.buffer);
  }

  /** A view of `length` elements at ptr, on the current buffer. */
  view(ctor: ViewCtor, ptr: number, length: number): View {
    return new ctor(this.buffer, ptr, length);
  }
}

/**
 * One call's arguments in memory: arrays already in this memory are passed by address (zero-copy); the
 * others are laid out in the scratch block, inputs copied in, outputs copied back after the call. Slots are
 * fixed, so a call allocates nothing; they are cleared on every exit, a throw included, so no later call sees
 * an earlier call's arrays.
 */
export class Frame {
  private static readonly SLOTS = 12;
  private readonly ptrs = new Float64Array(Frame.SLOTS); // address, or -(1 + scratch offset) before lay()
  private readonly arrays: (View | null)[] = new Array<View | null>(Frame.SLOTS).fill(null);
  private readonly copied = new Uint8Array(Frame.SLOTS);
  private readonly lengths = new Float64Array(Frame.SLOTS); // (read before a growth, which empties the views)
  private count = 0;
  private bytes = 0;

  constructor(private readonly heap: Heap) {}

  /**
   * Lays `arrays` out (those from index `firstOut` on are outputs), runs `body` (which reads addresses with
   * ptr(i)), copies the outputs that went through scratch back, and returns body's result.
   */
  run(arrays: readonly (View | null)[], firstOut: number, body: () => number): number {
    try {
      for (let i = 0; i < arrays.length; i++) this.set(i, arrays[i]);
      this.lay(firstOut);
      const result = body();
      this.copyBack(firstOut);
      return result;
    } finally {
      this.arrays.fill(null, 0, this.count);
      this.count = 0;
      this.bytes = 0;
    }
  }

  ptr(i: number): number {
    return this.ptrs[i];
  }

  /**
   * Slot i's array where it is in memory now (inside run(): itself, or its copy in the scratch block), as a view
   * of the current buffer (laying the copies out may have grown the memory, which empties the older views).
   */
  laid(i: number): View {
    return this.heap.view(this.arrays[i]!.constructor as ViewCtor, this.ptrs[i], this.lengths[i]);
  }

  /**
   * Reserves the scratch one chunk of a chunked call needs (`elementsOf` each copied array's chunk) and returns
   * `arrays` as views of the memory after that: reserving may grow it, which detaches the views made before, so
   * no chunk after the first can meet a detached view.
   */
  reserveChunk(arrays: readonly (View | null)[], elementsOf: (a: View) => number): (View | null)[] {
    const heap = this.heap, before = heap.buffer;
    let bytes = 0;
    const places = arrays.map((a) => (a !== null && a.buffer === before ? { ptr: a.byteOffset, length: a.length } : null));
    for (const a of arrays) if (a !== null && a.buffer !== before) bytes += roundUp(elementsOf(a) * a.BYTES_PER_ELEMENT);
    heap.scratch(bytes);
    if (heap.buffer === before) return arrays.slice();
    return arrays.map((a, i) => {
      const place = places[i];
      return place === null ? a : heap.view(a!.constructor as ViewCtor, place.ptr, place.length);
    });
  }

  /** Slot i holds `a` (null: address 0). Addresses of in-memory arrays are read here, before any growth. */
  private set(i: number, a: View | null): void {
    this.arrays[i] = a;
    this.copied[i] = 0;
    this.lengths[i] = a === null ? 0 : a.length;
    this.count = i + 1;
    if (a === null) this.ptrs[i] = 0;
    else if (a.buffer === this.heap.buffer) this.ptrs[i] = a.byteOffset;
    else {
      this.copied[i] = 1;
      this.ptrs[i] = -1 - this.bytes;
      this.bytes += roundUp(a.byteLength); // (no 32-bit wrap above 2 GiB)
    }
  }

  /** Places the copied arrays in the scratch block (which may grow the memory) and copies the inputs in. */
  private lay(firstOut: number): void {
    if (this.bytes === 0) return;
    const base = this.heap.scratch(this.bytes);
    for (let i = 0; i < this.count; i++) {
      if (this.copied[i] === 0) continue;
      const ptr = (this.ptrs[i] = base - 1 - this.ptrs[i]);
      if (i < firstOut) this.copyIn(this.arrays[i]!, ptr);
    }
  }

  /** Copies the float outputs that went through scratch back to their arrays (integer ones are scratch only). */
  private copyBack(firstOut: number): void {
    for (let i = firstOut; i < this.count; i++) {
      const a = this.arrays[i];
      if (a === null || this.copied[i] === 0) continue;
      const p = this.ptrs[i];
      if (a instanceof Float32Array) a.set(this.heap.f32.subarray(p >>> 2, (p >>> 2) + a.length));
      else if (a instanceof Float64Array) a.set(this.heap.f64.subarray(p >>> 3, (p >>> 3) + a.length));
    }
  }

  private copyIn(a: View, ptr: number): void {
    if (a instanceof Float32Array) this.heap.f32.set(a, ptr >>> 2);
    else if (a instanceof Float64Array) this.heap.f64.set(a, ptr >>> 3);
    else this.heap.i32.set(a, ptr >>> 2);
  }
}
