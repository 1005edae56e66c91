// The wasm backend: each Kernels method is one row binding its arguments to a module export (assembly/index.ts);
// call() lays the arrays out in memory (zero-copy where they already live there, else through the scratch block),
// runs the export and copies the results back. Large calls go in chunks of whole rows, about CHUNK elements each:
// a copying call so that the copies in, the kernel and the copies out all work on data still in the L2 cache; a
// call on the module's memory so that a pool of threads can share its chunks out, and one thread adds the same
// chunk totals in the same order.
import { BOX_KINDS, CATEGORICAL_OPS, OVERLAP_KINDS, POINT_OPS, type CategoricalOp, type Kernels, type PointOp } from '../backend.js';
import type { FloatArray } from '../types.js';
import type { WasmExports } from './loader.js';
import { Frame, Heap, type View } from './memory.js';
import type { Pool } from '../threads/pool.js';

const CHUNK = 1 << 14;

/** The other exports the binding calls, per dtype. */
export const ROW_EXPORTS = [
  'cross_entropy', 'nll', 'cosine_embedding', 'multi_margin', 'multilabel_margin', 'triplet', 'gaussian_nll', 'ctc',
  'first_outside01', 'softmax', 'box_iou', 'first_non_binary', 'overlap', 'nt_xent',
] as const;

type Fn = (...args: number[]) => number;
type Part = View | null;
type Table = Record<PointOp | CategoricalOp | (typeof ROW_EXPORTS)[number], Fn>;

/** The exports of one element type, looked up once (not by name on every call). */
function table(exports: WasmExports, suffix: string): Table {
  const t = {} as Record<string, Fn>;
  for (const [op, stem] of Object.entries(POINT_OPS)) t[op] = exports[stem + suffix];
  for (const [op, stem] of Object.entries(CATEGORICAL_OPS)) t[op] = exports[stem + suffix];
  for (const stem of ROW_EXPORTS) t[stem] = exports[stem + suffix];
  return t as Table;
}

const part = <A extends View>(a: A | null, from: number, to: number): A | null => (a === null ? null : (a.subarray(from, to) as A));
const isInt32 = (v: number): boolean => v >= -0x80000000 && v <= 0x7fffffff;
/** ignoreIndex as the module's i32: outside int32 it can match no target, nor can -2^31 once targets are checked. */
const int32Ignore = (ignore: number): number => (isInt32(ignore) ? ignore : -0x80000000);
const bit = (b: boolean): number => (b ? 1 : 0);

type RowsRun = (parts: Part[], rows: number) => number;

/** How large calls go in chunks, on one thread or on a pool's. */
interface Chunking {
  frame: Frame;
  /** Lays out, for a call on the module's memory in chunks, its arrays that are not there (whole: targets, say). */
  outer: Frame;
  heap: Heap;
  pool: Pool | null;
  /** Calls on the module's memory of at least this many elements (of x) go in pool-sized chunks. */
  threadsFrom: number;
  /** Elements a copying call's chunk (CHUNK; tests make it small so that small calls go in chunks too). */
  chunk: number;
  /** Set while a pool's batch is being filled: call() adds to it instead of calling. */
  batching: boolean;
}

/**
 * `run` over all N rows, or over chunks of whole rows (array i has units[i] elements a row; 0: read whole, as
 * class weights), the chunks' totals added in order:
 * - a call whose x lives in the module's memory and has `threadsFrom` elements or more (and over 4·chunk) goes
 *   in chunks of about 4·chunk elements, shared out among the pool's threads where there is a pool (on one
 *   thread otherwise: the same chunks, so the same bits); its arrays that do not live there are laid out whole
 *   (copied in, and the outputs, from index `firstOut` on, copied back). Below that, it is one call;
 * - a copying call (x not in memory) over 4·chunk elements goes in chunks of about `chunk` elements, the scratch
 *   for one chunk reserved first, so that its copies in and out stay in the L2 cache.
 */
