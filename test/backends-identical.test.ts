// The JS backend mirrors the kernels: for every export, dtype and size, its results equal the wasm module's
// to the bit (Object.is per element: NaN equals NaN, -0 differs from +0). The wasm side is the export itself,
// called directly on the same arrays (helpers/raw-wasm.ts), and, for inputs below the wasm backend's chunking
// threshold, the public API on a wasm instance (wasmFrom: 0) against a js instance. Fixed-seed data: random
// values plus extremes (±1e4, ±88, 0, 1, NaN, ±Infinity, subnormals).
import { describe, expect, it } from 'vitest';
import { jsKernels } from '../src/js/kernels.js';
import type { PointOp } from '../src/backend.js';
import { RawWasm, type Arg } from './helpers/raw-wasm.js';

type F = Float32Array | Float64Array;
type Dtype = 'f32' | 'f64';
const raw = new RawWasm();

/** mulberry32: a small fixed-seed generator. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
let rand = prng(20261130);
/** Each test draws from its own stream: its data does not depend on what the tests before it drew. */
const reseed = (seed: number): void => { rand = prng(seed); };

const EXTREMES = [0, -0, 1, -1, 0.5, 1e4, -1e4, 88, -88, 89, -89, 87.5, -87.5, 100, -100, 710, -746, 1e-40, -1e-40,
  1e-310, 1e-8, 1 - 1e-7, 2 ** -126, NaN, Infinity, -Infinity];
const SIZES = [1, 2, 3, 5, 7, 8, 15, 16, 17, 63, 64, 65, 255, 256, 257, 511, 1000, 4099];

const arr = (dt: Dtype, n: number): F => (dt === 'f32' ? new Float32Array(n) : new Float64Array(n));

/** Values drawn by `gen`, with `extremes` of them (a fraction) replaced by special values. */
function data(dt: Dtype, n: number, gen: () => number, extremes = 0.1): F {
  const a = arr(dt, n);
  for (let i = 0; i < n; i++) a[i] = rand() < extremes ? EXTREMES[Math.floor(rand() * EXTREMES.length)] : gen();
  return a;
}
const normal = (s = 3) => () => (rand() * 2 - 1) * s;
const unit = () => rand();
const sign = () => (rand() < 0.5 ? -1 : 1);

// ---- comparison -----------------------------------------------------------------------------------------
let compared = 0;
const mismatches: string[] = [];

/** Compares the results of one case; records its first mismatch. */
function same(label: string, js: number, wasm: number, pairs: [string, ArrayLike<number>, ArrayLike<number>][]): void {
  compared++;
  if (!Object.is(js, wasm)) { mismatches.push(`${label}: total js ${js} wasm ${wasm}`); return; }
  for (const [name, a, b] of pairs) {
    compared += a.length;
    for (let i = 0; i < a.length; i++) {
      if (!Object.is(a[i], b[i])) { mismatches.push(`${label}: ${name}[${i}] js ${a[i]} wasm ${b[i]}`); return; }
    }
  }
}

/** A fresh output pair (same initial contents for both backends: a sentinel, so unwritten slots compare too). */
function outs(dt: Dtype, n: number, want: boolean): [F | null, F | null] {
  if (!want) return [null, null];
  const a = arr(dt, n).fill(12345);
  return [a, a.slice() as F];
}

/** Asserts that the cases since the last check matched (the first ten mismatches are shown). */
function checkAll(): void {
  const found = mismatches.splice(0);
  console.log(`${compared} values compared, ${found.length} mismatching cases`);
  compared = 0;
  if (found.length) console.log(found.slice(0, 10).join("\n"));
  expect(found.slice(0, 10), `${found.length} mismatching cases`).toEqual([]);
}
export { arr, data, normal, unit, sign, same, outs, raw, rand, SIZES, checkAll };

// ---- element-wise losses --------------------------------------------------------------------------------
interface PointCase { op: PointOp; name: string; x: () => number; y: () => number; params: [number, number][]; pw?: () => number }
const POINT: PointCase[] = [
  { op: 'mse', name: 'mse', x: normal(), y: normal(), params: [[0, 0]] },
  { op: 'l1', name: 'l1', x: normal(), y: normal(), params: [[0, 0]] },
  { op: 'bce', name: 'bce', x: unit, y: unit, params: [[0, 0], [0.1, 0]] },
  { op: 'bceLogits', name: 'bce_logits', x: normal(20), y: unit, params: [[0, 0], [0.1, 0]], pw: () => rand() * 3 },
  { op: 'huber', name: 'huber', x: normal(), y: normal(), params: [[1, 0], [0.37, 0]] },
  { op: 'smoothL1', name: 'smooth_l1', x: normal(), y: normal(), params: [[1, 0], [0.37, 0]] },
  { op: 'softMargin', name: 'soft_margin', x: normal(30), y: sign, params: [[0, 0]] },
  { op: 'hingeEmbedding', name: 'hinge_embedding', x: normal(), y: sign, params: [[1, 0], [0.3, 0]] },
  { op: 'klDiv', name: 'kl_div', x: normal(), y: unit, params: [[0, 0]] },
  { op: 'klDivLog', name: 'kl_div_log', x: normal(), y: normal(5), params: [[0, 0]] },
  { op: 'poissonLog', name: 'poisson_log', x: normal(5), y: () => Math.floor(rand() * 8), params: [[0, 0]] },
  { op: 'poissonRate', name: 'poisson_rate', x: () => rand() * 5, y: () => Math.floor(rand() * 8), params: [[1e-8, 0]] },
  { op: 'focal', name: 'focal', x: normal(10), y: () => (rand() < 0.5 ? 0 : 1), params: [[0.25, 2], [-1, 0], [0.5, 1.5]] },
  { op: 'marginRanking', name: 'margin_ranking', x: normal(), y: normal(), params: [[0, 0], [0.5, 0]], pw: sign },
];

