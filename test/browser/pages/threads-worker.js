// In a Worker: crossEntropy and mseLoss with gradients on buffers through 2 threads and on one; the same bits?
import { createLosskit } from '/dist/browser.js';

const two = await createLosskit({ threads: 2, threadsFrom: 0 }), one = await createLosskit();
const N = 256, C = 1000, n = N * C;
function run(k) {
  const x = k.alloc('float32', n), t = k.alloc('int32', N), g = k.alloc('float32', n);
  for (let i = 0; i < n; i++) x.array[i] = Math.sin(i * 0.37) * 4;
  for (let i = 0; i < N; i++) t.array[i] = (i * 7919) % C;
  const ce = k.crossEntropyWithGrad(x, t, { shape: [N, C], out: g });
  const grad = g.array.slice();
  const mse = k.mseLossWithGrad(x, new Float32Array(n).fill(0.5), { out: g });
  return [ce.loss, ...grad, mse.loss, ...g.array];
}
const a = run(two), b = run(one);
postMessage({ workerThreads: two.threads, same: a.length === b.length && a.every((v, i) => Object.is(v, b[i])), values: a.length });
two.close();
