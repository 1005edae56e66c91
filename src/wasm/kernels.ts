// The wasm backend: lays each call's arrays out in memory (zero-copy where they already live there, else
// through the scratch block), runs one export, copies the results back. Large copying calls go in chunks
// of about CHUNK elements, so that the copies in, the kernel and the copies out all work on data that is
// still in the L2 cache instead of streaming every array through memory twice.
import type { Kernels, PointOp } from '../backend.js';
import type { FloatArray } from '../types.js';
import type { WasmExports } from './loader.js';
import { Frame, Heap } from './memory.js';
import { jsKernels } from '../js/kernels.js';

const CHUNK = 1 << 14;

const exportName: Record<PointOp, string> = {
  mse: 'mse', l1: 'l1', bce: 'bce', bceLogits: 'bce_logits', sigmoid: 'sigmoid', logSigmoid: 'log_sigmoid',
  huber: 'huber', smoothL1: 'smooth_l1', softMargin: 'soft_margin', hingeEmbedding: 'hinge_embedding',
  klDiv: 'kl_div', klDivLog: 'kl_div_log', poissonLog: 'poisson_log', poissonRate: 'poisson_rate', focal: 'focal',
  marginRanking: 'margin_ranking',
};

type Fn = (...args: number[]) => number;

/** The exports of one element type, looked up once (not by name on every call). */
function table(exports: WasmExports, suffix: string) {
  const get = (name: string): Fn => exports[name + suffix];
  return {
    pointwise: Object.fromEntries(Object.entries(exportName).map(([op, name]) => [op, get(name)])) as Record<PointOp, Fn>,
    crossEntropy: get('cross_entropy'),
    nll: get('nll'),
    cosineEmbedding: get('cosine_embedding'),
    multiMargin: get('multi_margin'),
    multilabelMargin: get('multilabel_margin'),
    triplet: get('triplet'),
    gaussianNll: get('gaussian_nll'),
    ctc: get('ctc'),
    firstOutside01: get('first_outside01'),
    softmax: get('softmax'),
  };
}
const part = <A extends FloatArray | Int32Array>(a: A | null, from: number, to: number): A | null =>
  a === null ? null : (a.subarray(from, to) as A);

const isInt32 = (v: number): boolean => v >= -0x80000000 && v <= 0x7fffffff;
/** ignoreIndex as the module's i32: outside int32 it can match no target, nor can -2^31 once targets are checked. */
const int32Ignore = (ignore: number): number => (isInt32(ignore) ? ignore : -0x80000000);

