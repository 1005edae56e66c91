// The threaded build in Node: instance.threads, results the same bits as one thread on every loss and activation
// (every fixture case through the pool's batches), errors on a pool thread as the usual LosskitError with the
// pool still usable, close(), and a process that exits without closing.
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createLosskit, createLosskitSync, LosskitError, LosskitRangeError, type Losskit } from '../src/index.js';
import { createInstance } from '../src/instance.js';
import { Pool } from '../src/threads/pool.js';
import { instantiateSync } from '../src/wasm/loader.js';
import { wasmKernels } from '../src/wasm/kernels.js';
import { Heap } from '../src/wasm/memory.js';
import { ACTIVATIONS, LOSSES, outputsOf, type Place } from './helpers/cases.js';
import { loadFixtures } from './helpers/fixtures.js';

/**
 * An instance on `threads` threads whose calls go in chunks of `chunk` elements from 4·chunk on, every call on
 * a buffer through the pool (threadsFrom 0): with a small chunk, the fixtures' small calls run in batches.
 */
function chunked(threads: number, chunk: number): { k: Losskit; pool: Pool | null } {
  const { module, memory, exports } = instantiateSync(threads > 1);
  const heap = new Heap(memory, exports.heap_base());
  const pool = threads > 1 ? new Pool(module, memory, exports, heap, threads - 1) : null;
  expect(pool?.startedSync() ?? true).toBe(true); // (no call before every worker has instantiated the module)
  return { k: createInstance(wasmKernels(exports, heap, pool, 0, chunk), heap, 0, pool), pool };
}

/** Float and int32 arrays into zero-copy buffers of k (so that the calls may run on its pool). */
const inBuffers = (k: Losskit): Place => (a) => {
  const dtype = a instanceof Float32Array ? 'float32' : a instanceof Float64Array ? 'float64' : a instanceof Int32Array ? 'int32' : null;
  if (dtype === null) return a;
  const b = k.alloc(dtype, (a as Int32Array).length);
  b.array.set(a as Int32Array);
  return b;
};

