// `node --no-liftoff bench/native-cpu.mjs [elements = 65536]`: the module's element-wise kernels (zero-copy, loss
// and gradient, float32) against bench/native/losses.c built for 128-bit vectors, alternating round by round and
// timed by CPU time on both sides (process.cpuUsage, CLOCK_PROCESS_CPUTIME_ID), so that other processes on a
// shared machine weigh less than in wall-clock timings. Prints ns per element (medians of 7 rounds) and C/wasm.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const n = Number(process.argv[2] ?? 65536);
const dir = new URL('./.cache/', import.meta.url).pathname;
mkdirSync(dir, { recursive: true });
const bin = dir + 'c128cpu';
execFileSync('gcc', ['-O3', '-march=native', '-ffp-contract=off', '-fno-trapping-math', '-mprefer-vector-width=128', '-DCPU_TIME',
  '-o', bin, new URL('./native/losses.c', import.meta.url).pathname, '-lm']);

const wasm = readFileSync(new URL('../build/losskit.wasm', import.meta.url));
const e = (await WebAssembly.instantiate(wasm, { env: { abort() { throw new Error('abort'); } } })).instance.exports;
const base = (e.heap_base() + 63) & ~63;
e.memory.grow(Math.ceil((base + 16 * n + 65536) / 65536));
const X = base, Y = base + 4 * n, P = base + 8 * n, G = base + 12 * n; // logits, targets, probabilities, gradient
const f = new Float32Array(e.memory.buffer);
let seed = 1;
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
for (let i = 0; i < n; i++) { f[X / 4 + i] = 4 * rnd() - 2; f[Y / 4 + i] = rnd(); f[P / 4 + i] = 0.01 + 0.98 * rnd(); }

// C name → [export, input, relative cost (fewer repetitions for the costly ones)]
const KERNELS = { mse: ['mse_f32', X, 1], l1: ['l1_f32', X, 1], bce: ['bce_f32', P, 20], bceLogits: ['bce_logits_f32', X, 20] };
const ns = {};
for (let round = 0; round < 7; round++) {
  for (const [name, [fn, x, cost]] of Object.entries(KERNELS)) {
    const run = () => e[fn](x, Y, 0, 0, 0, 0, 0, n, n, 0, G, 1 / n, 0, 0);
    for (let i = 0; i < 20; i++) run();
    const reps = Math.max(1, Math.round(2e7 / n / cost));
    const t0 = process.cpuUsage();
    for (let i = 0; i < reps; i++) run();
    const d = process.cpuUsage(t0);
    (ns[name] ??= { wasm: [], c: [] }).wasm.push(((d.user + d.system) * 1e3) / reps / n);
    ns[name].c.push(Number(execFileSync(bin, [name, String(n)], { encoding: 'utf8' }).trim().split(' ')[1]));
  }
}
const median = (a) => [...a].sort((p, q) => p - q)[a.length >> 1];
console.log('kernel'.padEnd(10), 'elements', 'wasm ns/el', 'C 128-bit ns/el', 'C/wasm');
for (const [name, { wasm: w, c }] of Object.entries(ns)) {
  console.log(name.padEnd(10), String(n).padStart(8), median(w).toFixed(3).padStart(10), median(c).toFixed(3).padStart(15), (median(c) / median(w)).toFixed(2).padStart(6));
}
