// The one per-call backend rule. On the wasm backend: calls on fewer than `wasmFrom` elements run on the JS
// kernels (entering the module costs more than it saves there, and the two agree), and a check or gather of a
// few elements of an array runs in the module only where the array already lives there.
import type { Kernels } from '../backend.js';
import { jsKernels } from '../js/kernels.js';
import type { Router } from '../losses/spec.js';

export function router(kernels: Kernels, moduleBuffer: (() => ArrayBufferLike) | null, wasmFrom: number): Router {
  if (moduleBuffer === null) return { bySize: () => kernels, byPlace: () => kernels };
  return {
    bySize: (size) => (size < wasmFrom ? jsKernels : kernels),
    byPlace: (a) => (a.buffer === moduleBuffer() ? kernels : jsKernels),
  };
}
