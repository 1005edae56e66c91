// The wasm module's exports called directly (as scripts/rawperf.mjs does): each argument array is copied
// into the module's memory, outputs are copied back. No chunking, no API layer: one export call.
import { readFileSync } from 'node:fs';

type Arr = Float32Array | Float64Array | Int32Array;
/** An export argument: a number, an input array (copied in), an output array (copied in and back), or absent. */
export type Arg = number | boolean | Arr | { out: Arr } | null;

export class RawWasm {
  private readonly e: Record<string, (...a: number[]) => number> & { memory: WebAssembly.Memory };
  private readonly base: number;

  constructor(path = new URL('../../build/losskit.wasm', import.meta.url)) {
    const module = new WebAssembly.Module(readFileSync(path));
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536 }); // (the module imports its memory)
    const imports = { env: { memory, abort() { throw new Error('wasm abort'); } } };
    this.e = { ...(new WebAssembly.Instance(module, imports).exports as object), memory } as never;
    this.base = this.e.heap_base();
  }

  /** Calls export `name`; arrays are placed 16-byte aligned from the heap base. */
  call(name: string, args: Arg[]): number {
    const fn = this.e[name];
    if (typeof fn !== 'function') throw new Error(`no export ${name}`);
    let top = this.base;
    const placed: { a: Arr; ptr: number; out: boolean }[] = [];
    for (const arg of args) {
      if (arg === null || typeof arg !== 'object') continue;
      const a = 'out' in arg ? arg.out : arg;
      placed.push({ a, ptr: top, out: 'out' in arg });
      top += (a.byteLength + 15) & ~15;
    }
    const need = top - this.e.memory.buffer.byteLength;
    if (need > 0) this.e.memory.grow(Math.ceil(need / 65536));
    for (const p of placed) new Uint8Array(this.e.memory.buffer, p.ptr, p.a.byteLength).set(new Uint8Array(p.a.buffer, p.a.byteOffset, p.a.byteLength));
    let k = 0;
    const nums = args.map((arg) => {
      if (arg === null) return 0;
      if (typeof arg === 'object') return placed[k++].ptr;
      return typeof arg === 'boolean' ? (arg ? 1 : 0) : arg;
    });
    const result = fn(...nums);
    for (const p of placed) {
      if (p.out) new Uint8Array(p.a.buffer, p.a.byteOffset, p.a.byteLength).set(new Uint8Array(this.e.memory.buffer, p.ptr, p.a.byteLength));
    }
    return result;
  }
}
