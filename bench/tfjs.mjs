// TensorFlow.js implementations of the workloads: tensors made from the caller's typed arrays, the loss
// (and its gradient through tf.valueAndGrad), results read back with dataSync, everything disposed.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
let tfjs;

export async function loadTfjs() {
  if (tfjs) return tfjs;
  const out = new URL('./.cache/tfjs.mjs', import.meta.url).pathname;
  await build({
    entryPoints: [new URL('./tfjs-entry.mjs', import.meta.url).pathname], bundle: true, platform: 'node',
    format: 'esm', outfile: out, mainFields: ['module', 'main'], logLevel: 'error',
    banner: {
      js: "import { createRequire } from 'module'; import { fileURLToPath as __toPath } from 'url'; import { dirname as __dir } from 'path';" +
        ' const require = createRequire(import.meta.url); const __filename = __toPath(import.meta.url); const __dirname = __dir(__filename);',
    },
  });
  tfjs = await import(out);
  const wasmDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
  tfjs.setWasmPaths(wasmDir);
  tfjs.setThreadsCount(1);
  return tfjs;
}

export async function useBackend(name) {
  const { tf } = await loadTfjs();
  await tf.setBackend(name);
  await tf.ready();
  if (tf.getBackend() !== name) throw new Error(`TensorFlow.js backend ${name} did not start`);
  return tf;
}

/** fn(x, target, N, C) → computes loss (and gradient) with TF.js for the workload. */
export function tfjsImpl(tf, fn, withGrad) {
  const lossOf = {
    mseLoss: (x, y) => tf.losses.meanSquaredError(y, x),
    l1Loss: (x, y) => tf.losses.absoluteDifference(y, x),
    binaryCrossEntropy: (x, y) => tf.losses.logLoss(y, x),
    binaryCrossEntropyWithLogits: (x, y) => tf.losses.sigmoidCrossEntropy(y, x),
    hingeLoss: (x, y) => tf.losses.hingeLoss(y, x), // (reads 0/1 labels as 2y - 1 always)
    crossEntropy: (x, y) => tf.losses.softmaxCrossEntropy(y, x),
  }[fn];
  if (!lossOf) return null;
  const isCE = fn === 'crossEntropy';
  return (x, t, N, C) => {
    const xt = isCE ? tf.tensor2d(x, [N, C]) : tf.tensor1d(x);
    const yt = isCE ? tf.oneHot(tf.tensor1d(t, 'int32'), C) : tf.tensor1d(t);
    let out;
    if (withGrad) {
      const { value, grad } = tf.valueAndGrad((v) => lossOf(v, yt))(xt);
      out = value.dataSync()[0] + grad.dataSync()[0];
      value.dispose();
      grad.dispose();
    } else {
      const v = lossOf(xt, yt);
      out = v.dataSync()[0];
      v.dispose();
    }
    xt.dispose();
    yt.dispose();
    return out;
  };
}