function inRows(c: Chunking, x: FloatArray, N: number, arrays: Part[], units: number[], firstOut: number, run: RowsRun): number {
  const here = (a: Part): boolean => a === null || a.buffer === c.heap.buffer;
  const large = x.length > 4 * c.chunk;
  const rowsOf = (elements: number): number => Math.max(1, Math.floor(elements / Math.max(1, units[0])));
  const chunks = (views: Part[], elements: number): number => {
    const rows = rowsOf(elements);
    let total = 0;
    for (let n = 0; n < N; n += rows) {
      const m = Math.min(N, n + rows);
      total += run(views.map((a, i) => (units[i] === 0 ? a : part(a, n * units[i], m * units[i]))), m - n);
    }
    return total;
  };
  if (here(x)) {
    if (!large || x.length < c.threadsFrom) return run(arrays, N);
    // (an output every chunk writes whole, as multilabel margin's flags, cannot be shared between threads)
    const pool = arrays.every((a, i) => a === null || i < firstOut || units[i] !== 0) ? c.pool : null;
    return c.outer.run(arrays, firstOut, () => {
      const laid = arrays.map((a, i) => (a === null ? null : c.outer.laid(i)));
      return pool === null ? chunks(laid, 4 * c.chunk) : inBatch(c, pool, () => chunks(laid, 4 * c.chunk));
    });
  }
  if (!large) return run(arrays, N);
  return chunks(c.frame.reserveChunk(arrays, (a) => { const u = units[arrays.indexOf(a)]; return u === 0 ? a.length : rowsOf(c.chunk) * u; }), c.chunk);
}

/** Runs `addChunks` with call() adding to the pool's batch, then the batch; the sum of its results in order. */
function inBatch(c: Chunking, pool: Pool, addChunks: () => number): number {
  c.batching = true;
  try {
    addChunks();
  } catch (err) {
    pool.discard();
    throw err;
  } finally {
    c.batching = false;
  }
  return pool.finish();
}

/**
 * The wasm Kernels over `exports`, whose memory `heap` manages; with a pool, calls of `threadsFrom` elements or
 * more on the module's memory run on its threads.
 */
