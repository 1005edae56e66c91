import * as lk from '../dist/index.js';
const n = 1 << 20;
const x = new Float32Array(n).map(() => Math.random()), y = new Float32Array(n).map(() => Math.random());
const out = new Float32Array(n);
function time(label, f, reps = 50) {
  f(); f();
  const ts = [];
  for (let r = 0; r < 7; r++) { const t0 = performance.now(); for (let i = 0; i < reps; i++) f(); ts.push((performance.now() - t0) / reps); }
  ts.sort((a, b) => a - b);
  console.log(label.padEnd(40), (ts[3] * 1e6 / n).toFixed(3), 'ns/elem');
}
const js = lk.createLosskitSync({ backend: 'js' });
time('mse wasm copying', () => lk.mseLossWithGrad(x, y, { out }));
time('mse js backend', () => js.mseLossWithGrad(x, y, { out }), 10);
time('fused js loop', () => { let s = 0; for (let i = 0; i < n; i++) { const d = x[i] - y[i]; s += d * d; out[i] = 2 * d / n; } return s / n; }, 20);
time('bcewl wasm copying', () => lk.binaryCrossEntropyWithLogitsWithGrad(x, y, { out }));
const t = new Int32Array(1024).map(() => Math.floor(Math.random() * 1000));
const xc = x.subarray(0, 1024000), oc = out.subarray(0, 1024000);
time('ce [1024,1000] wasm', () => lk.crossEntropyWithGrad(xc, t, { out: oc }));
const t10 = new Int32Array(4096).map(() => Math.floor(Math.random() * 10));
time('ce [4096,10] wasm', () => lk.crossEntropyWithGrad(x.subarray(0, 40960), t10, { out: out.subarray(0, 40960) }), 200);
