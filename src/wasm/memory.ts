// The scratch area in the module's linear memory, above the module's own data. Each call lays its arrays
// out from the bottom (16-byte aligned); the memory grows only when a call needs more than any call before,
// so a hot loop never grows it. grow() detaches the old ArrayBuffer: views are rebuilt right after it, and
// nothing holds a view across a call.
const PAGE = 65536;

export class Scratch {
  private top: number;
  f32: Float32Array;
  f64: Float64Array;
  i32: Int32Array;

  constructor(private readonly memory: WebAssembly.Memory, private readonly base: number) {
    this.top = base;
    this.f32 = new Float32Array(memory.buffer);
    this.f64 = new Float64Array(memory.buffer);
    this.i32 = new Int32Array(memory.buffer);
  }

  /** Starts a call's layout. */
  reset(): void {
    this.top = this.base;
  }

  /** Reserves `bytes` (16-byte aligned) and returns its address; the views stay valid until the next reset. */
  take(bytes: number): number {
    const ptr = this.top;
    this.top = ptr + ((bytes + 15) & ~15);
    const need = this.top - this.memory.buffer.byteLength;
    if (need > 0) {
      this.memory.grow(Math.ceil(need / PAGE));
      this.f32 = new Float32Array(this.memory.buffer);
      this.f64 = new Float64Array(this.memory.buffer);
      this.i32 = new Int32Array(this.memory.buffer);
    }
    return ptr;
  }

  /** Copies a float array in and returns its address (0 for null). */
  put(a: Float32Array | Float64Array | null): number {
    if (a === null) return 0;
    const ptr = this.take(a.byteLength);
    if (a instanceof Float32Array) this.f32.set(a, ptr >>> 2);
    else this.f64.set(a, ptr >>> 3);
    return ptr;
  }

  /** Copies an int32 array in and returns its address (0 for null). */
  putI32(a: Int32Array | null): number {
    if (a === null) return 0;
    const ptr = this.take(a.byteLength);
    this.i32.set(a, ptr >>> 2);
    return ptr;
  }

  /** Reserves room for an output like `a` (0 for null). */
  room(a: Float32Array | Float64Array | null): number {
    return a === null ? 0 : this.take(a.byteLength);
  }

  /** Copies an output back from `ptr` into `a`. */
  get(ptr: number, a: Float32Array | Float64Array | null): void {
    if (a === null) return;
    if (a instanceof Float32Array) a.set(this.f32.subarray(ptr >>> 2, (ptr >>> 2) + a.length));
    else a.set(this.f64.subarray(ptr >>> 3, (ptr >>> 3) + a.length));
  }
}
