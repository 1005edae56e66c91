// Threads: the workloads on 1 and 2 threads, interleaved, loss + gradient on zero-copy buffers (median ms),
// with the result's bits compared; mseLoss's GB/s counts 12 bytes an element (read x, y; write the gradient).
// Run: node bench/threads.mjs (after npm run build); the DRAM reference: bench/native/bandwidth.c.
import { createLosskit } from '../dist/index.js';
const [one, two] = [await createLosskit(), await createLosskit({ threads: 2 })];
console.log('threads', one.threads, two.threads);
const median = (a) => { const s = [...a].sort((p, q) => p - q); return s[Math.floor(s.length / 2)]; };
function setup(k, fn, N, C) {
  const n = N * C, x = k.alloc('float32', n), g = k.alloc('float32', n);
  let s = 1; const r = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < n; i++) x.array[i] = fn === 'binaryCrossEntropy' ? 0.01 + 0.98 * r() : 4 * r() - 2;
  let y;
  if (fn === 'crossEntropy') { y = k.alloc('int32', N); for (let i = 0; i < N; i++) y.array[i] = Math.floor(r() * C); }
  else { y = k.alloc('float32', n); for (let i = 0; i < n; i++) y.array[i] = r(); }
  const opts = fn === 'crossEntropy' ? { shape: [N, C], out: g } : { out: g };
  const f = k[fn + 'WithGrad'];
  return { run: () => f(x, y, opts).loss, free: () => { x.free(); y.free(); g.free(); } };
}
const work = [['crossEntropy', 16384, 1000], ['crossEntropy', 4096, 32000], ['binaryCrossEntropyWithLogits', 1, 1 << 24], ['binaryCrossEntropy', 1, 1 << 24], ['mseLoss', 1, 1 << 24], ['mseLoss', 1, 1 << 20], ['mseLoss', 1, 1 << 18], ['crossEntropy', 256, 1000], ['mseLoss', 1, 65536]];
for (const [fn, N, C] of work) {
  const a = setup(one, fn, N, C), b = setup(two, fn, N, C);
  const ta = [], tb = [];
  let la, lb;
  const reps = N * C >= 1 << 24 ? 9 : 31;
  for (let r = 0; r < reps; r++) {
    let t0 = performance.now(); la = a.run(); ta.push(performance.now() - t0);
    t0 = performance.now(); lb = b.run(); tb.push(performance.now() - t0);
  }
  const m1 = median(ta), m2 = median(tb), n = N * C;
  const gbs = (ms) => (12 * n / (ms / 1e3) / 1e9).toFixed(2);
  console.log(`${fn} [${N}, ${C}]  1 thread ${m1.toFixed(3)} ms  2 threads ${m2.toFixed(3)} ms  ratio ${(m1 / m2).toFixed(2)}x  same bits ${Object.is(la, lb)}` + (fn === 'mseLoss' ? `  GB/s ${gbs(m1)} / ${gbs(m2)}` : ''));
  a.free(); b.free();
}
two.close();
