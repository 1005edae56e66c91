// The one per-call backend rule. On the wasm backend: calls whose work is under `wasmFrom` run on the JS kernels
// (entering the module costs more than it saves there, and the two agree), and a check or gather of a few elements
// of an array runs in the module only where the array already lives there.
import type { Kernels } from '../backend.js';
import { jsKernels } from '../js/kernels.js';
import type { Router } from '../losses/spec.js';

/**
 * The JS kernels' time per element over a cheap Op's (MSE): a call's work is its size times this. Each float32 exp
 * or log is a chain of about 20 rounded operations in JS, one vector instruction stream in the module. From the
 * crossovers measured with the default wasmFrom (Node 20, 4 to 64 elements, loss and gradient): MSE about 64
 * elements, BCE and sigmoid 5 to 10, cross-entropy 16 to 32.
 */
export const JS_COST = { cheap: 1, expPerElement: 8, expPerLogit: 3 } as const;

export function router(kernels: Kernels, moduleBuffer: (() => ArrayBufferLike) | null, wasmFrom: number): Router {
  if (moduleBuffer === null) return { bySize: () => kernels, byPlace: () => kernels };
  return {
    bySize: (size, cost = JS_COST.cheap) => (size * cost < wasmFrom ? jsKernels : kernels),
    byPlace: (a) => (a.buffer === moduleBuffer() ? kernels : jsKernels),
  };
}