/** Element counts with a broadcast period: n itself and, when n has one, a smaller divisor. */
function periods(n: number): number[] {
  for (const p of [3, 5, 7, 16, 17, 64, 65]) if (n % p === 0 && p < n) return [n, p];
  return [n];
}

function pointCase(c: PointCase, dt: Dtype, n: number, prm: [number, number], variant: number): void {
  const extremes = variant & 8 ? 0.1 : 0; // half the cases on ordinary values only (finite totals)
  const x = data(dt, n, c.x, extremes), y = data(dt, n, c.y, extremes / 2);
  const weighted = variant & 1, withPw = (variant & 2) !== 0 && c.pw !== undefined, withGo = (variant & 4) !== 0;
  for (const period of periods(n)) {
    if (period < n && !weighted && !withPw) continue; // a period only exists for broadcast weights (src/losses/pointwise.ts)
    const w = weighted ? data(dt, period, () => rand() * 2, extremes / 5) : null;
    const pw = withPw ? data(dt, period, c.pw!, extremes / 5) : null;
    const go = withGo ? data(dt, n, normal(2), extremes / 5) : null;
    for (const mode of ['loss', 'grad', 'both', 'sum'] as const) {
      const [lj, lw] = outs(dt, n, mode === 'loss' || mode === 'both');
      const [gj, gw] = outs(dt, n, mode === 'grad' || mode === 'both');
      const scale = mode === 'sum' ? 1 : 1 / n;
      const js = jsKernels.pointwise(c.op, x, y, w, pw, period, go, lj, gj, scale, prm[0], prm[1]);
      const full = (a: F | null) => a !== null && a.length === n;
      const wasm = raw.call(`${c.name}_${dt}`, [x, y, w, full(w), pw, full(pw), go, n, period,
        lw && { out: lw }, gw && { out: gw }, scale, prm[0], prm[1]] as Arg[]);
      const label = `${c.op} ${dt} n=${n} period=${period} w=${!!w} pw=${!!pw} go=${!!go} ${mode} prm=${prm}`;
      same(label, js, wasm, [['loss', lj ?? [], lw ?? []], ['grad', gj ?? [], gw ?? []]]);
    }
  }
}

describe('JS backend = wasm exports, bit for bit', () => {
  it('element-wise losses (every Op, dtype, size; weights, pos_weight, gradOutput; none/sum/mean)', () => {
    for (const c of POINT) {
      for (const dt of ['f32', 'f64'] as const) {
        for (const n of SIZES) {
          for (const prm of c.params) for (let v = 0; v < 16; v++) pointCase(c, dt, n, prm, v);
        }
      }
    }
    checkAll();
  });

  it('sigmoid and log_sigmoid', () => {
    for (const op of ['sigmoid', 'logSigmoid'] as const) {
      for (const dt of ['f32', 'f64'] as const) {
        for (const n of SIZES) {
          const x = data(dt, n, normal(30), 0.2);
          const [oj, ow] = outs(dt, n, true);
          jsKernels.pointwise(op, x, x, null, null, n, null, oj, null, 1, 0, 0);
          raw.call(`${op === 'sigmoid' ? 'sigmoid' : 'log_sigmoid'}_${dt}`, [x, { out: ow! }, n]);
          same(`${op} ${dt} n=${n}`, 0, 0, [['out', oj!, ow!]]);
        }
      }
    }
    checkAll();
  });
});

// ---- class rows: cross-entropy, nll, softmax ---------------------------------------------------------------
const CLASSES = [1, 2, 3, 4, 5, 8, 10, 63, 64, 65, 100, 1000];
/** [N, D] shapes per class count: many rows for few classes, D > 1 for per-pixel inputs (both sides of L). */
function rowShapes(C: number): [number, number][] {
  const big = C >= 1000;
  return big ? [[1, 1], [3, 1], [2, 3]] : [[1, 1], [3, 1], [8, 1], [17, 1], [2, 3], [1, 4], [3, 5], [2, 9]];
}

function targets(n: number, C: number, ignore: number, ignoreRate: number): Int32Array {
  return Int32Array.from({ length: n }, () => (rand() < ignoreRate ? ignore : Math.floor(rand() * C)));
}

function probs(dt: Dtype, N: number, C: number, D: number): F {
  const y = data(dt, N * C * D, unit, 0);
  for (let n = 0; n < N; n++) for (let d = 0; d < D; d++) {
    let s = 0;
    for (let c = 0; c < C; c++) s += y[(n * C + c) * D + d];
    for (let c = 0; c < C; c++) y[(n * C + c) * D + d] /= s;
  }
  return y;
}

