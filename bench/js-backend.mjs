// `node bench/js-backend.mjs [ref]`: the JS backend's kernels (src/js/kernels.ts) at git `ref` (default
// ad2c791, the last commit before the mirror of the kernels) against the working tree, interleaved in one
// process: ns per element, median over rounds (ROUNDS, default 7), for the bench's JS rows (loss and
// gradient, mean reduction, float32) and a few float64 ones. ONLY=text runs the workloads whose label has it.
import { execSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

const ref = process.argv[2] ?? 'ad2c791';
const root = new URL('..', import.meta.url).pathname;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'losskit-jsbench-'));
execSync(`git -C ${root} archive ${ref} src | tar -x -C ${tmp}`);
async function load(dir, name) {
  const outfile = path.join(tmp, `${name}.mjs`);
  await build({ entryPoints: [path.join(dir, 'src/js/kernels.ts')], bundle: true, format: 'esm', platform: 'neutral', outfile, logLevel: 'warning' });
  return (await import(outfile)).jsKernels;
}
const impls = { before: await load(tmp, 'before'), after: await load(root, 'after') };

let seed = 1;
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const f32 = (n, g) => Float32Array.from({ length: n }, g);
const f64 = (n, g) => Float64Array.from({ length: n }, g);

const work = [];
for (const [op, gx, gy] of [['mse', () => rnd() * 4 - 2, rnd], ['l1', () => rnd() * 4 - 2, rnd], ['bce', rnd, rnd], ['bceLogits', () => rnd() * 8 - 4, rnd]]) {
  for (const n of [4096, 1 << 20]) {
    const x = f32(n, gx), y = f32(n, gy), g = new Float32Array(n);
    work.push({ label: `${op} ${n}`, n, run: (k) => k.pointwise(op, x, y, null, null, n, null, null, g, 1 / n, 0, 0) });
  }
}
for (const [op, gx, gy] of [['mse', () => rnd() * 4 - 2, rnd], ['bceLogits', () => rnd() * 8 - 4, rnd]]) {
  const n = 1 << 16, x = f64(n, gx), y = f64(n, gy), g = new Float64Array(n);
  work.push({ label: `${op} ${n} float64`, n, run: (k) => k.pointwise(op, x, y, null, null, n, null, null, g, 1 / n, 0, 0) });
}
{
  const N = 256, C = 1000, x = f64(N * C, () => rnd() * 8 - 4), t = Int32Array.from({ length: N }, () => Math.floor(rnd() * C)), g = new Float64Array(N * C);
  work.push({ label: `crossEntropy [${N}, ${C}] float64`, n: N * C, run: (k) => k.crossEntropy(x, t, null, null, N, C, 1, -100, 0, null, g, 1 / N, null) });
}
for (const [N, C] of [[1024, 1000], [64, 32000], [4096, 10]]) {
  const x = f32(N * C, () => rnd() * 8 - 4), t = Int32Array.from({ length: N }, () => Math.floor(rnd() * C)), g = new Float32Array(N * C);
  work.push({ label: `crossEntropy [${N}, ${C}]`, n: N * C, run: (k) => k.crossEntropy(x, t, null, null, N, C, 1, -100, 0, null, g, 1 / N, null) });
  work.push({ label: `nll [${N}, ${C}]`, n: N * C, run: (k) => k.nll(x, t, null, N, C, 1, -100, null, g, 1 / N, null) });
}

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const only = process.env.ONLY; // a substring of the workloads to run
const median = (a) => [...a].sort((p, q) => p - q)[a.length >> 1];
console.log('workload'.padEnd(26), 'before ns/elem', ' after ns/elem', ' after/before');
for (const w of work.filter((w) => only === undefined || w.label.includes(only))) {
  const ns = { before: [], after: [] };
  const reps = Math.max(1, Math.round(2e6 / w.n));
  for (const k of Object.values(impls)) for (let i = 0; i < 3; i++) w.run(k); // warm up
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, k] of Object.entries(impls)) {
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) w.run(k);
      ns[name].push(((performance.now() - t0) * 1e6) / (reps * w.n));
    }
  }
  const b = median(ns.before), a = median(ns.after);
  console.log(w.label.padEnd(26), b.toFixed(2).padStart(14), a.toFixed(2).padStart(14), (a / b).toFixed(2).padStart(13));
}
