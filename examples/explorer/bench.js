// An in-page benchmark: the wasm and JS backends side by side on one workload and size, loss and gradient
// fused, on zero-copy buffers; medians of timed batches, drawn as bars of nanoseconds per element.
import * as lk from 'losskit';
import { barChart } from './plot.js';

export const WORKLOADS = {
  mse: { label: 'MSE loss + gradient', fn: 'mseLossWithGrad', classes: 0 },
  bceLogits: { label: 'BCE with logits loss + gradient', fn: 'binaryCrossEntropyWithLogitsWithGrad', classes: 0 },
  ce10: { label: 'Cross-entropy loss + gradient, 10 classes', fn: 'crossEntropyWithGrad', classes: 10 },
  ce1000: { label: 'Cross-entropy loss + gradient, 1000 classes', fn: 'crossEntropyWithGrad', classes: 1000 },
};
const BATCHES = 7, BATCH_MS = 25;

const pause = () => new Promise((r) => setTimeout(r, 0));

/** Median nanoseconds per element of one workload on one backend. */
export async function measure(backend, workload, size) {
  const w = WORKLOADS[workload];
  const k = await lk.createLosskit({ backend, wasmFrom: 0 });
  const rows = w.classes ? Math.max(1, Math.round(size / w.classes)) : size, n = w.classes ? rows * w.classes : size;
  const x = k.alloc('float32', n), grad = k.alloc('float32', n);
  const t = w.classes ? k.alloc('int32', rows) : k.alloc('float32', n);
  try {
    for (let i = 0; i < n; i++) x.array[i] = Math.sin(i * 0.37) * 3;
    for (let i = 0; i < t.array.length; i++) t.array[i] = w.classes ? (i * 7) % w.classes : (i % 3 === 0 ? 1 : 0);
    const opts = w.classes ? { shape: [rows, w.classes], out: grad } : { out: grad };
    const call = () => k[w.fn](x, t, opts);
    let reps = 1;
    for (let start = performance.now(); performance.now() - start < BATCH_MS; reps *= 2) for (let i = 0; i < reps; i++) call();
    const times = [];
    for (let b = 0; b < BATCHES; b++) {
      await pause();
      const start = performance.now();
      for (let i = 0; i < reps; i++) call();
      times.push(((performance.now() - start) * 1e6) / (reps * n));
    }
    return times.sort((a, b) => a - b)[BATCHES >> 1];
  } finally {
    for (const b of [x, grad, t]) b.free();
  }
}

export function setupBench(root) {
  const $ = (s) => root.querySelector(s);
  const select = $('#bench-workload'), size = $('#bench-size'), run = $('#bench-run'), status = $('#bench-status');
  for (const [key, w] of Object.entries(WORKLOADS)) select.append(new Option(w.label, key));
  run.addEventListener('click', async () => {
    run.disabled = true;
    const results = [];
    try {
      for (const backend of ['wasm', 'js']) {
        status.textContent = `measuring ${backend}…`;
        try {
          results.push({ backend, ns: await measure(backend, select.value, Number(size.value)) });
        } catch (e) {
          results.push({ backend, ns: NaN, error: e.message });
        }
      }
      $('#bench-chart').removeAttribute('hidden'); // an SVG element has no .hidden property
      barChart($('#bench-chart'), {
        labels: results.map((r) => r.backend), values: results.map((r) => r.ns || 0), yLabel: 'ns per element (lower is faster)',
        cls: (i) => results[i].backend, fmt: (v) => (v ? v.toPrecision(3) : 'n/a'),
      });
      const [w, j] = results;
      status.textContent = w.error ? `wasm is not available here: ${w.error}`
        : `wasm ${w.ns.toPrecision(3)} ns/element, js ${j.ns.toPrecision(3)} ns/element: wasm is ${(j.ns / w.ns).toFixed(1)}× faster`;
      status.dataset.done = 'true';
    } finally {
      run.disabled = false;
    }
  });
}