function ceCase(dt: Dtype, N: number, C: number, D: number, variant: number): void {
  const extremes = variant & 16 ? 0.05 : 0;
  const x = data(dt, N * C * D, normal(8), extremes);
  if (variant & 32) for (let i = 0; i < x.length; i++) x[i] *= 2000; // ±1e4 logits
  const isProbs = (variant & 1) !== 0;
  const ignore = -100;
  const t = isProbs ? null : targets(N * D, C, ignore, variant & 8 ? 0.3 : 0);
  const y = isProbs ? probs(dt, N, C, D) : null;
  const w = variant & 2 ? data(dt, C, () => rand() * 2, 0) : null;
  const eps = variant & 4 ? 0.1 : 0;
  const go = variant & 64 ? data(dt, N * D, normal(2), 0) : null;
  for (const mode of ['loss', 'grad', 'both', 'sum'] as const) {
    const [lj, lw] = outs(dt, N * D, mode === 'loss' || mode === 'both');
    const [gj, gw] = outs(dt, N * C * D, mode === 'grad' || mode === 'both');
    const scale = 1 / (N * D);
    const js = jsKernels.crossEntropy(x, t, y, w, N, C, D, ignore, eps, lj, gj, scale, go);
    const wasm = raw.call(`cross_entropy_${dt}`, [x, t, y, w, N, C, D, ignore, eps, lw && { out: lw }, gw && { out: gw }, scale, go] as Arg[]);
    same(`crossEntropy ${dt} [${N}, ${C}, ${D}] variant=${variant} ${mode}`, js, wasm, [['loss', lj ?? [], lw ?? []], ['grad', gj ?? [], gw ?? []]]);
  }
}

describe('JS backend = wasm exports, bit for bit: class rows', () => {
  it('cross-entropy (index and probability targets, weights, label smoothing, ignored rows, gradOutput, ±1e4 logits)', () => {
    for (const dt of ['f32', 'f64'] as const) {
      for (const C of CLASSES) for (const [N, D] of rowShapes(C)) for (let v = 0; v < 128; v += C >= 1000 ? 7 : 1) ceCase(dt, N, C, D, v);
    }
    checkAll();
  });

  it('nll', () => {
    for (const dt of ['f32', 'f64'] as const) {
      for (const C of CLASSES) for (const [N, D] of rowShapes(C)) for (let v = 0; v < 8; v++) {
        const x = data(dt, N * C * D, normal(5), v & 4 ? 0.1 : 0);
        const t = targets(N * D, C, -100, 0.25);
        const w = v & 1 ? data(dt, C, () => rand() * 2, 0) : null;
        const go = v & 2 ? data(dt, N * D, normal(2), 0) : null;
        const [lj, lw] = outs(dt, N * D, true);
        const [gj, gw] = outs(dt, N * C * D, true);
        const js = jsKernels.nll(x, t, w, N, C, D, -100, lj, gj, 0.7, go);
        const wasm = raw.call(`nll_${dt}`, [x, t, w, N, C, D, -100, { out: lw! }, { out: gw! }, 0.7, go] as Arg[]);
        same(`nll ${dt} [${N}, ${C}, ${D}] v=${v}`, js, wasm, [['loss', lj!, lw!], ['grad', gj!, gw!]]);
      }
    }
    checkAll();
  });

  it('softmax and log_softmax', () => {
    for (const dt of ['f32', 'f64'] as const) {
      for (const C of CLASSES) for (const [N, D] of rowShapes(C)) for (const log of [false, true]) for (const ext of [0, 0.1]) {
        const x = data(dt, N * C * D, normal(10), ext);
        const [oj, ow] = outs(dt, N * C * D, true);
        jsKernels.softmax(x, oj!, N, C, D, log);
        raw.call(`softmax_${dt}`, [x, { out: ow! }, N, C, D, log]);
        same(`${log ? 'logSoftmax' : 'softmax'} ${dt} [${N}, ${C}, ${D}] extremes=${ext}`, 0, 0, [['out', oj!, ow!]]);
      }
    }
    checkAll();
  });
});

// ---- row losses: cosine embedding, margins, triplet; Gaussian NLL and CTC ---------------------------------
const ROWS: [number, number][] = [[1, 1], [2, 3], [3, 4], [5, 5], [4, 8], [2, 17], [3, 63], [2, 64], [2, 65], [1, 1000]];
const pairs = (names: string[], js: (F | null)[], wasm: (F | null)[]): [string, ArrayLike<number>, ArrayLike<number>][] =>
  names.map((name, i) => [name, js[i] ?? [], wasm[i] ?? []]);

/**
 * The largest difference between the two backends per loss, in ulps of the largest magnitude of the array
 * it is in (gradients that are sums of cancelling terms carry the absolute error of their terms); NaN, ±Inf
 * must agree exactly. A case more than `bound` such ulps apart is a mismatch.
 */
