// The backend rule (src/backend/select.ts): tiny calls run on the JS kernels unless each element costs them an
// exp or a log, where the module is faster from a few elements on.
import { describe, expect, it } from 'vitest';
import type { Kernels } from '../src/backend.js';
import { JS_COST, router } from '../src/backend/select.js';
import { jsKernels } from '../src/js/kernels.js';

const module = { name: 'wasm' } as Kernels;
const buffer = new ArrayBuffer(8);
const rule = router(module, () => buffer, 64);

describe('backend rule', () => {
  it('weighs a call by the JS cost of its elements', () => {
    expect(rule.bySize(63)).toBe(jsKernels);
    expect(rule.bySize(64)).toBe(module);
    expect(rule.bySize(7, JS_COST.expPerElement)).toBe(jsKernels);
    expect(rule.bySize(8, JS_COST.expPerElement)).toBe(module);
    expect(rule.bySize(21, JS_COST.expPerLogit)).toBe(jsKernels);
    expect(rule.bySize(22, JS_COST.expPerLogit)).toBe(module);
  });
  it('wasmFrom 0 sends every call to the module; without a module every call runs on the kernels given', () => {
    expect(router(module, () => buffer, 0).bySize(1, JS_COST.cheap)).toBe(module);
    expect(router(jsKernels, null, 64).bySize(1000, JS_COST.expPerElement)).toBe(jsKernels);
  });
  it('a check or gather runs where its array lies', () => {
    expect(rule.byPlace(new Float32Array(buffer))).toBe(module);
    expect(rule.byPlace(new Float32Array(2))).toBe(jsKernels);
  });
});
