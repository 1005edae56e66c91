// Compiles the embedded SIMD module. SIMD support is detected by validating this very module: an engine
// without (final) WebAssembly SIMD rejects it, and the JS backend runs instead. The module imports its memory
// (env.memory, up to 4 GiB): one thread gets a plain memory; a pool of threads shares one, for which the same
// bytes are compiled with the memory import's "shared" bit set (all that asc's --sharedMemory changes).
import { wasmLatin1 } from '../generated/wasm.js';

/** The module's exports (see assembly/index.ts). */
export type WasmExports = Record<string, (...args: number[]) => number>;

/** A module compiled for plain or for shared memory, and the memory it imports. */
export interface Loaded {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  exports: WasmExports;
}

let bytes: Uint8Array<ArrayBuffer> | undefined;
const compiled: { plain?: WebAssembly.Module; shared?: WebAssembly.Module } = {};
const pending: { plain?: Promise<WebAssembly.Module>; shared?: Promise<WebAssembly.Module> } = {};

/** The embedded module's bytes (one character per byte: scripts/embed-wasm.mjs). */
function wasmBytes(): Uint8Array<ArrayBuffer> {
  if (bytes === undefined) {
    bytes = new Uint8Array(wasmLatin1.length);
    for (let i = 0; i < wasmLatin1.length; i++) bytes[i] = wasmLatin1.charCodeAt(i);
  }
  return bytes;
}

interface MemoryImport { flagsAt: number; min: number; max: number }
let memoryImport: MemoryImport | undefined;

/** The memory import's limits, read from the import section (id 2) of the module's bytes. */
function readMemoryImport(b: Uint8Array): MemoryImport {
  let at = 8; // after the magic number and version
  const u32 = (): number => {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = b[at++];
      v += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return v;
    }
  };
  const skipName = (): void => { const length = u32(); at += length; };
  while (at < b.length) {
    const id = b[at++], size = u32(), end = at + size;
    if (id !== 2) { at = end; continue; }
    for (let n = u32(); n > 0; n--) {
      skipName();
      skipName();
      const kind = b[at++];
      if (kind === 2) {
        const flagsAt = at++;
        const min = u32();
        return { flagsAt, min, max: (b[flagsAt] & 1) !== 0 ? u32() : 65536 };
      }
      if (kind === 0) u32(); // a function's type index (tables and globals are never imported here)
      else throw new Error(`losskit: unexpected import kind ${kind} in the WebAssembly module`);
    }
  }
  throw new Error('losskit: the WebAssembly module imports no memory');
}

const memoryLimits = (): MemoryImport => (memoryImport ??= readMemoryImport(wasmBytes()));

/** The bytes to compile: as embedded, or with the memory import marked shared. */
function moduleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  if (!shared) return wasmBytes();
  const b = wasmBytes().slice();
  b[memoryLimits().flagsAt] |= 0x02;
  return b;
}

let supported: boolean | undefined;

/** True where WebAssembly with SIMD is available (the module validates); validated once per process. */
export function wasmSupported(): boolean {
  supported ??= typeof WebAssembly === 'object' && typeof WebAssembly.validate === 'function' &&
    WebAssembly.validate(wasmBytes());
  return supported;
}

/** A memory for the module (shared: for a pool of threads; throws where shared memory is refused). */
function newMemory(shared: boolean): WebAssembly.Memory {
  const { min, max } = memoryLimits();
  return new WebAssembly.Memory({ initial: min, maximum: max, shared });
}

/** The import object for one instance on `memory`. */
export function importsFor(memory: WebAssembly.Memory): WebAssembly.Imports {
  return {
    env: {
      memory,
      abort(): never {
        throw new Error('losskit: WebAssembly abort');
      },
    },
  };
}

const key = (shared: boolean): 'plain' | 'shared' => (shared ? 'shared' : 'plain');

/** Synchronous compilation and instantiation (Node, workers). */
export function instantiateSync(shared = false): Loaded {
  const module = (compiled[key(shared)] ??= new WebAssembly.Module(moduleBytes(shared)));
  const memory = newMemory(shared);
  const exports = new WebAssembly.Instance(module, importsFor(memory)).exports as unknown as WasmExports;
  return { module, memory, exports };
}

/** Asynchronous compilation and instantiation; each compiled module is shared by every instance. */
export async function instantiate(shared = false): Promise<Loaded> {
  const k = key(shared);
  if (compiled[k] === undefined) {
    pending[k] ??= WebAssembly.compile(moduleBytes(shared));
    compiled[k] = await pending[k];
  }
  const module = compiled[k]!, memory = newMemory(shared);
  const exports = (await WebAssembly.instantiate(module, importsFor(memory))).exports as unknown as WasmExports;
  return { module, memory, exports };
}