const worstUlps: Record<string, number> = {};
function within(label: string, dt: Dtype, js: number, wasm: number, arrays: [string, ArrayLike<number>, ArrayLike<number>][], bound = 4): void {
  const ulp = (m: number) => 2 ** (Math.max(Math.floor(Math.log2(m)), dt === 'f32' ? -126 : -1022) - (dt === 'f32' ? 23 : 52));
  const apart = (a: number, b: number, m: number): number =>
    Object.is(a, b) ? 0 : !Number.isFinite(a) || !Number.isFinite(b) ? Infinity : Math.abs(a - b) / ulp(m);
  compared++;
  let worst = apart(js, wasm, Math.max(Math.abs(js), Math.abs(wasm)));
  for (const [, a, b] of arrays) {
    compared += a.length;
    let m = 0;
    for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i])) m = Math.max(m, Math.abs(a[i]));
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, apart(a[i], b[i], m));
  }
  const key = `${label.split(' ')[0]} ${dt}`;
  worstUlps[key] = Math.max(worstUlps[key] ?? 0, worst);
  if (worst > bound) mismatches.push(`${label}: ${worst} ulps apart`);
}

describe('JS backend = wasm exports: row losses', () => {
  it('cosine embedding (bit for bit)', () => {
    for (const dt of ['f32', 'f64'] as const) for (const [N, D] of ROWS) for (let v = 0; v < 8; v++) {
      const ext = v & 4 ? 0.05 : 0;
      const x1 = data(dt, N * D, normal(), ext), x2 = data(dt, N * D, normal(), ext);
      const y = data(dt, N, () => [1, -1, 1, -1, 0][Math.floor(rand() * 5)], 0);
      const go = v & 1 ? data(dt, N, normal(2), 0) : null;
      const [lj, lw] = outs(dt, N, true), [aj, aw] = outs(dt, N * D, (v & 2) !== 0), [bj, bw] = outs(dt, N * D, (v & 2) !== 0);
      const js = jsKernels.cosineEmbedding(x1, x2, y, N, D, 0.2, lj, aj, bj, 1 / N, go);
      const wasm = raw.call(`cosine_embedding_${dt}`, [x1, x2, y, N, D, 0.2, { out: lw! }, aw && { out: aw }, bw && { out: bw }, 1 / N, go] as Arg[]);
      same(`cosineEmbedding ${dt} [${N}, ${D}] v=${v}`, js, wasm, pairs(['loss', 'g1', 'g2'], [lj, aj, bj], [lw, aw, bw]));
    }
    checkAll();
  });

  it('box IoU losses: GIoU, DIoU, CIoU (bit for bit; identical, edge-sharing and random boxes, extremes)', () => {
    reseed(13);
    for (const dt of ['f32', 'f64'] as const) for (const N of SIZES.filter((n) => n <= 1000)) for (let v = 0; v < 8; v++) {
      const b1 = data(dt, 4 * N, normal(5), v & 4 ? 0.05 : 0), b2 = data(dt, 4 * N, normal(5), v & 4 ? 0.05 : 0);
      for (let i = 0; i < 4 * N; i++) { // a quarter of the coordinates equal (ties), some shifted by a side (shared edges)
        const r = rand();
        if (r < 0.25) b2[i] = b1[i];
        else if (r < 0.35) b2[i] = b1[i ^ 2];
      }
      const go = v & 1 ? data(dt, N, normal(2), 0) : null;
      for (const kind of ['giou', 'diou', 'ciou'] as const) {
        const [lj, lw] = outs(dt, N, true), [aj, aw] = outs(dt, 4 * N, (v & 2) !== 0), [bj, bw] = outs(dt, 4 * N, (v & 2) !== 0);
        const js = jsKernels.boxIou(kind, b1, b2, N, lj, aj, bj, 1 / N, go);
        const wasm = raw.call(`box_iou_${dt}`, [['giou', 'diou', 'ciou'].indexOf(kind), b1, b2, N, { out: lw! }, aw && { out: aw }, bw && { out: bw }, 1 / N, go] as Arg[]);
        same(`boxIou ${kind} ${dt} N=${N} v=${v}`, js, wasm, pairs(['loss', 'g1', 'g2'], [lj, aj, bj], [lw, aw, bw]));
      }
    }
    checkAll();
  });

  it('multi margin and multilabel margin (bit for bit)', () => {
    for (const dt of ['f32', 'f64'] as const) for (const C of CLASSES.filter((c) => c <= 100)) for (const N of [1, 3, 7]) for (let v = 0; v < 16; v++) {
      const x = data(dt, N * C, normal(), v & 8 ? 0.05 : 0);
      const go = v & 1 ? data(dt, N, normal(2), 0) : null;
      const [lj, lw] = outs(dt, N, true), [gj, gw] = outs(dt, N * C, (v & 2) !== 0);
      if (v & 4) {
        const t = new Int32Array(N * C).fill(-1);
        for (let n = 0; n < N; n++) { const k = Math.floor(rand() * (C + 1)); for (let j = 0; j < k; j++) t[n * C + j] = Math.floor(rand() * C); }
        const js = jsKernels.multilabelMargin(x, t, N, C, lj, gj, 0.5, go);
        const wasm = raw.call(`multilabel_margin_${dt}`, [x, t, { out: new Int32Array(C) }, N, C, { out: lw! }, gw && { out: gw }, 0.5, go] as Arg[]);
        same(`multilabelMargin ${dt} [${N}, ${C}] v=${v}`, js, wasm, pairs(['loss', 'grad'], [lj, gj], [lw, gw]));
      } else {
        const t = targets(N, C, -1, 0);
        const w = v & 8 ? data(dt, C, () => rand() * 2, 0) : null;
        for (const p of [1, 2] as const) {
          const [lj2, lw2] = outs(dt, N, true), [gj2, gw2] = outs(dt, N * C, (v & 2) !== 0);
          const js = jsKernels.multiMargin(x, t, w, N, C, p, 0.7, lj2, gj2, 0.5, go);
          const wasm = raw.call(`multi_margin_${dt}`, [x, t, w, N, C, p === 2, 0.7, { out: lw2! }, gw2 && { out: gw2 }, 0.5, go] as Arg[]);
          same(`multiMargin ${dt} [${N}, ${C}] p=${p} v=${v}`, js, wasm, pairs(['loss', 'grad'], [lj2, gj2], [lw2, gw2]));
        }
      }
    }
    checkAll();
  });

  it('categorical hinge, categorical focal and poly-1 (bit for bit)', () => {
    const ops = [['categoricalHinge', 'categorical_hinge', [[0, 0]]], ['categoricalFocal', 'categorical_focal', [[0.25, 2], [1, 0], [0.3, 1.5]]],
      ['poly', 'poly', [[2, 0], [-0.7, 0]]]] as const;
    for (const [op, stem, params] of ops) for (const dt of ['f32', 'f64'] as const) for (const C of CLASSES) for (const [N, D] of [[1, 1], [3, 1], [2, 3]]) for (let v = 0; v < 16; v++) {
      const x = data(dt, N * C * D, normal(v & 8 ? 60 : 3), v & 8 ? 0.05 : 0);
      const t = v & 4 ? null : targets(N * D, C, 0, 0), y = v & 4 ? probs(dt, N, C, D) : null;
      const go = v & 1 ? data(dt, N * D, normal(2), 0) : null;
      for (const [prm, prm2] of params) {
        const [lj, lw] = outs(dt, N * D, true), [gj, gw] = outs(dt, N * C * D, (v & 2) !== 0);
        const js = jsKernels.categorical(op, x, t, y, N, C, D, prm, prm2, lj, gj, 0.5, go);
        const wasm = raw.call(`${stem}_${dt}`, [x, t, y, N, C, D, prm, prm2, { out: lw! }, gw && { out: gw }, 0.5, go] as Arg[]);
        same(`${op} ${dt} [${N}, ${C}, ${D}] (${prm}, ${prm2}) v=${v}`, js, wasm, pairs(['loss', 'grad'], [lj, gj], [lw, gw]));
      }
    }
    checkAll();
  });

  function tripletCase(dt: Dtype, N: number, D: number, q: number, v: number, check: typeof same): void {
    const ext = v & 8 ? 0.05 : 0;
    const a = data(dt, N * D, normal(), ext), p = data(dt, N * D, normal(), ext), n = data(dt, N * D, normal(), ext);
    const go = v & 1 ? data(dt, N, normal(2), 0) : null;
    const swap = (v & 2) !== 0, cosine = (v & 4) !== 0;
    const [lj, lw] = outs(dt, N, true);
    const g = [0, 1, 2].map(() => outs(dt, N * D, true));
    const js = jsKernels.triplet(a, p, n, N, D, 1, q, 1e-6, swap, cosine, lj, g[0][0], g[1][0], g[2][0], 1 / N, go);
    const wasm = raw.call(`triplet_${dt}`, [a, p, n, N, D, 1, q, 1e-6, swap, cosine, { out: lw! }, { out: g[0][1]! }, { out: g[1][1]! }, { out: g[2][1]! }, 1 / N, go] as Arg[]);
    check(`triplet ${dt} [${N}, ${D}] q=${q} v=${v}`, js, wasm, pairs(['loss', 'ga', 'gp', 'gn'], [lj, g[0][0], g[1][0], g[2][0]], [lw, g[0][1], g[1][1], g[2][1]]));
  }

  it('triplet margin with q = 1, 2 and the cosine distance (bit for bit)', () => {
    for (const dt of ['f32', 'f64'] as const) for (const [N, D] of ROWS) for (const q of [1, 2]) for (let v = 0; v < 16; v++) tripletCase(dt, N, D, q, v, same);
    checkAll();
  });

  it('triplet margin with other q, Gaussian NLL, CTC: within the bound of their Math.pow/log/exp (README)', () => {
    reseed(7);
    // bounds (README, accuracy section): float32 results within 1 ulp; float64 within 32 (triplet), 1 (Gaussian
    // NLL) and 128 (CTC, whose gradient exp(lp) - exp(lcab + nll - lp) cancels) ulps of the array's maximum
    const check = (dt: Dtype) => (label: string, js: number, wasm: number, arrays: [string, ArrayLike<number>, ArrayLike<number>][]) =>
      within(label, dt, js, wasm, arrays, dt === 'f32' ? 1 : 32);
    for (const dt of ['f32', 'f64'] as const) {
      for (const [N, D] of ROWS) for (let v = 0; v < 16; v += 2) tripletCase(dt, N, D, 3, v & ~4, check(dt));
      for (const n of SIZES) for (const k of [1, 5]) for (let v = 0; v < 4; v++) {
        if (n % k !== 0) continue;
        const x = data(dt, n, normal(), 0), y = data(dt, n, normal(), 0), vr = data(dt, n / k, () => rand() * 3, 0.02);
        const go = v & 1 ? data(dt, n, normal(2), 0) : null;
        const [lj, lw] = outs(dt, n, true), [gj, gw] = outs(dt, n, true), [hj, hw] = outs(dt, n / k, true);
        const full = (v & 2) !== 0;
        const js = jsKernels.gaussianNll(x, y, vr, k, 1e-6, full, lj, gj, hj, 1 / n, go);
        const wasm = raw.call(`gaussian_nll_${dt}`, [x, y, vr, n, k, 1e-6, full, { out: lw! }, { out: gw! }, { out: hw! }, 1 / n, go] as Arg[]);
        within(`gaussianNll ${dt} n=${n} k=${k} v=${v}`, dt, js, wasm, pairs(['loss', 'gx', 'gv'], [lj, gj, hj], [lw, gw, hw]), 1);
      }
      for (const [Tm, N, C] of [[5, 2, 4], [12, 3, 6], [30, 4, 10], [50, 2, 28]]) for (const zeroInf of [false, true]) {
        const lp = arr(dt, Tm * N * C);
        for (let t = 0; t < Tm; t++) for (let n = 0; n < N; n++) {
          let sum = 0;
          const row = (t * N + n) * C;
          for (let c = 0; c < C; c++) { lp[row + c] = rand() * 4; sum += Math.exp(lp[row + c]); }
          for (let c = 0; c < C; c++) lp[row + c] -= Math.log(sum);
        }
        const inLens = Int32Array.from({ length: N }, (_, n) => (n === 0 ? Tm : 1 + Math.floor(rand() * Tm)));
        const tgLens = Int32Array.from(inLens, (t) => Math.floor(rand() * Math.min(t, 8)) + (t > 3 ? 1 : 0));
        const offsets = new Int32Array(N);
        for (let n = 1; n < N; n++) offsets[n] = offsets[n - 1] + tgLens[n - 1];
        const tg = Int32Array.from({ length: offsets[N - 1] + tgLens[N - 1] }, () => 1 + Math.floor(rand() * (C - 1)));
        const sMax = Math.max(...tgLens);
        const sc = data(dt, N, () => 1 / N, 0);
        const [lj, lw] = outs(dt, N, true), [gj, gw] = outs(dt, Tm * N * C, true);
        const js = jsKernels.ctc(lp, tg, offsets, inLens, tgLens, Tm, N, C, 0, zeroInf, sMax, lj!, gj, sc);
        const width = 2 * sMax + 1;
        const wasm = raw.call(`ctc_${dt}`, [lp, tg, offsets, inLens, tgLens, Tm, N, C, 0, zeroInf, { out: lw! }, { out: gw! }, sc, { out: new Float64Array(2 * Tm * width + C) }, width] as Arg[]);
        within(`ctc ${dt} [${Tm}, ${N}, ${C}] zeroInf=${zeroInf}`, dt, js, wasm, pairs(['loss', 'grad'], [lj, gj], [lw, gw]), dt === 'f32' ? 1 : 128);
      }
    }
    console.log('worst differences (ulps of the array maximum):', JSON.stringify(worstUlps));
    checkAll();
  });
});

