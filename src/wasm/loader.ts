// Compiles the embedded SIMD module. SIMD support is detected by validating this very module: an engine
// without (final) WebAssembly SIMD rejects it, and the JS backend runs instead.
import { wasmLatin1 } from '../generated/wasm.js';

/** The module's exports (see assembly/index.ts). */
export type WasmExports = Record<string, (...args: number[]) => number> & { memory: WebAssembly.Memory };

let bytes: Uint8Array<ArrayBuffer> | undefined;
let compiled: WebAssembly.Module | undefined;
let pending: Promise<WebAssembly.Module> | undefined;

/** The embedded module's bytes (one character per byte: scripts/embed-wasm.mjs). */
function wasmBytes(): Uint8Array<ArrayBuffer> {
  if (bytes === undefined) {
    bytes = new Uint8Array(wasmLatin1.length);
    for (let i = 0; i < wasmLatin1.length; i++) bytes[i] = wasmLatin1.charCodeAt(i);
  }
  return bytes;
}

let supported: boolean | undefined;

/** True where WebAssembly with SIMD is available (the module validates); validated once per process. */
export function wasmSupported(): boolean {
  supported ??= typeof WebAssembly === 'object' && typeof WebAssembly.validate === 'function' &&
    WebAssembly.validate(wasmBytes());
  return supported;
}

const imports = {
  env: {
    abort(): never {
      throw new Error('losskit: WebAssembly abort');
    },
  },
};

/** Synchronous instantiation (Node, workers). */
export function instantiateSync(): WasmExports {
  compiled ??= new WebAssembly.Module(wasmBytes());
  return new WebAssembly.Instance(compiled, imports).exports as unknown as WasmExports;
}

/** Asynchronous instantiation; the compiled module is shared by every instance. */
export async function instantiate(): Promise<WasmExports> {
  if (compiled === undefined) {
    pending ??= WebAssembly.compile(wasmBytes());
    compiled = await pending;
  }
  return (await WebAssembly.instantiate(compiled, imports)).exports as unknown as WasmExports;
}
