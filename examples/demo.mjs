// `npm run demo`: every loss on an embedded default batch, on both backends, with the source material's
// worked examples. Pass --backend wasm|js to run one backend only.
import { createLosskitSync, defaultBackend } from 'losskit';

const only = process.argv.includes('--backend') ? process.argv[process.argv.indexOf('--backend') + 1] : null;

// The default batch: 4 samples, 3 classes (logits), their labels, and a regression/binary batch of 8.
const logits = Float32Array.from([2.0, 1.0, 0.1, 0.5, 2.5, -1.0, -0.3, 0.2, 3.1, 1.2, 1.1, 1.0]);
const labels = Int32Array.from([0, 1, 2, 0]);
const pred = Float32Array.from([0.9, 0.2, 0.65, 0.1, 0.8, 0.3, 0.55, 0.05]);
const truth = Float32Array.from([1, 0, 1, 0, 1, 1, 0, 0]);
const rawScores = Float32Array.from([2.2, -1.4, 0.6, -2.0, 1.4, -0.8, 0.2, -3.0]);

const norm = (g) => Math.sqrt(g.reduce((s, v) => s + v * v, 0));
const fmt = (v) => v.toFixed(6).padStart(11);

function table(k) {
  const rows = [
    ['mseLoss', k.mseLossWithGrad(pred, truth)],
    ['l1Loss', k.l1LossWithGrad(pred, truth)],
    ['binaryCrossEntropy', k.binaryCrossEntropyWithGrad(pred, truth)],
    ['binaryCrossEntropyWithLogits', k.binaryCrossEntropyWithLogitsWithGrad(rawScores, truth)],
    ['crossEntropy', k.crossEntropyWithGrad(logits, labels)],
    ['crossEntropy (labelSmoothing 0.1)', k.crossEntropyWithGrad(logits, labels, { labelSmoothing: 0.1 })],
    ['nllLoss (on logSoftmax)', k.nllLossWithGrad(k.logSoftmax(logits, { shape: [4, 3] }), labels)],
    ['huberLoss (delta 0.5)', k.huberLossWithGrad(pred, truth, { delta: 0.5 })],
    ['smoothL1Loss', k.smoothL1LossWithGrad(pred, truth)],
    ['sigmoidFocalLoss (mean)', k.sigmoidFocalLossWithGrad(rawScores, truth, { reduction: 'mean' })],
    ['klDiv (batchmean)', k.klDivWithGrad(k.logSoftmax(logits, { shape: [4, 3] }), k.softmax(logits.map((v) => -v), { shape: [4, 3] }), { reduction: 'batchmean', shape: [4, 3] })],
    ['multiMarginLoss', k.multiMarginLossWithGrad(logits, labels)],
  ];
  console.log(`\nbackend: ${k.backend}`);
  console.log(`${'function'.padEnd(36)}${'loss'.padStart(11)}${'|grad|'.padStart(11)}`);
  for (const [name, { loss, grad }] of rows) console.log(`${name.padEnd(36)}${fmt(loss)}${fmt(norm(grad))}`);
}

console.log(`losskit demo: the free functions run on '${defaultBackend()}'`);
for (const backend of ['wasm', 'js']) if (!only || only === backend) table(createLosskitSync({ backend }));

const k = createLosskitSync({ backend: only ?? 'auto' });
const probs = Float64Array.from([0.5, 0.1, 0.3]);
console.log('\nThe worked example: probabilities [0.5, 0.1, 0.3], target class 2');
console.log(`  nllLoss(log p, [2])   = ${k.nllLoss(probs.map(Math.log), [2]).toFixed(4)}   (-ln 0.3: the numbers read as probabilities)`);
console.log(`  crossEntropy(p, [2])  = ${k.crossEntropy(probs, [2]).toFixed(4)}   (the same numbers read as logits: logsumexp - 0.3)`);
console.log(`  softmax(p)            = [${Array.from(k.softmax(probs), (v) => v.toFixed(4)).join(', ')}]`);
console.log('\nBCE at a saturated wrong prediction (p = 1, y = 0) costs exactly 100, PyTorch\'s log clamp:');
console.log(`  binaryCrossEntropy([1], [0]) = ${k.binaryCrossEntropy(Float32Array.of(1), Float32Array.of(0))}`);
