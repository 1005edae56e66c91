// The package's contract: entry points (ESM, CJS, built dist), instances and their backends, the worked
// examples, output buffers, memory reuse, and that the backends agree at scale.
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as src from '../src/index.js';
import { backends, js, wasm } from './helpers/backends.js';

const require = createRequire(import.meta.url);

function rand(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('entry points', () => {
  it('ESM: the built dist exports every function and runs them with no init call', async () => {
    const dist = await import('../dist/index.js');
    expect(dist.defaultBackend()).toBe('wasm');
    expect(dist.mseLoss(Float32Array.from([1, 2]), Float32Array.from([0, 0]))).toBe(2.5);
    for (const name of Object.keys(src)) expect(typeof (dist as Record<string, unknown>)[name], name).toBe(typeof (src as Record<string, unknown>)[name]);
  });

  it('ready(): prepares the free functions asynchronously and keeps them on that instance', async () => {
    const cjs = require('../dist/index.cjs'); // a fresh module state: nothing has run on it yet
    const pending = cjs.ready();
    expect(cjs.ready()).toBeInstanceOf(Promise);
    expect(await pending).toBe('wasm');
    const buf = cjs.alloc('float32', 2);
    buf.array.set([1, 2]);
    expect(await cjs.ready()).toBe('wasm');
    expect(cjs.mseLoss(buf, Float32Array.from([0, 0]))).toBe(2.5); // the buffer belongs to the same instance
    expect(cjs.defaultBackend()).toBe('wasm');
  });

  it('CJS: require() of the built dist works the same', () => {
    const cjs = require('../dist/index.cjs');
    expect(cjs.crossEntropy(Float64Array.from([0.5, 0.1, 0.3]), [2])).toBeCloseTo(1.1119, 4);
    const k = cjs.createLosskitSync({ backend: 'js' });
    expect(k.backend).toBe('js');
    expect(() => cjs.mseLoss('x' as never, [1])).toThrow(cjs.LosskitTypeError);
  });

  it("the README's quick-start (examples/quickstart.ts, importing 'losskit') runs", async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const { quickstart } = await import('../examples/quickstart.js');
    expect(Number.isFinite(await quickstart())).toBe(true);
    expect(log).toHaveBeenCalledWith('target[1]', expect.stringContaining('out of range'));
  });

  it('createLosskit (async) and createLosskitSync give instances whose methods work destructured', async () => {
    for (const backend of ['wasm', 'js'] as const) {
      const k = await src.createLosskit({ backend });
      expect(k.backend).toBe(backend);
      const { crossEntropyWithGrad } = k;
      const { loss, grad } = crossEntropyWithGrad(Float64Array.from([1, 2, 3, 1, 2, 3]), [0, 2]);
      expect(loss).toBeCloseTo(Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 2, 12);
      expect(grad.length).toBe(6);
    }
    expect((await src.createLosskit()).backend).toBe('wasm');
    expect(src.createLosskitSync().backend).toBe('wasm');
  });
});

describe('the source material’s worked example (values from mathematics, in float64)', () => {
  const probs = [0.5, 0.1, 0.3];
  const lse = Math.log(probs.reduce((s, p) => s + Math.exp(p), 0));
  for (const [label, k] of backends) {
    it(`${label}: nllLoss on log-probabilities gives -ln 0.3 = 1.2040; crossEntropy on the same numbers as logits gives 1.1119`, () => {
      for (const A of [Float32Array, Float64Array]) {
        const tol = A === Float32Array ? 1e-6 : 1e-14;
        expect(Math.abs(k.nllLoss(A.from(probs.map(Math.log)), [2]) - -Math.log(0.3))).toBeLessThan(tol);
        expect(Math.abs(k.crossEntropy(A.from(probs), [2]) - (lse - 0.3))).toBeLessThan(tol);
      }
      expect(k.nllLoss(Float64Array.from(probs.map(Math.log)), [2]).toFixed(4)).toBe('1.2040');
      expect(k.crossEntropy(Float64Array.from(probs), [2]).toFixed(4)).toBe('1.1119');
    });
  }
});

