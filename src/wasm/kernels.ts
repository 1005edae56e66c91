// The wasm backend: copies the arguments into the scratch area, runs one export, copies the outputs back.
import type { Kernels, PointOp } from '../backend.js';
import type { FloatArray } from '../types.js';
import type { WasmExports } from './loader.js';
import { Scratch } from './memory.js';

const exportName: Record<PointOp, string> = {
  mse: 'mse', l1: 'l1', bce: 'bce', bceLogits: 'bce_logits', sigmoid: 'sigmoid', logSigmoid: 'log_sigmoid',
};

const suffix = (x: FloatArray): string => (x instanceof Float32Array ? '_f32' : '_f64');

export function wasmKernels(exports: WasmExports): Kernels {
  const s = new Scratch(exports.memory, exports.heap_base());
  const fn = (name: string) => exports[name];

  return {
    name: 'wasm',
    pointwise(op, x, y, w, pw, period, go, loss, grad, scale) {
      s.reset();
      const n = x.length;
      const px = s.put(x);
      if (op === 'sigmoid' || op === 'logSigmoid') {
        const po = s.room(loss);
        fn(exportName[op] + suffix(x))(px, po, n);
        s.get(po, loss);
        return 0;
      }
      const py = s.put(y), pwt = s.put(w), ppw = s.put(pw), pgo = s.put(go);
      const pl = s.room(loss), pg = s.room(grad);
      const wFull = w !== null && w.length === n ? 1 : 0;
      const pwFull = pw !== null && pw.length === n ? 1 : 0;
      const total = fn(exportName[op] + suffix(x))(px, py, pwt, wFull, ppw, pwFull, pgo, n, period, pl, pg, scale);
      s.get(pl, loss);
      s.get(pg, grad);
      return total;
    },
    crossEntropy(x, t, y, w, N, C, D, ignore, eps, loss, grad, scale, go) {
      s.reset();
      const px = s.put(x), pt = s.putI32(t), py = s.put(y), pw = s.put(w), pgo = s.put(go);
      const pl = s.room(loss), pg = s.room(grad);
      const total = fn('cross_entropy' + suffix(x))(px, pt, py, pw, N, C, D, ignore, eps, pl, pg, scale, pgo);
      s.get(pl, loss);
      s.get(pg, grad);
      return total;
    },
    nll(x, t, w, N, C, D, ignore, loss, grad, scale, go) {
      s.reset();
      const px = s.put(x), pt = s.putI32(t), pw = s.put(w), pgo = s.put(go);
      const pl = s.room(loss), pg = s.room(grad);
      const total = fn('nll' + suffix(x))(px, pt, pw, N, C, D, ignore, pl, pg, scale, pgo);
      s.get(pl, loss);
      s.get(pg, grad);
      return total;
    },
    softmax(x, out, N, C, D, log) {
      s.reset();
      const px = s.put(x), po = s.room(out);
      fn('softmax' + suffix(x))(px, po, N, C, D, log ? 1 : 0);
      s.get(po, out);
    },
  };
}
