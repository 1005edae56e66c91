// Runs the fixture models (test/fixtures/onnx/) in onnxruntime-web's wasm backend and scores the output tensors
// with losskit's browser build, as they are. The test reads window.scored and compares it with the references.
import * as ort from 'onnxruntime-web';
import * as lk from 'losskit';

// one thread: a page that is not cross-origin isolated has no SharedArrayBuffer; the wasm files come from the
// served package, never from a CDN
ort.env.wasm.numThreads = 1;
ort.env.wasm.wasmPaths = '/node_modules/onnxruntime-web/dist/';

const FIXTURES = '/test/fixtures/onnx/';

async function runModel(file, x, dims) {
  const session = await ort.InferenceSession.create(FIXTURES + file, { executionProviders: ['wasm'] });
  try {
    return await session.run({ x: new ort.Tensor('float32', Float32Array.from(x), dims) });
  } finally {
    await session.release();
  }
}

// the float16 output on its own: an error there leaves the float32 results to compare
function attempt(f) {
  try {
    return f();
  } catch (e) {
    return { error: String(e?.message ?? e) };
  }
}

async function score() {
  const ref = await (await fetch(FIXTURES + 'references.json')).json();
  const cls = ref.classifier, lm = ref.lmHead;
  const [n, c] = cls.shape;
  const labels = BigInt64Array.from(cls.labels, BigInt);
  const out = await runModel('classifier.onnx', cls.x, [n, cls.x.length / n]);
  const [b, t] = lm.shape;
  const lmOut = (await runModel('lm-head.onnx', lm.h, [b, t, lm.h.length / (b * t)])).logits;
  const lmLabels = BigInt64Array.from(lm.labels, BigInt);
  const lmOpts = { classDim: -1, ignoreIndex: lm.ignoreIndex };
  const { loss, grad } = lk.crossEntropyWithGrad(out.logits, labels);
  return {
    backend: await lk.ready(),
    dims: out.logits.dims, location: out.logits.location, classes: c,
    logits: Array.from(out.logits.data),
    loss, grad: Array.from(grad),
    softmax: Array.from(lk.softmax(out.logits)),
    metrics: lk.classificationMetrics(out.logits, labels, { topK: cls.topK, bins: cls.bins }),
    auroc: lk.auroc(out.logits, labels),
    f1Score: lk.f1Score(out.logits, labels),
    float16: {
      type: out.logits_f16.type, array: out.logits_f16.data.constructor.name,
      ...attempt(() => ({ loss: lk.crossEntropy(out.logits_f16, labels), accuracy: lk.accuracy(out.logits_f16, labels) })),
    },
    lm: { dims: lmOut.dims, loss: lk.crossEntropy(lmOut, lmLabels, lmOpts), perplexity: lk.perplexity(lmOut, lmLabels, lmOpts), accuracy: lk.accuracy(lmOut, lmLabels, lmOpts) },
  };
}

score().then(
  (r) => { window.scored = r; },
  (e) => { window.scored = { error: String(e?.stack ?? e) }; },
).finally(() => document.body.setAttribute('data-ready', ''));
