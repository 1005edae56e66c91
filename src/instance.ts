// An instance over one backend: every registry entry bound to the shared call path (src/call/bind.ts). Every
// method is a closure, so methods also work destructured.
import type { Kernels } from './backend.js';
import { router } from './backend/select.js';
import { allocator, BufferBase, unwrap } from './buffers.js';
import { bindActivation, bindLoss, type Binding } from './call/bind.js';
import { POOL_MAX, type Context } from './losses/spec.js';
import type { ActivationMethods, GradMethods, LossMethods, Losskit } from './losskit.js';
import { ACTIVATIONS, LOSSES } from './losses/registry.js';
import { bindMetrics, createMetrics } from './metrics/index.js';
import type { FloatArray } from './types.js';
import type { Pool } from './threads/pool.js';
import type { Heap } from './wasm/memory.js';

type Fn = (...args: never[]) => unknown;
const names = <T extends object>(o: T): (keyof T & string)[] => Object.keys(o) as (keyof T & string)[];

/** Context.scratch: per-dtype slots of reused work arrays (see there). */
function scratchPool(): Context['scratch'] {
  const pools = { f32: [] as Float32Array[], f64: [] as Float64Array[] };
  return (x, length, slot) => {
    if (length > POOL_MAX) return new (x instanceof Float32Array ? Float32Array : Float64Array)(length);
    const pool: FloatArray[] = x instanceof Float32Array ? pools.f32 : pools.f64;
    let a = pool[slot];
    if (a === undefined || a.length < length) a = pool[slot] = new (x instanceof Float32Array ? Float32Array : Float64Array)(Math.max(length, 2 * (a?.length ?? 0)));
    return a.length === length ? a : a.subarray(0, length);
  };
}

export function createInstance(kernels: Kernels, heap: Heap | null, wasmFrom = 64, pool: Pool | null = null): Losskit {
  const owner = {};
  const binding: Binding = {
    ctx: {
      router: router(kernels, heap === null ? null : () => heap.buffer, wasmFrom),
      unwrap: (name, v) => unwrap(owner, name, v),
      scratch: scratchPool(),
    },
    generation: () => (heap === null ? 0 : heap.generation),
    current: (v, a, offset, length) => {
      if (v instanceof BufferBase) return v.array as typeof a;
      // a view of the module's memory from before the growth reads as empty now
      if (a.length !== 0 || length === 0) return a;
      return heap!.view(a.constructor as Float32ArrayConstructor, offset, length) as typeof a;
    },
  };
  const losses = {} as Record<string, Fn>;
  for (const name of names(LOSSES)) {
    losses[name] = bindLoss(LOSSES[name], binding, false);
    losses[`${name}WithGrad`] = bindLoss(LOSSES[name], binding, true);
  }
  const activations = {} as Record<string, Fn>;
  for (const name of names(ACTIVATIONS)) activations[name] = bindActivation(ACTIVATIONS[name], binding) as Fn;
  // The bound functions implement the registry's signatures, which the compiler cannot see through a loop.
  const methods = { ...losses, ...activations } as LossMethods & GradMethods & ActivationMethods;
  const unwrapArg = binding.ctx.unwrap;
  const close = (): void => pool?.close();
  return {
    backend: kernels.name, alloc: allocator(owner, heap), ...methods, ...bindMetrics(unwrapArg),
    createMetrics: (options) => createMetrics(options, unwrapArg),
    get threads() { return pool === null ? 1 : pool.size; },
    close,
    [Symbol.dispose]: close,
  };
}
