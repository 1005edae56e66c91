// `node bench/tiny-calls.mjs <earlier dist/index.js> [elements = 16]`: tiny loss + gradient calls (plain float32
// arrays, a reused `out`, default instance) of this build's dist/ against an earlier build's, alternating and timed
// by CPU time (process.cpuUsage: other processes on a shared machine weigh less). Prints ns per call, medians of
// 15 rounds, and earlier/now (above 1: faster now).
const [beforePath, sizeArg] = process.argv.slice(2);
if (!beforePath) throw new Error('usage: node bench/tiny-calls.mjs <earlier dist/index.js> [elements]');
const builds = { now: await import('../dist/index.js'), before: await import(new URL(beforePath, `file://${process.cwd()}/`).href) };
const n = Number(sizeArg ?? 16);
const x = Float32Array.from({ length: n }, (_, i) => 0.5 + 0.4 * Math.sin(i));
const y = Float32Array.from({ length: n }, (_, i) => 0.5 + 0.4 * Math.cos(i));
const t = Int32Array.from({ length: n / 4 }, (_, i) => i % 4);

/** One call of `name` on instance k, writing into `out`. */
const CALLS = {
  mseLoss: (k, out) => () => k.mseLossWithGrad(x, y, { out }).loss,
  l1Loss: (k, out) => () => k.l1LossWithGrad(x, y, { out }).loss,
  binaryCrossEntropy: (k, out) => () => k.binaryCrossEntropyWithGrad(x, y, { out }).loss,
  binaryCrossEntropyWithLogits: (k, out) => () => k.binaryCrossEntropyWithLogitsWithGrad(x, y, { out }).loss,
  [`crossEntropy [${n / 4}, 4]`]: (k, out) => () => k.crossEntropyWithGrad(x, t, { out, shape: [n / 4, 4] }).loss,
  sigmoid: (k, out) => () => k.sigmoid(x, { out })[0],
};
const median = (a) => [...a].sort((p, q) => p - q)[a.length >> 1];
console.log('call'.padEnd(30), 'elements', 'before ns', '  now ns', 'before/now');
for (const [name, make] of Object.entries(CALLS)) {
  const runs = Object.fromEntries(Object.entries(builds).map(([b, lib]) => [b, make(lib.createLosskitSync({ backend: 'wasm' }), new Float32Array(n))]));
  const ns = { now: [], before: [] };
  for (let round = 0; round < 15; round++) {
    for (const [b, f] of Object.entries(runs)) {
      const t0 = process.cpuUsage();
      for (let i = 0; i < 20000; i++) f();
      const d = process.cpuUsage(t0);
      ns[b].push(((d.user + d.system) * 1e3) / 20000);
    }
  }
  const [b, a] = [median(ns.before), median(ns.now)];
  console.log(name.padEnd(30), String(n).padStart(8), b.toFixed(0).padStart(9), a.toFixed(0).padStart(8), (b / a).toFixed(2).padStart(10));
}
