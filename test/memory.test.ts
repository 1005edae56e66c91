// The wasm memory path under growth, refused growth and throws: nothing is written before an error, no view
// goes stale, the instance keeps working, and sizes never wrap at 2 GiB.
import { describe, expect, it } from 'vitest';
import * as lk from '../src/index.js';
import { LosskitError, LosskitRangeError } from '../src/index.js';
import { createInstance } from '../src/instance.js';
import { instantiateSync, type WasmExports } from '../src/wasm/loader.js';
import { wasmKernels } from '../src/wasm/kernels.js';
import { Heap } from '../src/wasm/memory.js';

/** A wasm instance on its own module, with its heap (to refuse growth) and a switch that makes mse_f32 throw. */
function freshWasm() {
  const { exports, memory } = instantiateSync();
  const heap = new Heap(memory, exports.heap_base());
  const fault = { on: false };
  const mse = exports.mse_f32;
  const patched: WasmExports = Object.assign(Object.create(null), exports);
  patched.mse_f32 = (...a: number[]) => { if (fault.on) throw new Error('injected'); return mse(...a); };
  return { heap, fault, k: createInstance(wasmKernels(patched, heap), heap, 0) };
}

const N = 100_000; // over the 64K elements from which copying calls go in chunks
const random = (n: number, seed: number) => {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 4 - 2);
};
/** The MSE gradient in float64, rounded as the float32 kernels store it (2·d·scale, d and the product rounded). */
const mseGrad = (x: Float32Array, y: ArrayLike<number>, i: number) => Math.fround(Math.fround(2 * Math.fround(x[i] - y[i])) * Math.fround(1 / x.length));

function expectMseGrad(grad: Float32Array, x: Float32Array, y: ArrayLike<number>): void {
  expect(grad.length).toBe(x.length);
  let bad = 0;
  for (let i = 0; i < x.length; i++) if (Math.abs(grad[i] - mseGrad(x, y, i)) > 1e-12) bad++;
  expect(bad).toBe(0);
}

describe('memory growth during a call', () => {
  it('a plain input over 64K elements with zero-copy target and out on a fresh instance', () => {
    const { k } = freshWasm();
    const x = random(N, 1);
    const y = k.alloc('float32', N), out = k.alloc('float32', N);
    y.array.set(random(N, 2));
    const r = k.mseLossWithGrad(x, y, { out });
    expectMseGrad(r.grad, x, y.array);
    expect(r.grad).toBe(out.array);
  });

  it('out given as the view (buf.array): the returned gradient is the current view, fully written', () => {
    const { k } = freshWasm();
    const x = random(N, 3), y = random(N, 4);
    const out = k.alloc('float32', N);
    const r = k.mseLossWithGrad(x, y, { out: out.array });
    expectMseGrad(r.grad, x, y);
    expectMseGrad(out.array, x, y);
  });

  it('weights, gradOutput, int32 targets and sigmoid out as zero-copy buffers with a large plain input', () => {
    const { k } = freshWasm();
    const x = random(N, 5), y = random(N, 6).map((v) => (v > 0 ? 1 : 0));
    const w = k.alloc('float32', N), go = k.alloc('float32', N), out = k.alloc('float32', N);
    w.array.fill(2); go.array.fill(0.5);
    const r = k.binaryCrossEntropyWithLogitsWithGrad(x, y, { weight: w, reduction: 'none', gradOutput: go, out });
    for (const i of [0, 1, N / 2, N - 1]) {
      const s = 1 / (1 + Math.exp(-x[i]));
      expect(r.grad[i]).toBeCloseTo(2 * 0.5 * (s - y[i]), 6);
    }
    const sig = k.alloc('float32', N);
    const s = k.sigmoid(x, { out: sig });
    expect(s.length).toBe(N);
    expect(s[N - 1]).toBeCloseTo(1 / (1 + Math.exp(-x[N - 1])), 6);
    const C = 10, rows = N / C;
    const t = k.alloc('int32', rows);
    for (let i = 0; i < rows; i++) t.array[i] = i % C;
    const ce = k.crossEntropyWithGrad(random(N, 7), t, { out: k.alloc('float32', N) });
    expect(Number.isFinite(ce.loss)).toBe(true);
    expect(ce.grad.length).toBe(N);
  });

  it('the free functions: a large plain input with a zero-copy out', () => {
    const x = random(N, 8), y = random(N, 9);
    const out = lk.alloc('float32', N);
    const r = lk.mseLossWithGrad(x, y, { out });
    if (lk.defaultBackend() === 'wasm') expect(r.grad).toBe(out.array);
    expectMseGrad(r.grad, x, y);
  });
});

