// The soak: many mixed calls on one instance (copying and zero-copy through alloc buffers, random sizes, some over
// the 64K chunks, errors interleaved), sampling RSS, the JS heap and the wasm memory over time. Memory must stop
// growing after warm-up. No test-runner imports: test/soak.test.ts runs it short, scripts/soak.mjs long.
import { LosskitError, type Losskit, type LosskitBuffer } from '../../src/index.js';

export interface Sample { calls: number; rss: number; heap: number; wasm: number }
export interface SoakResult { samples: Sample[]; errors: number; ms: number }

/** A deterministic PRNG (the soak is reproducible). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const gc = (globalThis as { gc?: () => void }).gc;
/** The instance's wasm memory, seen through a buffer's view (0 on the js backend, whose buffers are plain arrays). */
const wasmBytes = (k: Losskit, probe: LosskitBuffer<'float32'>): number => (k.backend === 'wasm' ? probe.array.buffer.byteLength : 0);

function sample(k: Losskit, probe: LosskitBuffer<'float32'>, calls: number): Sample {
  gc?.();
  const m = process.memoryUsage();
  return { calls, rss: m.rss, heap: m.heapUsed, wasm: wasmBytes(k, probe) };
}

const fill = (a: Float32Array, r: () => number, lo: number, hi: number) => { for (let i = 0; i < a.length; i++) a[i] = lo + (hi - lo) * r(); return a; };

/** One random call: a loss or an activation, copying or on alloc buffers, sometimes a bad one that must throw. */
function oneCall(k: Losskit, r: () => number, maxSize: number): boolean {
  const n = r() < 0.002 ? 65537 + Math.floor(r() * 1000) : 1 + Math.floor(r() * maxSize);
  if (r() < 0.1) return badCall(k, n, r);
  const zeroCopy = r() < 0.5;
  const bufs: LosskitBuffer<'float32'>[] = [];
  // zero-copy arguments are the buffers themselves: a later alloc may grow the memory and detach older views
  const arr = (lo: number, hi: number): any => {
    if (!zeroCopy) return fill(new Float32Array(n), r, lo, hi);
    const b = k.alloc('float32', n);
    bufs.push(b);
    fill(b.array, r, lo, hi);
    return b;
  };
  try {
    const pick = Math.floor(r() * 5);
    const x = arr(-5, 5);
    if (pick === 0) k.mseLossWithGrad(x, arr(-5, 5), zeroCopy ? { out: arr(0, 0) } : undefined);
    else if (pick === 1) k.binaryCrossEntropyWithLogitsWithGrad(x, arr(0, 1), { reduction: 'sum' });
    else if (pick === 2) k.crossEntropyWithGrad(x, Int32Array.from({ length: n }, () => 0), { shape: [n, 1] });
    else if (pick === 3) k.softmax(x);
    else k.huberLossWithGrad(x, arr(-5, 5), { reduction: 'none' });
  } finally {
    for (const b of bufs) b.free();
  }
  return false;
}

/** A call that must throw a LosskitError (a wrong length, dtype or option); true when it did. */
function badCall(k: Losskit, n: number, r: () => number): boolean {
  const x = new Float32Array(n);
  const which = Math.floor(r() * 3);
  try {
    if (which === 0) k.mseLoss(x, new Float32Array(n + 1));
    else if (which === 1) k.l1Loss(x, new Float64Array(n) as never);
    else k.crossEntropy(x, [0], { reduction: 'avg' as never });
  } catch (e) {
    if (e instanceof LosskitError) return true;
    throw e;
  }
  throw new Error('a bad call did not throw');
}

/** Runs `calls` mixed calls on k (sizes up to maxSize, and a few over 64K), sampling memory `points` times. */
export function soak(k: Losskit, calls: number, { points = 20, seed = 1, maxSize = 3000 } = {}): SoakResult {
  const r = lcg(seed);
  const probe = k.alloc('float32', 1);
  const samples: Sample[] = [sample(k, probe, 0)];
  const every = Math.max(1, Math.floor(calls / points));
  let errors = 0;
  const t0 = performance.now();
  for (let i = 1; i <= calls; i++) {
    if (oneCall(k, r, maxSize)) errors++;
    if (i % every === 0) samples.push(sample(k, probe, i));
  }
  probe.free();
  return { samples, errors, ms: performance.now() - t0 };
}

/** Growth of each measure over the second half of the samples (after warm-up), in bytes. */
export function lateGrowth(samples: Sample[]): { rss: number; heap: number; wasm: number } {
  const mid = samples[Math.floor(samples.length / 2)], last = samples.at(-1)!;
  return { rss: last.rss - mid.rss, heap: last.heap - mid.heap, wasm: last.wasm - mid.wasm };
}

/** Bounds on that growth: tight with a forced GC, generous without one (GC timing then decides the heap). */
export const BOUNDS = gc ? { rss: 32 << 20, heap: 4 << 20, wasm: 0 } : { rss: 96 << 20, heap: 48 << 20, wasm: 0 };

const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
export function soakReport(label: string, res: SoakResult): string {
  const first = res.samples[0], last = res.samples.at(-1)!, g = lateGrowth(res.samples);
  return `${label}: ${last.calls} calls (${res.errors} typed errors) in ${(res.ms / 1000).toFixed(1)} s; `
    + `RSS ${mb(first.rss)} → ${mb(last.rss)}, heap ${mb(first.heap)} → ${mb(last.heap)}, wasm ${mb(first.wasm)} → ${mb(last.wasm)}; `
    + `second-half growth: RSS ${mb(g.rss)}, heap ${mb(g.heap)}, wasm ${mb(g.wasm)}${gc ? '' : ' (no global.gc: generous bounds)'}`;
}
