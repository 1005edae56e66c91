// The wasm backend: lays each call's arrays out in memory (zero-copy where they already live there, else
// through the scratch block), runs one export, copies the results back. Large copying calls go in chunks
// of about CHUNK elements, so that the copies in, the kernel and the copies out all work on data that is
// still in the L2 cache instead of streaming every array through memory twice.
import type { Kernels, PointOp } from '../backend.js';
import type { FloatArray } from '../types.js';
import type { WasmExports } from './loader.js';
import { Frame, Heap } from './memory.js';

const CHUNK = 1 << 14;

const exportName: Record<PointOp, string> = {
  mse: 'mse', l1: 'l1', bce: 'bce', bceLogits: 'bce_logits', sigmoid: 'sigmoid', logSigmoid: 'log_sigmoid',
};

const suffix = (x: FloatArray): string => (x instanceof Float32Array ? '_f32' : '_f64');
const part = <A extends FloatArray | Int32Array>(a: A | null, from: number, to: number): A | null =>
  a === null ? null : (a.subarray(from, to) as A);

export function wasmKernels(exports: WasmExports, heap: Heap): Kernels {
  const frame = new Frame(heap);
  const fn = (name: string) => exports[name];
  /** Whether a call on n elements of x goes in chunks (copying path, large). */
  const inChunks = (x: FloatArray): boolean => x.length > 4 * CHUNK && x.buffer !== heap.memory.buffer;

  function pointwise(
    op: PointOp, x: FloatArray, y: FloatArray, w: FloatArray | null, pw: FloatArray | null, period: number,
    go: FloatArray | null, loss: FloatArray | null, grad: FloatArray | null, scale: number,
  ): number {
    const n = x.length;
    if (op === 'sigmoid' || op === 'logSigmoid') {
      const [px, po] = frame.lay([x, loss], 1);
      fn(exportName[op] + suffix(x))(px, po, n);
      frame.finish();
      return 0;
    }
    const [px, py, pwt, ppw, pgo, pl, pg] = frame.lay([x, y, w, pw, go, loss, grad], 2);
    const wFull = w !== null && w.length === n ? 1 : 0;
    const pwFull = pw !== null && pw.length === n ? 1 : 0;
    const total = fn(exportName[op] + suffix(x))(px, py, pwt, wFull, ppw, pwFull, pgo, n, period, pl, pg, scale);
    frame.finish();
    return total;
  }

  function crossEntropy(
    x: FloatArray, t: Int32Array | null, y: FloatArray | null, w: FloatArray | null, N: number, C: number, D: number,
    ignore: number, eps: number, loss: FloatArray | null, grad: FloatArray | null, scale: number, go: FloatArray | null,
  ): number {
    const [px, pt, py, pw, pgo, pl, pg] = frame.lay([x, t, y, w, go, loss, grad], 2);
    const total = fn('cross_entropy' + suffix(x))(px, pt, py, pw, N, C, D, ignore, eps, pl, pg, scale, pgo);
    frame.finish();
    return total;
  }

  return {
    name: 'wasm',
    pointwise(op, x, y, w, pw, period, go, loss, grad, scale) {
      const n = x.length;
      if (!inChunks(x)) return pointwise(op, x, y, w, pw, period, go, loss, grad, scale);
      // chunks hold whole rows when the weights repeat along them, so each chunk sees them from the start
      const step = period < n ? Math.max(1, Math.floor(CHUNK / period)) * period : CHUNK;
      const full = (a: FloatArray | null) => a !== null && a.length === n;
      let total = 0;
      for (let i = 0; i < n; i += step) {
        const e = Math.min(n, i + step);
        total += pointwise(op, x.subarray(i, e), op === 'sigmoid' || op === 'logSigmoid' ? x : y.subarray(i, e),
          full(w) ? part(w, i, e) : w, full(pw) ? part(pw, i, e) : pw, period, part(go, i, e), part(loss, i, e),
          part(grad, i, e), scale);
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
      const [px, pt, pw, pgo, pl, pg] = frame.lay([x, t, w, go, loss, grad], 2);
      const total = fn('nll' + suffix(x))(px, pt, pw, N, C, D, ignore, pl, pg, scale, pgo);
      frame.finish();
      return total;
    },
    softmax(x, out, N, C, D, log) {
      const [px, po] = frame.lay([x, out], 1);
      fn('softmax' + suffix(x))(px, po, N, C, D, log ? 1 : 0);
      frame.finish();
    },
  };
}