// ---- Keras's overlap row losses (cosine similarity, dice, tversky) and optax's NT-Xent --------------------------
describe('JS backend = wasm exports: overlap losses and NT-Xent', () => {
  it('cosine similarity, dice, tversky (bit for bit; zero rows, 0/1 and soft masks, gradOutput)', () => {
    reseed(13);
    for (const dt of ['f32', 'f64'] as const) for (const [N, C] of ROWS) for (let v = 0; v < 16; v++) {
      const kind = v % 3, cosine = kind === 0;
      const x = data(dt, N * C, cosine ? normal() : unit, v & 8 ? 0.05 : 0);
      const y = data(dt, N * C, cosine ? normal() : v & 4 ? unit : () => +(rand() < 0.4), 0);
      if (v & 4) x.fill(0, 0, C); // a zero row
      const go = v & 1 ? data(dt, N, normal(2), 0) : null;
      const [lj, lw] = outs(dt, N, true), [gj, gw] = outs(dt, N * C, (v & 2) !== 0);
      const kinds = ['cosine', 'dice', 'tversky'] as const;
      const js = jsKernels.overlap(x, y, N, C, kinds[kind], 0.3, 0.7, lj, gj, 1 / N, go);
      const wasm = raw.call(`overlap_${dt}`, [x, y, N, C, kind, 0.3, 0.7, { out: lw! }, gw && { out: gw }, 1 / N, go] as Arg[]);
      same(`overlap ${kinds[kind]} ${dt} [${N}, ${C}] v=${v}`, js, wasm, pairs(['loss', 'grad'], [lj, gj], [lw, gw]));
    }
    checkAll();
  });

  it('NT-Xent (bit for bit; label groups, single members, no positive pair, a zero embedding)', () => {
    reseed(17);
    for (const dt of ['f32', 'f64'] as const) for (const [N, D] of [...ROWS, [9, 5], [16, 3]] as [number, number][]) for (let v = 0; v < 8; v++) {
      const x = data(dt, N * D, normal(), v & 4 ? 0.05 : 0);
      if (v & 2) x.fill(0, 0, D);
      const groups = v & 1 ? N : 1 + Math.floor(rand() * 3);
      const t = Int32Array.from({ length: N }, () => Math.floor(rand() * groups));
      const [gj, gw] = outs(dt, N * D, true);
      const work = arr(dt, N * D + 3 * N);
      const js = jsKernels.ntXent(x, t, N, D, 0.07, work, gj, 1 / 3);
      const wasm = raw.call(`nt_xent_${dt}`, [x, t, N, D, 0.07, { out: arr(dt, N * D + 3 * N) }, { out: gw! }, 1 / 3] as Arg[]);
      same(`ntXent ${dt} [${N}, ${D}] v=${v}`, js, wasm, pairs(['grad'], [gj], [gw]));
    }
    checkAll();
  });
});

