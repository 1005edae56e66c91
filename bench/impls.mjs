// The implementations the benchmark compares, each set up for one workload and returning the function
// to time. A workload: { fn, n (elements), N, C (rows and classes for the class losses), mode }.
import { createLosskitSync } from '../dist/index.js';
import { naive, naiveForward } from './naive.mjs';
import { tfjsImpl, useBackend } from './tfjs.mjs';

const wasm = createLosskitSync({ backend: 'wasm' });
const threaded = createLosskitSync({ backend: 'wasm', threads: 2 }); // (from threadsFrom = 1M elements on)
const js = createLosskitSync({ backend: 'js' });

export const isClassFn = (fn) => fn === 'crossEntropy' || fn === 'nllLoss' || fn === 'categoricalFocalLoss';
const isBoxFn = (fn) => fn.endsWith('BoxIouLoss');
/** Row losses beyond the class losses: [N, C] masks against float targets (diceLoss), [N, D] embeddings with labels (ntXentLoss). */
export const ROW_FNS = { diceLoss: 'mask', ntXentLoss: 'labels' };
/** Whether a workload is rows [N, C] (shape given), and whether its target is one integer per row. */
export const isRowFn = (fn) => isClassFn(fn) || fn in ROW_FNS;
export const perRowTarget = (fn) => isClassFn(fn) || ROW_FNS[fn] === 'labels';

/** Deterministic inputs for a workload (float32), valid for its input domain. */
export function inputs(w) {
  let s = 12345;
  const r = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const x = new Float32Array(w.n), y = new Float32Array(w.n);
  for (let i = 0; i < w.n; i++) {
    x[i] = w.fn === 'binaryCrossEntropy' || w.fn === 'diceLoss' ? 0.01 + 0.98 * r() : w.fn === 'nllLoss' ? -5 * r() : 4 * r() - 2;
    y[i] = w.fn === 'hingeLoss' || w.fn === 'diceLoss' ? +(r() < (w.fn === 'diceLoss' ? 0.3 : 0.5)) : r();
  }
  const t = new Int32Array(w.N);
  for (let i = 0; i < w.N; i++) t[i] = w.fn === 'ntXentLoss' ? i >> 1 : Math.floor(r() * w.C); // (NT-Xent: pairs of views)
  if (isBoxFn(w.fn)) { // boxes (x1, y1, x2, y2) with sides in [0.5, 4.5), the second set near the first
    for (let i = 0; i + 3 < w.n; i += 4) {
      x[i] = 10 * r(); x[i + 1] = 10 * r(); x[i + 2] = x[i] + 0.5 + 4 * r(); x[i + 3] = x[i + 1] + 0.5 + 4 * r();
      for (let k = 0; k < 4; k++) y[i + k] = x[i + k] + r() - 0.5;
    }
  }
  return { x, y, t };
}

function losskit(k, w, zeroCopy) {
  const { x, y, t } = inputs(w);
  const opts = isRowFn(w.fn) ? { shape: [w.N, w.C] } : isBoxFn(w.fn) ? { reduction: 'mean' } : {};
  let ax = x, ay = perRowTarget(w.fn) ? t : y, out = new Float32Array(w.n);
  if (zeroCopy) {
    const bx = k.alloc('float32', w.n), bo = k.alloc('float32', w.n);
    bx.array.set(x);
    ax = bx;
    out = bo;
    if (perRowTarget(w.fn)) { const bt = k.alloc('int32', w.N); bt.array.set(t); ay = bt; } else { const by = k.alloc('float32', w.n); by.array.set(y); ay = by; }
  }
  const f = k[w.fn], fg = k[w.fn + 'WithGrad'];
  const gopts = { ...opts, out };
  return w.mode === 'grad' ? () => fg(ax, ay, gopts).loss : () => f(ax, ay, opts);
}

// A fused JS loop as a careful user would write it: one pass, loss and gradient together, into a reused array.
const fused = {
  mseLoss(x, y, g) {
    const n = x.length, k = 2 / n;
    let s = 0;
    for (let i = 0; i < n; i++) { const d = x[i] - y[i]; s += d * d; g[i] = k * d; }
    return s / n;
  },
  l1Loss(x, y, g) {
    const n = x.length, k = 1 / n;
    let s = 0;
    for (let i = 0; i < n; i++) { const d = x[i] - y[i]; s += Math.abs(d); g[i] = k * ((d > 0) - (d < 0)); }
    return s / n;
  },
  crossEntropy(x, t, g, N, C) {
    let s = 0;
    for (let r = 0, o = 0; r < N; r++, o += C) {
      let m = -Infinity;
      for (let c = 0; c < C; c++) if (x[o + c] > m) m = x[o + c];
      let sum = 0;
      for (let c = 0; c < C; c++) { const e = Math.exp(x[o + c] - m); g[o + c] = e; sum += e; }
      s += Math.log(sum) + m - x[o + t[r]];
      const a = 1 / (sum * N);
      for (let c = 0; c < C; c++) g[o + c] *= a;
      g[o + t[r]] -= 1 / N;
    }
    return s / N;
  },
};

function fusedJs(w) {
  const f = fused[w.fn];
  if (!f || w.mode !== 'grad') return null;
  const { x, y, t } = inputs(w);
  const g = new Float32Array(w.n);
  const target = perRowTarget(w.fn) ? t : y;
  return () => f(x, target, g, w.N, w.C);
}

function naiveJs(w) {
  const { x, y, t } = inputs(w);
  const target = perRowTarget(w.fn) ? t : y;
  const f = w.mode === 'grad' ? naive[w.fn] : naiveForward[w.fn];
  return f ? () => f(x, target, w.N, w.C) : null;
}

async function tfjs(backend, w) {
  const tf = await useBackend(backend);
  const f = tfjsImpl(tf, w.fn, w.mode === 'grad');
  if (!f) return null;
  const { x, y, t } = inputs(w);
  const run = () => f(x, isClassFn(w.fn) ? t : y, w.N, w.C);
  run.before = () => useBackend(backend); // the tfjs backend is global: select it before each task
  return run;
}

/**
 * An earlier build of losskit (its dist/index.js) as three more implementations, measured side by side with this
 * one: `npm run bench -- --before ../old/dist/index.js` gives before/after ratios from one run.
 */
export async function addBefore(path) {
  const { createLosskitSync: create } = await import(new URL(path, `file://${process.cwd()}/`).href);
  const [bw, bj] = [create({ backend: 'wasm' }), create({ backend: 'js' })];
  IMPLS['before wasm'] = async (w) => losskit(bw, w, true);
  IMPLS['before wasm copy'] = async (w) => losskit(bw, w, false);
  IMPLS['before js'] = async (w) => losskit(bj, w, false);
}

/** name → async setup(workload) → function to time, or null where the implementation has no such loss. */
export const IMPLS = {
  'losskit wasm': async (w) => losskit(wasm, w, true),
  'losskit wasm copy': async (w) => losskit(wasm, w, false),
  'losskit wasm 2 threads': async (w) => losskit(threaded, w, true),
  'losskit js': async (w) => losskit(js, w, false),
  'fused JS': async (w) => fusedJs(w),
  'naive JS': async (w) => naiveJs(w),
  'tfjs wasm': (w) => tfjs('wasm', w),
  'tfjs cpu': (w) => tfjs('cpu', w),
};