describe('refused growth and throws inside a call', () => {
  it('growth refused at the call: ERR_MEMORY naming the input, nothing written; later calls right, the failed out untouched', () => {
    const { heap, k } = freshWasm();
    const x = random(N, 10), y = random(N, 11);
    const failedOut = new Float32Array(N).fill(7);
    const grow = heap.grow.bind(heap);
    heap.grow = () => { throw new RangeError('refused (test)'); };
    let err: unknown;
    try { k.mseLossWithGrad(x, y, { out: failedOut }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(LosskitRangeError);
    expect((err as LosskitError).code).toBe('ERR_MEMORY');
    expect((err as LosskitError).argument).toBe('input');
    expect(failedOut.every((v) => v === 7)).toBe(true);
    heap.grow = grow;
    const r = k.mseLossWithGrad(x, y);
    expectMseGrad(r.grad, x, y);
    expect(k.mseLoss(new Float32Array([1, 2]), new Float32Array([0, 0]))).toBe(2.5);
    expect(failedOut.every((v) => v === 7)).toBe(true);
  });

  it('a throw from inside the kernel: the next call is right and writes only its own arrays', () => {
    const { fault, k } = freshWasm();
    fault.on = true;
    const out1 = new Float32Array(100).fill(3);
    expect(() => k.mseLossWithGrad(random(100, 12), random(100, 13), { out: out1 })).toThrow('injected');
    fault.on = false;
    const x = random(100, 14), y = random(100, 15);
    expectMseGrad(k.mseLossWithGrad(x, y).grad, x, y);
    expect(out1.every((v) => v === 3)).toBe(true);
  });

  it('alloc: sizes past 2 GiB do not wrap; a refused growth is ERR_MEMORY and reserves nothing', () => {
    const { heap, k } = freshWasm();
    const asked: number[] = [];
    const grow = heap.grow.bind(heap);
    heap.grow = (pages: number) => { asked.push(pages); throw new RangeError('refused (test)'); };
    for (const [dtype, length] of [['float64', 2 ** 28], ['float32', 2 ** 29 + 1]] as const) {
      let err: unknown;
      try { k.alloc(dtype, length); } catch (e) { err = e; }
      expect((err as LosskitError).code).toBe('ERR_MEMORY');
      expect((err as LosskitError).argument).toBe('length');
    }
    expect(asked.every((p) => p * 65536 >= 2 ** 31)).toBe(true);
    expect(() => k.alloc('float32', 2 ** 30)).toThrow(/4 GiB/); // past wasm32: refused before asking the engine
    heap.grow = grow;
    const b = k.alloc('float32', 1 << 18);
    expect(b.array.length).toBe(1 << 18);
  });

  it('js backend: an allocation beyond the engine is ERR_MEMORY', () => {
    const js = lk.createLosskitSync({ backend: 'js' });
    let err: unknown;
    try { js.alloc('float64', 2 ** 40); } catch (e) { err = e; }
    expect((err as LosskitError).code).toBe('ERR_MEMORY');
  });
});

describe('alloc', () => {
  it('returns zeroed memory after a free, on both backends', () => {
    for (const k of [freshWasm().k, lk.createLosskitSync({ backend: 'js' })]) {
      const a = k.alloc('float32', 1000);
      a.array.fill(9);
      a.free();
      const b = k.alloc('float32', 1000);
      expect(b.array.every((v) => v === 0)).toBe(true);
    }
  });

  it('a dtype that is an inherited property name is a typed error', () => {
    expect(() => lk.alloc('toString' as never, 4)).toThrow(LosskitRangeError);
  });
});

describe('bounded scratch', () => {
  it('a large copying softmax runs in chunks: the memory grows by about one chunk, not by the input', () => {
    const { heap, k } = freshWasm();
    const N = 2000, C = 500; // 1M float32 logits, 4 MB
    const x = Float32Array.from({ length: N * C }, (_, i) => Math.sin(i) * 5);
    const before = heap.buffer.byteLength;
    const out = k.softmax(x, { shape: [N, C] });
    expect(heap.buffer.byteLength - before).toBeLessThan(1 << 20);
    let s = 0;
    for (let c = 0; c < C; c++) s += out[(N - 1) * C + c];
    expect(s).toBeCloseTo(1, 5);
    const row = Array.from(x.subarray(0, C)), m = Math.max(...row), z = row.reduce((a, v) => a + Math.exp(v - m), 0);
    expect(out[3]).toBeCloseTo(Math.exp(row[3] - m) / z, 6);
  });
});

describe('bounded scratch: the row losses', () => {
  // A copying call over 64K elements runs in chunks of whole rows: its memory grows by about a chunk, and its
  // per-row results and gradients equal the unchunked call's on the same data in the module (zero-copy).
  const N = 40_000, D = 4; // 160K elements, 640 KB per float32 array
  const data = (seed: number) => random(N * D, seed);
  const cases: [string, (k: ReturnType<typeof freshWasm>['k'], inModule: boolean) => { loss: unknown; grads: Float32Array[] }][] = [
    ['cosineEmbeddingLoss', (k, z) => k.cosineEmbeddingLossWithGrad(arr(k, data(1), z), arr(k, data(2), z), arr(k, Float32Array.from({ length: N }, (_, i) => (i % 3 ? 1 : -1)), z), { shape: [N, D], reduction: 'none' })],
    ['tripletMarginLoss', (k, z) => k.tripletMarginLossWithGrad(arr(k, data(3), z), arr(k, data(4), z), arr(k, data(5), z), { shape: [N, D], reduction: 'none' })],
    ['multiMarginLoss', (k, z) => k.multiMarginLossWithGrad(arr(k, data(6), z), Int32Array.from({ length: N }, (_, i) => i % D), { shape: [N, D], reduction: 'none' })],
    ['polyLoss', (k, z) => k.polyLossWithGrad(arr(k, data(9), z), Int32Array.from({ length: N }, (_, i) => i % D), { shape: [N, D], reduction: 'none' })],
    ['gaussianNllLoss', (k, z) => k.gaussianNllLossWithGrad(arr(k, data(7), z), arr(k, data(8), z), arr(k, Float32Array.from({ length: N }, (_, i) => 0.5 + (i % 7)), z), { shape: [N, D], reduction: 'none' })],
    ['completeBoxIouLoss', (k, z) => k.completeBoxIouLossWithGrad(arr(k, data(9), z), arr(k, data(10), z))], // (boxes [N, 4])
  ];
  for (const [name, call] of cases) {
    it(`${name}: chunked copying call = unchunked zero-copy call; memory grows by less than the input`, () => {
      const { heap, k } = freshWasm();
      const before = heap.buffer.byteLength;
      const copied = call(k, false);
      const grown = heap.buffer.byteLength - before;
      expect(grown).toBeLessThan(N * D * 4);
      const direct = call(k, true);
      expect(Array.from(copied.loss as Float32Array)).toEqual(Array.from(direct.loss as Float32Array));
      copied.grads.forEach((g, i) => expect(Array.from(g)).toEqual(Array.from(direct.grads[i])));
    });
  }
});

/** The array as given (copied through scratch), or a zero-copy buffer of k holding it (unchunked). */
function arr(k: ReturnType<typeof freshWasm>['k'], a: Float32Array, inModule: boolean): Float32Array {
  if (!inModule) return a;
  const b = k.alloc('float32', a.length);
  b.array.set(a);
  return b as unknown as Float32Array; // (the buffer itself: its view is read at the call, after later allocs)
}