const sameBits = (a: number[], b: number[]): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('threads', () => {
  it('instance.threads: as asked, 1 by default, on the JS backend and after close()', async () => {
    expect(createLosskitSync().threads).toBe(1);
    const two = createLosskitSync({ threads: 2 });
    expect(two.threads).toBe(2);
    two.close();
    expect(two.threads).toBe(1);
    const auto = await createLosskit({ threads: 'auto' });
    expect(auto.threads).toBe(availableParallelism());
    auto[Symbol.dispose]();
    expect(auto.threads).toBe(1);
    expect(createLosskitSync({ backend: 'js', threads: 2 }).threads).toBe(1);
  });

  it('bad threads options are typed errors naming the option', () => {
    for (const threads of [0, -1, 1.5, 257, 'x', NaN, null]) {
      expect(() => createLosskitSync({ threads: threads as never })).toThrow(/options\.threads: expected 'auto' or an integer from 1 to 256/);
    }
    expect(() => createLosskitSync({ threadsFrom: -1 })).toThrow(LosskitRangeError);
    expect(() => createLosskitSync({ threadsFrom: 0.5 })).toThrow(/options\.threadsFrom/);
  });

  it('every loss and activation, every fixture case: the same bits on 3 threads as on one, the workers taking part', () => {
    const chunk = 4;
    const one = chunked(1, chunk), three = chunked(3, chunk);
    for (const name of [...LOSSES, ...ACTIVATIONS]) {
      const cases = loadFixtures(name);
      const expected = outputsOf(one.k, name, cases, inBuffers(one.k));
      const actual = outputsOf(three.k, name, cases, inBuffers(three.k));
      expect(sameBits(actual, expected), name).toBe(true);
    }
    const ran = three.pool!.ran;
    expect(ran.calls).toBeGreaterThan(1000);
    expect(ran.byCaller).toBeLessThan(ran.calls); // (the workers ran the others)
    three.pool!.close();
  }, 120_000);

  it('large calls as configured: on buffers, 2 threads give the bits of one', async () => {
    const ks = [await createLosskit({ threads: 2 }), createLosskitSync()];
    const N = 1100, C = 1000, n = N * C; // (over threadsFrom's 1048576 elements)
    const run = (k: Losskit): number[] => {
      const x = k.alloc('float32', n), t = k.alloc('int32', N), y = k.alloc('float32', n), p = k.alloc('float32', n), g = k.alloc('float32', n);
      for (let i = 0; i < n; i++) { x.array[i] = Math.sin(i * 0.37) * 4; y.array[i] = (Math.cos(i * 0.11) + 1) / 2; p.array[i] = (Math.tanh(x.array[i]) + 1) / 2; }
      for (let i = 0; i < N; i++) t.array[i] = (i * 7919) % C;
      const out: number[] = [];
      const push = (r: { loss: number }): void => { out.push(r.loss); for (const v of g.array) out.push(v); };
      push(k.crossEntropyWithGrad(x, t, { shape: [N, C], out: g }));
      push(k.crossEntropyWithGrad(x, p, { shape: [N, C], out: g, labelSmoothing: 0.1 }));
      push(k.mseLossWithGrad(x, y, { out: g }));
      push(k.l1LossWithGrad(x, y, { out: g }));
      push(k.binaryCrossEntropyWithLogitsWithGrad(x, y, { out: g }));
      push(k.binaryCrossEntropyWithGrad(p, y, { out: g }));
      for (const v of k.softmax(x, { shape: [N, C] })) out.push(v);
      return out;
    };
    const [threaded, one] = ks.map(run);
    expect(sameBits(threaded, one)).toBe(true);
    ks[0].close();
  });

  it('a call on a buffer with plain arrays laid out whole (the memory grows for them): exact on one thread and on two', () => {
    for (const threads of [1, 2]) {
      const k = createLosskitSync({ threads }), n = 300_000; // (a fresh instance: laying out y, go, loss and grad grows it)
      const x = k.alloc('float64', n), y = new Float64Array(n), go = new Float64Array(n);
      for (let i = 0; i < n; i++) { x.array[i] = Math.sin(i); y[i] = Math.cos(i * 3); go[i] = 1 + (i % 5); }
      const r = k.mseLossWithGrad(x, y, { reduction: 'none', gradOutput: go });
      let wrong = 0;
      for (let i = 0; i < n; i++) {
        const d = x.array[i] - y[i];
        if (!Object.is(r.loss[i], d * d) || !Object.is(r.grad[i], 2 * d * go[i])) wrong++;
      }
      expect(wrong, `${threads} thread(s)`).toBe(0);
      k.close();
    }
  });

  it('a call that fails on a pool thread is a LosskitError; the pool and the instance keep working', () => {
    const { module, memory, exports } = instantiateSync(true);
    const heap = new Heap(memory, exports.heap_base());
    const pool = new Pool(module, memory, exports, heap, 1);
    expect(pool.startedSync()).toBe(true);
    const k = createInstance(wasmKernels(exports, heap, pool, 0), heap, 0, pool);
    const outside = 2 ** 32 - 16; // (an address past the memory: the kernel traps)
    for (let i = 0; i < 200; i++) pool.add(exports.mse_f32, [outside, outside, 0, 0, 0, 0, 0, 1024, 1024, 0, 0, 1, 0, 0]);
    let err: unknown;
    try {
      pool.finish();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LosskitError);
    expect((err as LosskitRangeError).code).toBe('ERR_THREAD');
    expect((err as Error).message).toMatch(/^threads: a kernel call failed on a pool thread: .*out of bounds/);
    const x = k.alloc('float32', 1 << 18), y = new Float32Array(1 << 18).fill(1);
    x.array.fill(3);
    expect(k.mseLoss(x, y)).toBe(4);
    pool.close();
  });

  it('a process with a threaded instance exits without close()', () => {
    const code = `import { createLosskitSync } from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)};
      const k = createLosskitSync({ threads: 2, threadsFrom: 0 });
      const x = k.alloc('float32', 1 << 18); x.array.fill(1);
      console.log(k.threads, k.mseLoss(x, new Float32Array(1 << 18)));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('2 1');
    expect(r.status).toBe(0);
  });
});
