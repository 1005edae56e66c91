// Zero-copy buffers from alloc(): accepted for every array argument and `out` without copying, valid across
// memory growth, and clear errors for freed buffers or buffers of another instance.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as lk from '../src/index.js';
import { LosskitRangeError, LosskitTypeError } from '../src/index.js';
import { backends, js, wasm } from './helpers/backends.js';

const typedArrayProto = Object.getPrototypeOf(Float32Array.prototype) as { set: (...a: unknown[]) => void };

function fill(a: Float32Array | Float64Array, seed: number): void {
  for (let i = 0; i < a.length; i++) a[i] = Math.sin(seed + i * 0.7);
}

describe('alloc', () => {
  afterEach(() => vi.restoreAllMocks());

  for (const [label, k] of backends) {
    it(`${label}: buffers work as input, target, weight and out, with the results of plain arrays`, () => {
      for (const dtype of ['float32', 'float64'] as const) {
        const n = 1003;
        const bx = k.alloc(dtype, n), by = k.alloc(dtype, n), bg = k.alloc(dtype, n);
        fill(bx.array, 1);
        fill(by.array, 2);
        const plain = k.mseLossWithGrad(bx.array.slice(), by.array.slice());
        const r = k.mseLossWithGrad(bx, by, { out: bg });
        expect(r.loss).toBe(plain.loss);
        expect(Array.from(r.grad)).toEqual(Array.from(plain.grad));
        expect(r.grad).toBe(bg.array);
        const bt = k.alloc('int32', 17);
        bt.array.set(Array.from({ length: 17 }, (_, i) => i % 59));
        const xs = bx.array.subarray(0, 17 * 59);
        expect(k.crossEntropy(bx.array.subarray(0, 17 * 59), bt)).toBe(k.crossEntropy(xs.slice(), bt.array.slice()));
        for (const b of [bx, by, bg, bt]) b.free();
        expect(bx.freed).toBe(true);
      }
    });

    it(`${label}: a freed buffer or a buffer of another instance is an error`, () => {
      const b = k.alloc('float32', 4);
      b.free();
      expect(() => b.array).toThrow(LosskitRangeError);
      expect(() => k.mseLoss(b as never, new Float32Array(4))).toThrow(/freed/);
      const other = lk.createLosskitSync({ backend: k.backend }).alloc('float32', 4);
      expect(() => k.mseLoss(other as never, new Float32Array(4))).toThrow(LosskitTypeError);
      expect(() => k.alloc('float16' as never, 3)).toThrow(LosskitRangeError);
      expect(() => k.alloc('float32', -1)).toThrow(LosskitRangeError);
      const d = k.alloc('float64', 2);
      (d as unknown as { [Symbol.dispose](): void })[Symbol.dispose]();
      expect(d.freed).toBe(true);
    });
  }

  it('losses of several inputs write every gradient into options.outs, checked like out', () => {
    for (const [, k] of backends) {
      const a = Float64Array.from([1, 2, 3, 4]), p = Float64Array.from([0, 1, 0, 1]), n = Float64Array.from([2, 0, 1, 3]);
      const outs = [new Float64Array(4), new Float64Array(4), new Float64Array(4)];
      const r = k.tripletMarginLossWithGrad(a, p, n, { shape: [2, 2], outs });
      const fresh = k.tripletMarginLossWithGrad(a, p, n, { shape: [2, 2] });
      r.grads.forEach((g, i) => {
        expect(g).toBe(outs[i]);
        expect(Array.from(g)).toEqual(Array.from(fresh.grads[i]));
      });
      expect(() => k.tripletMarginLossWithGrad(a, p, n, { shape: [2, 2], outs: [outs[0], outs[0]] })).toThrow(/options.outs\[1\]/);
      expect(() => k.gaussianNllLossWithGrad(a, p, a, { outs: [null, new Float64Array(3)] })).toThrow(/options.outs\[1\]/);
      const v = k.gaussianNllLossWithGrad(a, p, Float64Array.from([1, 2]), { shape: [2, 2], outs: [null, new Float64Array(2)] });
      expect(v.grads[1].length).toBe(2);
    }
  });

  it("binaryCrossEntropy's [0, 1] check on buffers (run in the module) names the first bad element", () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const b = wasm.alloc(dtype, 37), y = wasm.alloc(dtype, 37);
      for (const [at, bad] of [[0, -0.1], [5, 1.5], [33, NaN], [36, 2]] as const) {
        b.array.fill(0.5);
        b.array[at] = bad;
        expect(() => wasm.binaryCrossEntropy(b, y), `${dtype} ${at}`).toThrow(new RegExp(`^input\\[${at}\\]`));
      }
      b.array.fill(1);
      expect(Number.isFinite(wasm.binaryCrossEntropy(b, y))).toBe(true);
    }
  });

  it('class targets in the module (checked and counted there, vectorised): errors name the first bad one; mean denominators count the non-ignored', () => {
    const N = 37, C = 5;
    const x = wasm.alloc('float32', N * C), t = wasm.alloc('int32', N);
    fill(x.array, 3);
    const rowLoss = (r: number, c: number): number => {
      const row = Array.from(x.array.subarray(r * C, (r + 1) * C));
      return Math.log(row.reduce((s, v) => s + Math.exp(v), 0)) - row[c];
    };
    // targets: the ignore index (given or default) at positions in the vector body and in the tail
    for (const ignoreIndex of [undefined, 1, 2 ** 40]) {
      const ignore = ignoreIndex ?? -100;
      t.array.set(Array.from({ length: N }, (_, i) => (i % 7 === 3 || i === N - 1 ? ignore : i % C)).map((v) => (v === 2 ** 40 ? 0 : v)));
      let sum = 0, count = 0;
      t.array.forEach((c, r) => { if (c !== ignore) { sum += rowLoss(r, c); count++; } });
      for (const fn of [wasm.crossEntropy, wasm.nllLoss] as ((...a: unknown[]) => number)[]) {
        const mean = fn(x, t, { ignoreIndex, shape: [N, C] });
        const total = fn(x, t, { ignoreIndex, shape: [N, C], reduction: 'sum' });
        expect(mean, `ignoreIndex ${ignoreIndex}`).toBeCloseTo(total / count, 5);
      }
      expect(wasm.crossEntropy(x, t, { ignoreIndex, shape: [N, C] })).toBeCloseTo(sum / count, 5);
    }
    for (const [at, bad] of [[0, -1], [5, C], [33, -100], [36, 1 << 30]] as const) {
      t.array.set(Array.from({ length: N }, (_, i) => i % C));
      t.array[at] = bad;
      const opts = { shape: [N, C], ignoreIndex: bad === -100 ? 7 : undefined };
      expect(() => wasm.crossEntropy(x, t, opts), `${at}`).toThrow(new RegExp(`^target\\[${at}\\]: class index ${bad} is out of range`));
    }
  });

  it('wasm: a call on buffers copies nothing in or out', () => {
    const n = 1 << 16;
    const bx = wasm.alloc('float32', n), by = wasm.alloc('float32', n), bg = wasm.alloc('float32', n);
    fill(bx.array, 3);
    wasm.mseLossWithGrad(bx, by, { out: bg }); // warm-up
    const set = vi.spyOn(typedArrayProto, 'set');
    wasm.mseLossWithGrad(bx, by, { out: bg });
    wasm.binaryCrossEntropyWithLogitsWithGrad(bx.array, by.array, { out: bg.array });
    expect(set).not.toHaveBeenCalled();
  });

  it('wasm: buffers keep their contents and give fresh views across memory growth', () => {
    const k = lk.createLosskitSync({ backend: 'wasm' });
    const b = k.alloc('float64', 8);
    b.array.set([1, 2, 3, 4, 5, 6, 7, 8]);
    const before = b.array;
    const grow = vi.spyOn(WebAssembly.Memory.prototype, 'grow');
    const big = k.alloc('float64', 4_000_000);
    expect(grow).toHaveBeenCalled();
    expect(before.length).toBe(0); // the old view was detached by the growth
    expect(Array.from(b.array)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(k.mseLoss(b, b)).toBe(0);
    big.free();
    // freed space is reused: the same request does not grow memory again
    grow.mockClear();
    k.alloc('float64', 4_000_000).free();
    expect(grow).not.toHaveBeenCalled();
  });

  it('js: alloc returns plain typed arrays behind the same interface', () => {
    const b = js.alloc('float32', 5);
    expect(b.array).toBeInstanceOf(Float32Array);
    expect(b.array.buffer).toBeInstanceOf(ArrayBuffer);
    expect(b.dtype).toBe('float32');
    expect(b.length).toBe(5);
  });
});
