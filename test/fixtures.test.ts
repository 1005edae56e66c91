// Every function against PyTorch 1.13 (test/fixtures, from tools/gen-fixtures.py): every case, dtype and
// reduction, loss and gradient, on every backend.
import { describe, it } from 'vitest';
import { backends } from './helpers/backends.js';
import { loadFixtures, num, numbers, optionsOf, typed, type Expected, type FixtureCase } from './helpers/fixtures.js';
import { closeArray, closeScalar } from './helpers/tolerance.js';

const LOSSES = [
  'mseLoss', 'l1Loss', 'binaryCrossEntropy', 'binaryCrossEntropyWithLogits', 'crossEntropy', 'nllLoss',
  'huberLoss', 'smoothL1Loss', 'softMarginLoss', 'hingeEmbeddingLoss', 'klDiv', 'poissonNllLoss',
  'multilabelSoftMarginLoss', 'sigmoidFocalLoss', 'marginRankingLoss',
  'cosineEmbeddingLoss', 'multiMarginLoss', 'multilabelMarginLoss', 'tripletMarginLoss', 'tripletMarginWithDistanceLoss',
  'gaussianNllLoss', 'ctcLoss',
];
const ACTIVATIONS = ['softmax', 'logSoftmax', 'sigmoid', 'logSigmoid'];

function targetOf(c: FixtureCase): unknown {
  const t = c.target ?? [];
  return c.targetKind === 'index' ? Int32Array.from(numbers(t)) : typed(c.dtype, t);
}

for (const name of LOSSES) {
  const cases = loadFixtures(name);
  describe(name, () => {
    for (const [label, k] of backends) {
      const fn = (k as unknown as Record<string, Function>)[name];
      const fnGrad = (k as unknown as Record<string, Function>)[name + 'WithGrad'];
      it(`${label}: ${cases.length} PyTorch cases × every reduction, loss and gradient`, () => {
        for (const c of cases) {
          const x = typed(c.dtype, c.input);
          const t = targetOf(c);
          for (const red of Object.keys(c.expected)) {
            const exp = (c.expected as Record<string, Expected>)[red];
            const opts = { ...optionsOf(c), reduction: red };
            const what = `${name} ${c.dtype} ${c.id} ${red}`;
            const gopts = red === 'none' && c.gradOutput ? { ...opts, gradOutput: typed(c.dtype, c.gradOutput) } : opts;
            // losses of two inputs take (input, input2, target) and return a gradient for each
            const args = c.input3 ? [x, typed(c.dtype, c.input2!), typed(c.dtype, c.input3)]
              : c.input2 ? [x, typed(c.dtype, c.input2), t]
              : c.variance ? [x, t, typed(c.dtype, c.variance)]
              : c.inputLengths ? [x, t, c.inputLengths, c.targetLengths] : [x, t];
            const loss = fn(...args, opts);
            const withGrad = fnGrad(...args, gopts);
            if (c.input2) closeArray(withGrad.grads[1], numbers(exp.grad2!), c.dtype, what + ' grad2');
            if (c.input3) closeArray(withGrad.grads[2], numbers(exp.grad3!), c.dtype, what + ' grad3');
            if (c.variance) closeArray(withGrad.grads[1], numbers(exp.gradVar!), c.dtype, what + ' gradVar');
            if (red === 'none') {
              closeArray(loss, numbers(exp.loss as never), c.dtype, what + ' loss');
              closeArray(withGrad.loss, numbers(exp.loss as never), c.dtype, what + ' fused loss');
            } else {
              closeScalar(loss, num(exp.loss as never), c.dtype, what + ' loss');
              closeScalar(withGrad.loss, num(exp.loss as never), c.dtype, what + ' fused loss');
            }
            closeArray(withGrad.grad, numbers(exp.grad), c.dtype, what + ' grad');
            if (withGrad.grad.constructor !== x.constructor) throw new Error(`${what}: grad dtype`);
            const inputs = c.input3 ? 3 : c.input2 || c.variance ? 2 : 1; // (CTC: logProbs only)
            if (withGrad.grads.length !== inputs || withGrad.grads[0] !== withGrad.grad) throw new Error(`${what}: grads`);
          }
        }
      });
    }
  });
}

for (const name of ACTIVATIONS) {
  const cases = loadFixtures(name);
  describe(name, () => {
    for (const [label, k] of backends) {
      it(`${label}: ${cases.length} PyTorch cases`, () => {
        for (const c of cases) {
          const x = typed(c.dtype, c.input);
          const out = (k as unknown as Record<string, Function>)[name](x, optionsOf(c));
          closeArray(out, numbers(c.expected as never), c.dtype, `${name} ${c.dtype} ${c.id}`);
        }
      });
    }
  });
}