export function wasmKernels(exports: WasmExports, heap: Heap, pool: Pool | null = null, threadsFrom = Infinity, chunk = CHUNK): Kernels {
  const frame = new Frame(heap);
  const c: Chunking = { frame, outer: new Frame(heap), heap, pool, threadsFrom, chunk, batching: false };
  const f32 = table(exports, '_f32'), f64 = table(exports, '_f64');
  const fns = (x: FloatArray): Table => (x instanceof Float32Array ? f32 : f64);
  /**
   * Runs fn on `arrays` laid out in memory (outputs from index `firstOut` on), then copies the outputs back; while
   * a batch is filled (all arrays in memory), adds the call to it instead.
   */
  const call = (fn: Fn, arrays: (View | null)[], firstOut: number, args: (p: (i: number) => number) => number[]): number =>
    frame.run(arrays, firstOut, () => {
      const a = args((i) => frame.ptr(i));
      if (!c.batching) return fn(...a);
      pool!.add(fn, a);
      return 0;
    });
  // multilabel margin's C flags and CTC's float64 α, β: scratch the kernel writes and nobody reads back
  let mark = new Int32Array(16), work = new Int32Array(16);
  const rowWise = (x: FloatArray, N: number, arrays: Part[], units: number[], firstOut: number, run: RowsRun): number =>
    inRows(c, x, N, arrays, units, firstOut, run);

  return {
    name: 'wasm',
    pointwise(op, x, y, w, pw, period, gradOut, loss, grad, scale, param, param2) {
      const n = x.length, activation = op === 'sigmoid' || op === 'logSigmoid';
      // rows of `period` elements where the weights repeat along them, so that a chunk sees them from the start
      const unit = period < n ? period : 1;
      const per = (a: FloatArray | null) => (a !== null && a.length === n ? unit : 0);
      const run = ([xx, yy, ww, pp, go, l, g]: Part[], rows: number) => {
        const m = rows * unit;
        if (activation) return call(fns(x)[op], [xx, l], 1, (p) => [p(0), p(1), m]);
        return call(fns(x)[op], [xx, yy, ww, pp, go, l, g], 5, (p) =>
          [p(0), p(1), p(2), bit(ww !== null && ww.length === m), p(3), bit(pp !== null && pp.length === m), p(4), m, period, p(5), p(6), scale, param, param2]);
      };
      return rowWise(x, n / unit, [x, activation ? null : y, w, pw, gradOut, loss, grad], [unit, unit, per(w), per(pw), unit, unit, unit], 5, run);
    },
    crossEntropy(x, t, y, w, N, C, D, ignore, eps, loss, grad, scale, gradOut) {
      const run = ([xx, tt, yy, ww, go, l, g]: Part[], rows: number) =>
        call(fns(x).cross_entropy, [xx, tt, yy, ww, go, l, g], 5, (p) =>
          [p(0), p(1), p(2), p(3), rows, C, D, int32Ignore(ignore), eps, p(5), p(6), scale, p(4)]);
      return rowWise(x, N, [x, t, y, w, gradOut, loss, grad], [C * D, D, C * D, 0, D, D, C * D], 5, run);
    },
    categorical(op, x, t, y, N, C, D, param, param2, loss, grad, scale, gradOut) {
      const run = ([xx, tt, yy, go, l, g]: Part[], rows: number) =>
        call(fns(x)[op], [xx, tt, yy, go, l, g], 4, (p) => [p(0), p(1), p(2), rows, C, D, param, param2, p(4), p(5), scale, p(3)]);
      return rowWise(x, N, [x, t, y, gradOut, loss, grad], [C * D, D, C * D, D, D, C * D], 4, run);
    },
    nll: (x, t, w, N, C, D, ignore, loss, grad, scale, gradOut) =>
      call(fns(x).nll, [x, t, w, gradOut, loss, grad], 4, (p) => [p(0), p(1), p(2), N, C, D, int32Ignore(ignore), p(4), p(5), scale, p(3)]),
    cosineEmbedding(x1, x2, y, N, D, margin, loss, g1, g2, scale, gradOut) {
      const run = ([a, b, t, go, l, ga, gb]: Part[], rows: number) =>
        call(fns(x1).cosine_embedding, [a, b, t, go, l, ga, gb], 4, (p) => [p(0), p(1), p(2), rows, D, margin, p(4), p(5), p(6), scale, p(3)]);
      return rowWise(x1, N, [x1, x2, y, gradOut, loss, g1, g2], [D, D, 1, 1, 1, D, D], 4, run);
    },
    multiMargin(x, t, w, N, C, power, margin, loss, grad, scale, gradOut) {
      const run = ([a, tt, ww, go, l, g]: Part[], rows: number) =>
        call(fns(x).multi_margin, [a, tt, ww, go, l, g], 4, (p) => [p(0), p(1), p(2), rows, C, bit(power === 2), margin, p(4), p(5), scale, p(3)]);
      return rowWise(x, N, [x, t, w, gradOut, loss, grad], [C, 1, 0, 1, 1, C], 4, run);
    },
    multilabelMargin(x, t, N, C, loss, grad, scale, gradOut) {
      if (mark.length * 4 < C) mark = new Int32Array(Math.ceil(C / 4));
      const run = ([a, tt, go, l, g, flags]: Part[], rows: number) =>
        call(fns(x).multilabel_margin, [a, tt, go, l, g, flags], 3, (p) => [p(0), p(1), p(5), rows, C, p(3), p(4), scale, p(2)]);
      return rowWise(x, N, [x, t, gradOut, loss, grad, mark], [C, C, 1, 1, C, 0], 3, run);
    },
    triplet(a, pos, neg, N, D, margin, norm, eps, swap, cosine, loss, ga, gp, gn, scale, gradOut) {
      const run = ([aa, pp, nn, go, l, g1, g2, g3]: Part[], rows: number) =>
        call(fns(a).triplet, [aa, pp, nn, go, l, g1, g2, g3], 4, (p) =>
          [p(0), p(1), p(2), rows, D, margin, norm, eps, bit(swap), bit(cosine), p(4), p(5), p(6), p(7), scale, p(3)]);
      return rowWise(a, N, [a, pos, neg, gradOut, loss, ga, gp, gn], [D, D, D, 1, 1, D, D, D], 4, run);
    },
    gaussianNll(x, y, v, k, eps, full, loss, gx, gv, scale, gradOut) {
      const run = ([xx, yy, vv, go, l, g1, g2]: Part[], rows: number) =>
        call(fns(x).gaussian_nll, [xx, yy, vv, go, l, g1, g2], 4, (p) => [p(0), p(1), p(2), rows * k, k, eps, bit(full), p(4), p(5), p(6), scale, p(3)]);
      // a row: one variance and the k elements it covers
      return rowWise(x, v.length, [x, y, v, gradOut, loss, gx, gv], [k, k, 1, k, k, k, 1], 4, run);
    },
    ctc(lp, targets, offsets, inLens, tgLens, T, N, C, blank, zeroInf, sMax, loss, grad, sampleScale) {
      const width = 2 * sMax + 1;
      const words = 2 * (2 * T * width + C);
      if (work.length < words) work = new Int32Array(words);
      return call(fns(lp).ctc, [lp, targets, offsets, inLens, tgLens, sampleScale, loss, grad, work], 6, (p) =>
        [p(0), p(1), p(2), p(3), p(4), T, N, C, blank, bit(zeroInf), p(6), p(7), p(5), p(8), width]);
    },
    boxIou(kind, b1, b2, N, loss, g1, g2, scale, gradOut) {
      const run = ([a, b, go, l, ga, gb]: Part[], rows: number) =>
        call(fns(b1).box_iou, [a, b, go, l, ga, gb], 3, (p) => [BOX_KINDS.indexOf(kind), p(0), p(1), rows, p(3), p(4), p(5), scale, p(2)]);
      return rowWise(b1, N, [b1, b2, gradOut, loss, g1, g2], [4, 4, 1, 1, 4, 4], 3, run);
    },
    overlap(x, y, N, C, kind, alpha, beta, loss, grad, scale, gradOut) {
      const run = ([xx, yy, go, l, g]: Part[], rows: number) =>
        call(fns(x).overlap, [xx, yy, go, l, g], 3, (p) => [p(0), p(1), rows, C, OVERLAP_KINDS[kind], alpha, beta, p(3), p(4), scale, p(2)]);
      return rowWise(x, N, [x, y, gradOut, loss, grad], [C, C, 1, 1, C], 3, run);
    },
    ntXent: (x, t, N, D, temperature, work, grad, scale) =>
      call(fns(x).nt_xent, [x, t, work, grad], 2, (p) => [p(0), p(1), N, D, temperature, p(2), p(3), scale]),
    // the checks run on data already in the module (the backend rule sends the others to the JS kernels)
    firstOutside01: (x) => fns(x).first_outside01(x.byteOffset, x.length),
    firstNonBinary: (x) => fns(x).first_non_binary(x.byteOffset, x.length),
    countClassTargets(t, C, ignore) {
      const has = isInt32(ignore); // (an int32 target can equal no other)
      return exports.count_class_targets(t.byteOffset, t.length, C, has ? ignore : 0, bit(has));
    },
    softmax(x, out, N, C, D, log) {
      const run = ([a, b]: Part[], rows: number) => {
        call(fns(x).softmax, [a, b], 1, (p) => [p(0), p(1), rows, C, D, bit(log)]);
        return 0;
      };
      rowWise(x, N, [x, out], [C * D, C * D], 1, run);
    },
  };
}