describe('arguments and results', () => {
  for (const [label, k] of backends) {
    it(`${label}: class indices in any integer array type give the same loss`, () => {
      const x = Float64Array.from({ length: 12 }, (_, i) => Math.sin(i));
      const ref = k.crossEntropy(x, Int32Array.from([0, 3, 1]));
      for (const t of [[0, 3, 1], Int8Array.from([0, 3, 1]), Uint8Array.from([0, 3, 1]), Uint16Array.from([0, 3, 1]),
        BigInt64Array.from([0n, 3n, 1n]), Uint32Array.from([0, 3, 1])]) {
        expect(k.crossEntropy(x, t as never)).toBe(ref);
      }
    });

    it(`${label}: 'none' returns the input's dtype; grad goes into opts.out, which is returned`, () => {
      for (const A of [Float32Array, Float64Array]) {
        const x = A.from([0.2, 0.7, 0.1]), y = A.from([0, 1, 0]);
        const none = k.binaryCrossEntropy(x, y, { reduction: 'none' });
        expect(none).toBeInstanceOf(A);
        const out = new A(3);
        const r = k.binaryCrossEntropyWithGrad(x, y, { out });
        expect(r.grad).toBe(out);
        expect(typeof r.loss).toBe('number');
        expect(Array.from(out)).toEqual(Array.from(k.binaryCrossEntropyWithGrad(x, y).grad));
      }
    });

    it(`${label}: subarray views with byte offsets are read and written in place`, () => {
      const buf = new Float32Array(20).map((_, i) => i / 10);
      const x = buf.subarray(3, 9), y = buf.subarray(10, 16);
      const out = new Float32Array(12).subarray(5, 11);
      const { grad } = k.mseLossWithGrad(x, y, { reduction: 'sum', out });
      for (let i = 0; i < 6; i++) expect(grad[i]).toBeCloseTo(2 * (x[i] - y[i]), 6);
      expect(grad.byteOffset).toBe(20);
    });

    it(`${label}: emptyMean: 'zero' gives 0 (and zero gradients) where PyTorch's mean over nothing is NaN`, () => {
      const z = { emptyMean: 'zero' } as const;
      expect(k.mseLoss(new Float32Array(0), new Float32Array(0), z)).toBe(0);
      expect(k.klDiv(new Float64Array(0), new Float64Array(0), { ...z, reduction: 'batchmean', shape: [0, 3] })).toBe(0);
      const all = k.crossEntropyWithGrad(Float32Array.from([1, 2, 3, 4]), [-100, -100], z);
      expect(all.loss).toBe(0);
      expect(Array.from(all.grad)).toEqual([0, 0, 0, 0]);
      expect(k.nllLoss(Float64Array.from([1, 2]), [-100], z)).toBe(0);
      // a non-empty mean is unchanged by the option
      expect(k.l1Loss(Float32Array.from([1, 3]), Float32Array.from([0, 0]), z)).toBe(2);
    });

    it(`${label}: NaN and Infinity propagate; a mean over nothing is NaN and a sum 0`, () => {
      expect(k.mseLoss(Float32Array.from([1, NaN]), Float32Array.from([1, 1]))).toBeNaN();
      expect(k.mseLoss(new Float32Array(0), new Float32Array(0))).toBeNaN();
      expect(k.mseLoss(new Float32Array(0), new Float32Array(0), { reduction: 'sum' })).toBe(0);
      expect(k.crossEntropy(Float32Array.from([1, 2, 3, 4]), [-100, -100])).toBeNaN();
      expect(k.l1Loss(Float64Array.from([Infinity]), Float64Array.from([0]))).toBe(Infinity);
    });
  }
});

describe('wasm memory', () => {
  afterEach(() => vi.restoreAllMocks());

  it('repeated calls of any size up to the largest seen do not grow memory', () => {
    const k = src.createLosskitSync({ backend: 'wasm' });
    const x = new Float32Array(100_000).map((_, i) => Math.sin(i)), y = new Float32Array(100_000);
    k.mseLossWithGrad(x, y);
    const grow = vi.spyOn(WebAssembly.Memory.prototype, 'grow');
    const out = new Float32Array(100_000);
    for (let i = 0; i < 200; i++) {
      k.mseLossWithGrad(x, y, { out });
      k.mseLoss(x.subarray(0, 16), y.subarray(0, 16));
    }
    expect(grow).not.toHaveBeenCalled();
  });

  it('results stay right across memory growth (views are rebuilt)', () => {
    const k = src.createLosskitSync({ backend: 'wasm' });
    const small = Float64Array.from([1, 2, 3]), zero = new Float64Array(3);
    expect(k.mseLoss(small, zero)).toBeCloseTo(14 / 3, 14);
    const n = 3_000_000;
    const big = new Float64Array(n).fill(2), bigZero = new Float64Array(n);
    const grow = vi.spyOn(WebAssembly.Memory.prototype, 'grow');
    expect(k.mseLoss(big, bigZero)).toBe(4);
    expect(grow).toHaveBeenCalled();
    expect(k.mseLoss(small, zero)).toBeCloseTo(14 / 3, 14);
  });
});