export function wasmKernels(exports: WasmExports, heap: Heap): Kernels {
  const frame = new Frame(heap);
  // multilabel margin's C bytes of flags: an output slot that is never copied back, so its room comes from
  // the scratch block with the rest of the call (memory may only grow inside the frame)
  let mark = new Int32Array(16);
  let work = new Int32Array(16); // CTC's float64 α, β and lcab: the same kind of never-copied output slot
  const f32 = table(exports, '_f32'), f64 = table(exports, '_f64');
  const fns = (x: FloatArray) => (x instanceof Float32Array ? f32 : f64);
  const countTargets = exports.count_class_targets;
  /** Whether a call on n elements of x goes in chunks (copying path, large). */
  const inChunks = (x: FloatArray): boolean => x.length > 4 * CHUNK && x.buffer !== heap.buffer;

  function pointwise(
    op: PointOp, x: FloatArray, y: FloatArray, w: FloatArray | null, pw: FloatArray | null, period: number,
    go: FloatArray | null, loss: FloatArray | null, grad: FloatArray | null, scale: number, param: number,
    param2: number,
  ): number {
    const n = x.length, f = frame;
    if (op === 'sigmoid' || op === 'logSigmoid') {
      f.set(0, x, false); f.set(1, loss, true);
      f.lay();
      fns(x).pointwise[op](f.ptr(0), f.ptr(1), n);
      f.finish();
      return 0;
    }
    f.set(0, x, false); f.set(1, y, false); f.set(2, w, false); f.set(3, pw, false); f.set(4, go, false);
    f.set(5, loss, true); f.set(6, grad, true);
    f.lay();
    const wFull = w !== null && w.length === n ? 1 : 0;
    const pwFull = pw !== null && pw.length === n ? 1 : 0;
    const total = fns(x).pointwise[op](f.ptr(0), f.ptr(1), f.ptr(2), wFull, f.ptr(3), pwFull, f.ptr(4), n, period,
      f.ptr(5), f.ptr(6), scale, param, param2);
    f.finish();
    return total;
  }

  function crossEntropy(
    x: FloatArray, t: Int32Array | null, y: FloatArray | null, w: FloatArray | null, N: number, C: number, D: number,
    ignore: number, eps: number, loss: FloatArray | null, grad: FloatArray | null, scale: number, go: FloatArray | null,
  ): number {
    const f = frame;
    f.set(0, x, false); f.set(1, t, false); f.set(2, y, false); f.set(3, w, false); f.set(4, go, false);
    f.set(5, loss, true); f.set(6, grad, true);
    f.lay();
    const total = fns(x).crossEntropy(f.ptr(0), f.ptr(1), f.ptr(2), f.ptr(3), N, C, D, int32Ignore(ignore), eps, f.ptr(5), f.ptr(6),
      scale, f.ptr(4));
    f.finish();
    return total;
  }

  return {
    name: 'wasm',
    pointwise(op, x, y, w, pw, period, go, loss, grad, scale, param, param2) {
      const n = x.length;
      if (!inChunks(x)) return pointwise(op, x, y, w, pw, period, go, loss, grad, scale, param, param2);
      // chunks hold whole rows when the weights repeat along them, so each chunk sees them from the start
      const step = period < n ? Math.max(1, Math.floor(CHUNK / period)) * period : CHUNK;
      const full = (a: FloatArray | null) => a !== null && a.length === n;
      let total = 0;
      for (let i = 0; i < n; i += step) {
        const e = Math.min(n, i + step);
        total += pointwise(op, x.subarray(i, e), op === 'sigmoid' || op === 'logSigmoid' ? x : y.subarray(i, e),
          full(w) ? part(w, i, e) : w, full(pw) ? part(pw, i, e) : pw, period, part(go, i, e), part(loss, i, e),
          part(grad, i, e), scale, param, param2);
      }
      return total;
    },
    crossEntropy(x, t, y, w, N, C, D, ignore, eps, loss, grad, scale, go) {
      if (!inChunks(x)) return crossEntropy(x, t, y, w, N, C, D, ignore, eps, loss, grad, scale, go);
      const rowSize = C * D;
      const rows = Math.max(1, Math.floor(CHUNK / rowSize));
      let total = 0;
      for (let n = 0; n < N; n += rows) {
        const m = Math.min(N, n + rows);
        const a = n * rowSize, b = m * rowSize, ra = n * D, rb = m * D;
        total += crossEntropy(x.subarray(a, b), part(t, ra, rb), part(y, a, b), w, m - n, C, D, ignore, eps,
          part(loss, ra, rb), part(grad, a, b), scale, part(go, ra, rb));
      }
      return total;
    },
    nll(x, t, w, N, C, D, ignore, loss, grad, scale, go) {
      const f = frame;
      f.set(0, x, false); f.set(1, t, false); f.set(2, w, false); f.set(3, go, false);
      f.set(4, loss, true); f.set(5, grad, true);
      f.lay();
      const total = fns(x).nll(f.ptr(0), f.ptr(1), f.ptr(2), N, C, D, int32Ignore(ignore), f.ptr(4), f.ptr(5), scale, f.ptr(3));
      f.finish();
      return total;
    },
    cosineEmbedding(x1, x2, y, N, D, margin, loss, g1, g2, scale, go) {
      const f = frame;
      f.set(0, x1, false); f.set(1, x2, false); f.set(2, y, false); f.set(3, go, false);
      f.set(4, loss, true); f.set(5, g1, true); f.set(6, g2, true);
      f.lay();
      const total = fns(x1).cosineEmbedding(f.ptr(0), f.ptr(1), f.ptr(2), N, D, margin, f.ptr(4), f.ptr(5), f.ptr(6),
        scale, f.ptr(3));
      f.finish();
      return total;
    },
    multiMargin(x, t, w, N, C, p, margin, loss, grad, scale, go) {
      const f = frame;
      f.set(0, x, false); f.set(1, t, false); f.set(2, w, false); f.set(3, go, false);
      f.set(4, loss, true); f.set(5, grad, true);
      f.lay();
      const total = fns(x).multiMargin(f.ptr(0), f.ptr(1), f.ptr(2), N, C, p === 2 ? 1 : 0, margin, f.ptr(4), f.ptr(5),
        scale, f.ptr(3));
      f.finish();
      return total;
    },
    multilabelMargin(x, t, N, C, loss, grad, scale, go) {
      if (mark.length * 4 < C) mark = new Int32Array(Math.ceil(C / 4));
      const f = frame;
      f.set(0, x, false); f.set(1, t, false); f.set(2, go, false); f.set(3, loss, true); f.set(4, grad, true);
      f.set(5, mark, true);
      f.lay();
      const total = fns(x).multilabelMargin(f.ptr(0), f.ptr(1), f.ptr(5), N, C, f.ptr(3), f.ptr(4), scale, f.ptr(2));
      f.finish();
      return total;
    },
    triplet(a, p, n, N, D, margin, q, eps, swap, cosine, loss, ga, gp, gn, scale, go) {
      const f = frame;
      f.set(0, a, false); f.set(1, p, false); f.set(2, n, false); f.set(3, go, false);
      f.set(4, loss, true); f.set(5, ga, true); f.set(6, gp, true); f.set(7, gn, true);
      f.lay();
      const total = fns(a).triplet(f.ptr(0), f.ptr(1), f.ptr(2), N, D, margin, q, eps, swap ? 1 : 0, cosine ? 1 : 0,
        f.ptr(4), f.ptr(5), f.ptr(6), f.ptr(7), scale, f.ptr(3));
      f.finish();
      return total;
    },
    gaussianNll(x, y, v, k, eps, full, loss, gx, gv, scale, go) {
      const f = frame;
      f.set(0, x, false); f.set(1, y, false); f.set(2, v, false); f.set(3, go, false);
      f.set(4, loss, true); f.set(5, gx, true); f.set(6, gv, true);
      f.lay();
      const total = fns(x).gaussianNll(f.ptr(0), f.ptr(1), f.ptr(2), x.length, k, eps, full ? 1 : 0, f.ptr(4), f.ptr(5),
        f.ptr(6), scale, f.ptr(3));
      f.finish();
      return total;
    },
    ctc(lp, targets, offsets, inLens, tgLens, T, N, C, blank, zeroInf, sMax, loss, grad, sc) {
      const width = 2 * sMax + 1;
      const words = 2 * (2 * T * width + C);
      if (work.length < words) work = new Int32Array(words);
      const f = frame;
      f.set(0, lp, false); f.set(1, targets, false); f.set(2, offsets, false); f.set(3, inLens, false);
      f.set(4, tgLens, false); f.set(5, sc, false); f.set(6, loss, true); f.set(7, grad, true); f.set(8, work, true);
      f.lay();
      const total = fns(lp).ctc(f.ptr(0), f.ptr(1), f.ptr(2), f.ptr(3), f.ptr(4), T, N, C, blank, zeroInf ? 1 : 0,
        f.ptr(6), f.ptr(7), f.ptr(5), f.ptr(8), width);
      f.finish();
      return total;
    },
    firstOutside01(x) {
      // data already in the module is checked there (vectorised); plain arrays are checked before their copy
      if (x.buffer !== heap.buffer) return jsKernels.firstOutside01(x);
      return fns(x).firstOutside01(x.byteOffset, x.length);
    },
    countClassTargets(t, C, ignore) {
      if (t.buffer !== heap.buffer) return jsKernels.countClassTargets(t, C, ignore);
      const has = isInt32(ignore); // (an int32 target can equal no other)
      return countTargets(t.byteOffset, t.length, C, has ? ignore : 0, has ? 1 : 0);
    },
    softmax(x, out, N, C, D, log) {
      const f = frame;
      f.set(0, x, false); f.set(1, out, true);
      f.lay();
      fns(x).softmax(f.ptr(0), f.ptr(1), N, C, D, log ? 1 : 0);
      f.finish();
    },
  };
}