// ---- the vector math, lane by lane --------------------------------------------------------------------
import { exp_f32x4, exp_f64x2, expneg_f32x4, expneg_f64x2 } from '../src/js/math/exp.js';
import { log_f32x4, log_f64x2, vlog1p } from '../src/js/math/log.js';
import { useElem } from '../src/js/math/consts.js';

/** Every 257th float32 bit pattern (all signs, exponents, subnormals, ±0, ±Inf, NaN), and float64 values at every exponent. */
function sweep(dt: Dtype): F {
  if (dt === 'f32') {
    const bits = new Int32Array(Math.ceil(2 ** 32 / 257) + 8);
    for (let i = 0, b = 0; i < bits.length - 8; i++, b += 257) bits[i] = b | 0;
    new Float32Array(bits.buffer).set([0, -0, Infinity, -Infinity, NaN, 1, -1, 2 ** -149], bits.length - 8);
    return new Float32Array(bits.buffer);
  }
  const a = new Float64Array(2 * 2100 * 40);
  let k = 0;
  for (let e = -1074; e < 1025; e++) for (let j = 0; j < 40; j++) { const v = 2 ** e * (1 + rand()); a[k++] = v; a[k++] = -v; }
  a.set([0, -0, Infinity, -Infinity, NaN, 1, -1, 5e-324], a.length - 8);
  return a;
}

