// The registry is the one list: every entry is a method of both backends and a free function (and nothing else
// is), and every kernel binding calls module exports that exist, for both dtypes, with their exact arity.
import { describe, expect, it } from 'vitest';
import * as lk from '../src/index.js';
import { createInstance } from '../src/instance.js';
import { ACTIVATIONS, LOSSES } from '../src/losses/registry.js';
import { METRICS } from '../src/metrics/index.js';
import { instantiateSync, type WasmExports } from '../src/wasm/loader.js';
import { CATEGORICAL_OPS, POINT_OPS } from '../src/backend.js';
import { ROW_EXPORTS, wasmKernels } from '../src/wasm/kernels.js';
import { Heap } from '../src/wasm/memory.js';
import { checkFixture } from './helpers/cases.js';
import { loadFixtures } from './helpers/fixtures.js';
import { js, wasm } from './helpers/backends.js';

const METHODS = [
  ...Object.keys(LOSSES).flatMap((n) => [n, `${n}WithGrad`]), ...Object.keys(ACTIVATIONS), ...Object.keys(METRICS), 'createMetrics',
].sort();
const OTHER_EXPORTS = ['alloc', 'createLosskit', 'createLosskitSync', 'defaultBackend', 'ready'];
const ERROR_CLASSES = ['LosskitError', 'LosskitRangeError', 'LosskitTypeError'];

describe('the registry is the one list of losses', () => {
  it('every entry is a free function, and every exported function is an entry or the API around them', () => {
    const fns = Object.entries(lk).filter(([, v]) => typeof v === 'function').map(([k]) => k);
    expect(fns.filter((k) => !OTHER_EXPORTS.includes(k) && !ERROR_CLASSES.includes(k)).sort()).toEqual(METHODS);
  });

  it('every entry is a method of both backends, and nothing else is', () => {
    for (const k of [wasm, js]) {
      const fns = Object.entries(k).filter(([, v]) => typeof v === 'function').map(([n]) => n);
      expect(fns.filter((n) => n !== 'alloc' && n !== 'close').sort()).toEqual(METHODS);
    }
  });

  it('every export the wasm binding names exists for float32 and float64', () => {
    const { exports } = instantiateSync();
    for (const stem of [...Object.values(POINT_OPS), ...Object.values(CATEGORICAL_OPS), ...ROW_EXPORTS]) {
      for (const suffix of ['_f32', '_f64']) expect(typeof exports[stem + suffix], stem + suffix).toBe('function');
    }
  });

  it('the binding passes each export exactly its parameters (every fixture case, every reduction)', () => {
    const { exports: real, memory } = instantiateSync();
    const calls = new Map<string, number>();
    const checked: WasmExports = {};
    for (const [name, fn] of Object.entries(real)) {
      if (typeof fn !== 'function') continue;
      checked[name] = (...args: number[]) => {
        if (args.length !== fn.length) throw new Error(`${name}: passed ${args.length} arguments, the export takes ${fn.length}`);
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return fn(...args);
      };
    }
    const heap = new Heap(memory, real.heap_base());
    const k = createInstance(wasmKernels(checked, heap), heap, 0);
    for (const name of [...Object.keys(LOSSES), ...Object.keys(ACTIVATIONS)]) checkFixture(k, name, loadFixtures(name));
    // the gathers and checks run in the module only on data that lives there
    for (const dtype of ['float32', 'float64'] as const) {
      const x = k.alloc(dtype, 6);
      x.array.set([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
      k.nllLossWithGrad(x, [0, 2], { shape: [2, 3] });
      k.binaryCrossEntropyWithGrad(x, x.array.slice());
      const y = k.alloc(dtype, 6);
      y.array.set([1, 0, 0, 1, 1, 0]);
      k.hingeLossWithGrad(x, y);
    }
    const stems = [...Object.values(POINT_OPS), ...Object.values(CATEGORICAL_OPS), ...ROW_EXPORTS];
    expect(stems.filter((s) => !calls.has(s + '_f32') || !calls.has(s + '_f64'))).toEqual([]);
  });
});