describe('summation at scale', () => {
  it('float32 losses of 16M elements stay within 1e-6 of the exact (float64) sum on every backend', () => {
    const n = 1 << 24;
    const r = rand(11);
    const x = new Float32Array(n), y = new Float32Array(n);
    for (let i = 0; i < n; i++) { x[i] = r() * 4 - 2; y[i] = r(); }
    let mse = 0, bce = 0;
    for (let i = 0; i < n; i++) {
      mse += (x[i] - y[i]) ** 2;
      bce += Math.max(x[i], 0) - x[i] * y[i] + Math.log1p(Math.exp(-Math.abs(x[i])));
    }
    mse /= n;
    bce /= n;
    for (const [label, k] of backends) {
      expect(Math.abs(k.mseLoss(x, y) - mse) / mse, `${label} mse`).toBeLessThan(1e-6);
      expect(Math.abs(k.binaryCrossEntropyWithLogits(x, y) - bce) / bce, `${label} bce with logits`).toBeLessThan(1e-6);
    }
  });
});

describe('backends agree at scale', () => {
  it('large copying calls (done in chunks) match the js backend, with weights, broadcasts and gradOutput', () => {
    const r = rand(5);
    const N = 3001, C = 37, n = N * C; // not a multiple of the chunk
    const x = Float64Array.from({ length: n }, () => r() * 6 - 3), y = Float64Array.from({ length: n }, () => r());
    const w = Float64Array.from({ length: n }, () => r() + 0.5), pw = Float64Array.from({ length: C }, () => r() * 2 + 0.5);
    const go = Float64Array.from({ length: n }, () => r() - 0.5);
    const opts = { weight: w, posWeight: pw, shape: [N, C], reduction: 'none' as const, gradOutput: go };
    const a = wasm.binaryCrossEntropyWithLogitsWithGrad(x, y, opts), b = js.binaryCrossEntropyWithLogitsWithGrad(x, y, opts);
    for (let i = 0; i < n; i += 97) {
      expect(a.loss[i]).toBeCloseTo(b.loss[i], 12);
      expect(a.grad[i]).toBeCloseTo(b.grad[i], 12);
    }
    const t = Int32Array.from({ length: N }, (_, i) => (i % 7 === 0 ? -100 : Math.floor(r() * C)));
    const ce = { weight: Float64Array.from({ length: C }, () => r() + 0.5), labelSmoothing: 0.1 };
    const c = wasm.crossEntropyWithGrad(x, t, ce), d = js.crossEntropyWithGrad(x, t, ce);
    expect(c.loss).toBeCloseTo(d.loss, 12);
    for (let i = 0; i < n; i += 89) expect(c.grad[i]).toBeCloseTo(d.grad[i], 14);
  });

  it('1M-element float32 losses: wasm and js within 2e-6 relative, and against a float64 sum', () => {
    const r = rand(3);
    const n = 1 << 20;
    const x = Float32Array.from({ length: n }, () => r() * 4 - 2);
    const y = Float32Array.from({ length: n }, () => r());
    let exact = 0;
    for (let i = 0; i < n; i++) exact += (x[i] - y[i]) ** 2;
    exact /= n;
    for (const k of [wasm, js]) expect(Math.abs(k.mseLoss(x, y) - exact) / exact).toBeLessThan(1e-6);
    const a = wasm.binaryCrossEntropyWithLogits(x, y), b = js.binaryCrossEntropyWithLogits(x, y);
    expect(Math.abs(a - b) / b).toBeLessThan(2e-6);
    const t = Int32Array.from({ length: n / 1024 }, () => Math.floor(r() * 1024));
    const c = wasm.crossEntropy(x, t), d = js.crossEntropy(x, t);
    expect(Math.abs(c - d) / d).toBeLessThan(2e-6);
  });
});