describe('JS vector math = wasm vector math, bit for bit', () => {
  const fns = {
    exp: [exp_f32x4, exp_f64x2], log: [log_f32x4, log_f64x2], log1p: [(v: number) => vlog1p(v, useElem(true)), (v: number) => vlog1p(v, useElem(false))],
    expneg: [expneg_f32x4, expneg_f64x2],
  } as const;
  for (const [name, [fn32, fn64]] of Object.entries(fns)) {
    it(`${name}: float32 bit-pattern sweep and float64 exponent sweep`, () => {
      for (const dt of ['f32', 'f64'] as const) {
        let x = sweep(dt);
        if (name === 'expneg') x = x.filter((v) => !(v > 0)) as F;
        x = x.subarray(0, x.length & ~3) as F;
        const out = arr(dt, x.length);
        raw.call(`${name}_map_${dt}`, [x, { out }, x.length]);
        const js = arr(dt, x.length);
        const f = dt === 'f32' ? fn32 : fn64;
        for (let i = 0; i < x.length; i++) js[i] = f(x[i]);
        same(`${name} ${dt}`, 0, 0, [[`${name}(x)`, js, out]]);
      }
      checkAll();
    });
  }
});

// ---- through the public API: a wasm instance (wasmFrom: 0) against a js instance -------------------------
import { wasm as wasmApi, js as jsApi } from './helpers/backends.js';

type Api = Record<string, (...a: unknown[]) => unknown>;
interface ApiCase { fn: string; args: (dt: Dtype, n: number) => unknown[]; opts?: (dt: Dtype, n: number) => Record<string, unknown>[] }

