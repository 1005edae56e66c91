// The wasm backend: lays each call's arrays out in memory (zero-copy where they already live there, else
// through the scratch block), runs one export, copies the results back.
import type { Kernels, PointOp } from '../backend.js';
import type { FloatArray } from '../types.js';
import type { WasmExports } from './loader.js';
import { Frame, Heap } from './memory.js';

const exportName: Record<PointOp, string> = {
  mse: 'mse', l1: 'l1', bce: 'bce', bceLogits: 'bce_logits', sigmoid: 'sigmoid', logSigmoid: 'log_sigmoid',
};

const suffix = (x: FloatArray): string => (x instanceof Float32Array ? '_f32' : '_f64');

export function wasmKernels(exports: WasmExports, heap: Heap): Kernels {
  const frame = new Frame(heap);
  const fn = (name: string) => exports[name];

  return {
    name: 'wasm',
    pointwise(op, x, y, w, pw, period, go, loss, grad, scale) {
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
    },
    crossEntropy(x, t, y, w, N, C, D, ignore, eps, loss, grad, scale, go) {
      const [px, pt, py, pw, pgo, pl, pg] = frame.lay([x, t, y, w, go, loss, grad], 2);
      const total = fn('cross_entropy' + suffix(x))(px, pt, py, pw, N, C, D, ignore, eps, pl, pg, scale, pgo);
      frame.finish();
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
