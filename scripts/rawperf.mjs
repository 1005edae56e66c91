// Ad-hoc: raw kernel time with data already in wasm memory (ns per element, median of 7).
import { readFileSync } from 'node:fs';
const bytes = readFileSync(new URL('../build/losskit.wasm', import.meta.url));
const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536 }); // the module imports its memory
const { instance } = await WebAssembly.instantiate(bytes, { env: { memory, abort() { throw new Error('abort'); } } });
const e = { memory, ...instance.exports };
const n = 1 << 20;
const base = e.heap_base();
e.memory.grow(Math.ceil((base + 16 * n * 4) / 65536));
const f = new Float32Array(e.memory.buffer);
const X = base, Y = X + 4 * n, G = Y + 4 * n, T = G + 4 * n;
for (let i = 0; i < n; i++) { f[(X >> 2) + i] = Math.random() * 4 - 2; f[(Y >> 2) + i] = Math.random(); }
const ti = new Int32Array(e.memory.buffer);
for (let i = 0; i < 4096; i++) ti[(T >> 2) + i] = Math.floor(Math.random() * 10);
function time(label, fn, elems, reps) {
  fn(); fn();
  const ts = [];
  for (let r = 0; r < 7; r++) { const t0 = performance.now(); for (let i = 0; i < reps; i++) fn(); ts.push((performance.now() - t0) / reps); }
  ts.sort((a, b) => a - b);
  console.log(label.padEnd(32), (ts[3] * 1e6 / elems).toFixed(3), 'ns/elem');
}
const which = process.argv[2] ?? 'all';
if (which === 'all' || which === 'mse') time('mse_f32 grad 1M', () => e.mse_f32(X, Y, 0, 0, 0, 0, 0, n, n, 0, G, 1 / n, 0, 0), n, 50);
if (which === 'all' || which === 'mse') time('mse_f32 fwd 1M', () => e.mse_f32(X, Y, 0, 0, 0, 0, 0, n, n, 0, 0, 1 / n, 0, 0), n, 50);
if (which === 'all' || which === 'bcel') time('bce_logits_f32 grad 1M', () => e.bce_logits_f32(X, Y, 0, 0, 0, 0, 0, n, n, 0, G, 1 / n, 0, 0), n, 20);
if (which === 'all' || which === 'bcel') time('bce_logits_f32 fwd 1M', () => e.bce_logits_f32(X, Y, 0, 0, 0, 0, 0, n, n, 0, 0, 1 / n, 0, 0), n, 20);
if (which === 'all' || which === 'ce') time('ce_f32 grad [1024,1000]', () => e.cross_entropy_f32(X, T, 0, 0, 1024, 1000, 1, -100, 0, 0, G, 1 / 1024, 0), 1024000, 20);
if (which === 'all' || which === 'ce') time('ce_f32 fwd [1024,1000]', () => e.cross_entropy_f32(X, T, 0, 0, 1024, 1000, 1, -100, 0, 0, 0, 1 / 1024, 0), 1024000, 20);
if (which === 'all' || which === 'ce10') time('ce_f32 grad [4096,10]', () => e.cross_entropy_f32(X, T, 0, 0, 4096, 10, 1, -100, 0, 0, G, 1 / 4096, 0), 40960, 200);
if (which === 'all' || which === 'exp') time('exp_map_f32 1M', () => e.exp_map_f32(X, G, n), n, 50);
if (which === 'all' || which === 'exp') time('log_map_f32 1M', () => e.log_map_f32(Y, G, n), n, 50);