const rows = (n: number): [number, number] => (n % 10 === 0 ? [n / 10, 10] : [n, 1]);
const API_CASES: ApiCase[] = [
  { fn: 'mseLoss', args: (dt, n) => [data(dt, n, normal()), data(dt, n, normal())] },
  { fn: 'l1Loss', args: (dt, n) => [data(dt, n, normal()), data(dt, n, normal())] },
  { fn: 'huberLoss', args: (dt, n) => [data(dt, n, normal()), data(dt, n, normal())], opts: () => [{ delta: 0.7 }] },
  { fn: 'smoothL1Loss', args: (dt, n) => [data(dt, n, normal()), data(dt, n, normal())], opts: () => [{ beta: 0.7 }] },
  { fn: 'binaryCrossEntropy', args: (dt, n) => [data(dt, n, unit, 0), data(dt, n, unit, 0)], opts: (dt, n) => [{}, { weight: data(dt, n, unit, 0) }, { labelSmoothing: 0.1 }] },
  {
    fn: 'binaryCrossEntropyWithLogits', args: (dt, n) => [data(dt, n, normal(20), 0), data(dt, n, unit, 0)],
    opts: (dt, n) => [{}, { weight: data(dt, n, unit, 0) }, { posWeight: data(dt, n, () => rand() * 3, 0) }],
  },
  { fn: 'softMarginLoss', args: (dt, n) => [data(dt, n, normal(30), 0), data(dt, n, sign, 0)] },
  { fn: 'sigmoidFocalLoss', args: (dt, n) => [data(dt, n, normal(10), 0), data(dt, n, () => (rand() < 0.5 ? 0 : 1), 0)] },
  { fn: 'crossEntropy', args: (dt, n) => { const [N, C] = rows(n); return [data(dt, n, normal(8), 0), targets(N, C, -100, 0.2)]; }, opts: (dt, n) => [{ shape: rows(n) }, { shape: rows(n), labelSmoothing: 0.1 }, { shape: rows(n), weight: data(dt, rows(n)[1], unit, 0) }] },
  { fn: 'nllLoss', args: (dt, n) => { const [N, C] = rows(n); return [data(dt, n, normal(8), 0), targets(N, C, -100, 0.2)]; }, opts: (dt, n) => [{ shape: rows(n) }] },
  { fn: 'categoricalFocalLoss', args: (dt, n) => { const [N, C] = rows(n); return [data(dt, n, normal(8), 0), targets(N, C, 0, 0)]; }, opts: (dt, n) => [{ shape: rows(n) }, { shape: rows(n), gamma: 1.5, alpha: 0.3 }] },
];

describe('JS backend = wasm backend through the public API (inputs up to 64K elements: no chunking)', () => {
  it('losses and gradients, every reduction', () => {
    for (const c of API_CASES) for (const dt of ['f32', 'f64'] as const) for (const n of [1, 7, 17, 1000, 4099, 65530]) {
      const args = c.args(dt, n);
      for (const opts of c.opts?.(dt, n) ?? [{}]) for (const reduction of ['none', 'sum', 'mean']) {
        const o = { ...opts, reduction };
        const label = `${c.fn} ${dt} n=${n} ${JSON.stringify(Object.keys(opts))} ${reduction}`;
        const lj = (jsApi as unknown as Api)[c.fn](...args, o), lw = (wasmApi as unknown as Api)[c.fn](...args, o);
        const gj = (jsApi as unknown as Api)[c.fn + 'WithGrad'](...args, o) as { loss: number | F; grad: F };
        const gw = (wasmApi as unknown as Api)[c.fn + 'WithGrad'](...args, o) as { loss: number | F; grad: F };
        if (typeof lj === 'number') same(label, lj, lw as number, [['grad', gj.grad, gw.grad]]);
        else same(label, 0, 0, [['loss', lj as F, lw as F], ['grad', gj.grad, gw.grad]]);
        if (typeof gj.loss === 'number') same(label + ' withGrad', gj.loss, gw.loss as number, []);
      }
    }
    checkAll();
  });

  it('weight = all ones gives the unweighted results (one algorithm, whatever the options)', () => {
    for (const fn of ['binaryCrossEntropy', 'binaryCrossEntropyWithLogits']) for (const dt of ['f32', 'f64'] as const) {
      const n = 1000;
      const args = [data(dt, n, fn === 'binaryCrossEntropy' ? unit : normal(20), 0), data(dt, n, unit, 0)];
      const ones = dt === 'f32' ? new Float32Array(n).fill(1) : new Float64Array(n).fill(1);
      for (const reduction of ['none', 'sum', 'mean']) {
        const plain = (jsApi as unknown as Api)[fn + 'WithGrad'](...args, { reduction }) as { loss: number | F; grad: F };
        const weighted = (jsApi as unknown as Api)[fn + 'WithGrad'](...args, { reduction, weight: ones }) as { loss: number | F; grad: F };
        const losses: [string, ArrayLike<number>, ArrayLike<number>][] = typeof plain.loss === 'number' ? [] : [['loss', plain.loss, weighted.loss as F]];
        same(`${fn} ${dt} ${reduction} weight=1`, typeof plain.loss === 'number' ? plain.loss : 0, typeof weighted.loss === 'number' ? weighted.loss : 0, [...losses, ['grad', plain.grad, weighted.grad]]);
      }
    }
    checkAll();
  });

  it('activations', () => {
    for (const fn of ['softmax', 'logSoftmax', 'sigmoid', 'logSigmoid']) for (const dt of ['f32', 'f64'] as const) for (const n of [1, 7, 1000, 4099, 65530]) {
      const x = data(dt, n, normal(10), 0.02);
      const opts = fn.endsWith('oftmax') ? { shape: rows(n) } : {};
      same(`${fn} ${dt} n=${n}`, 0, 0, [['out', (jsApi as unknown as Api)[fn](x, opts) as F, (wasmApi as unknown as Api)[fn](x, opts) as F]]);
    }
    checkAll();
  });
});
