// losskit on the output of the real runtimes: the ONNX models of test/fixtures/onnx/ run in onnxruntime-node, and
// their output ort.Tensor objects go to losskit as they are (no .data); TF.js tensors from tfjs-core's CPU backend.
// References: PyTorch and scikit-learn in float64 (tools/gen-onnx-model.py). The runtimes compute the logits in
// float32, so the comparisons allow float32 rounding of the logits (about 1e-6 relative) and no more.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TensorLike } from '../src/index.js';
import { backends } from './helpers/backends.js';

// The runtimes' own tensor types are admitted as they are (TensorLike): these fail the type check otherwise.
export const ortTensorIsTensorLike: TensorLike = {} as ort.Tensor;
const input = <T extends TensorLike>(tensor: T): T => tensor;

const DIR = new URL('./fixtures/onnx/', import.meta.url);
const ref = JSON.parse(readFileSync(new URL('references.json', DIR), 'utf8'));
const cls = ref.classifier, lm = ref.lmHead, want = cls.expected;
const N = cls.shape[0], C = cls.shape[1], D = cls.x.length / N;
const labels64 = BigInt64Array.from(cls.labels, BigInt);
const lmLabels64 = BigInt64Array.from(lm.labels, BigInt);

/** Within float32 rounding of the logits: |a - e| ≤ atol + rtol·|e| for every element. */
function close(actual: ArrayLike<number> | number, expected: ArrayLike<number> | number, what: string, rtol = 1e-5, atol = 1e-6): number {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const e = typeof expected === 'number' ? [expected] : Array.from(expected);
  expect(a.length, what).toBe(e.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - e[i]);
    expect(d, `${what}[${i}]: ${a[i]} vs ${e[i]}`).toBeLessThanOrEqual(atol + rtol * Math.abs(e[i]));
    worst = Math.max(worst, d);
  }
  return worst;
}

let classifier: ort.InferenceSession;
let lmHead: ort.InferenceSession;
let out: Record<string, ort.Tensor>;
let lmOut: ort.Tensor;

const run = async (s: ort.InferenceSession, x: Float32Array, dims: number[]) => s.run({ x: new ort.Tensor('float32', x, dims) });

beforeAll(async () => {
  classifier = await ort.InferenceSession.create(new URL('classifier.onnx', DIR).pathname);
  lmHead = await ort.InferenceSession.create(new URL('lm-head.onnx', DIR).pathname);
  out = await run(classifier, Float32Array.from(cls.x), [N, D]);
  lmOut = (await run(lmHead, Float32Array.from(lm.h), [lm.shape[0], lm.shape[1], lm.h.length / (lm.shape[0] * lm.shape[1])])).logits;
});

afterAll(async () => {
  await classifier?.release();
  await lmHead?.release();
});

describe('onnxruntime-node output tensors', () => {
  it('the model computes the generator\'s logits (float32 rounding)', () => {
    expect(out.logits.dims).toEqual([N, C]);
    expect(out.logits.type).toBe('float32');
    expect(out.logits.location).toBe('cpu');
    close(out.logits.data as Float32Array, cls.logits, 'logits');
  });

  for (const [label, k] of backends) {
    it(`${label}: crossEntropy and its gradient on the ort.Tensor with int64 labels equal PyTorch`, () => {
      close(k.crossEntropy(input(out.logits), labels64), want.loss, 'loss');
      close(k.crossEntropy(input(out.logits), labels64, { reduction: 'none' }) as Float32Array, want.lossNone, 'loss per row');
      const { loss, grad } = k.crossEntropyWithGrad(input(out.logits), labels64);
      close(loss, want.loss, 'loss with grad');
      close(grad as Float32Array, want.grad, 'grad', 1e-5, 1e-8);
      close(k.softmax(input(out.logits)) as Float32Array, want.softmax, 'softmax', 1e-5, 1e-7);
    });

    it(`${label}: classification metrics on the ort.Tensor equal scikit-learn`, () => {
      const m = k.classificationMetrics(input(out.logits), labels64, { topK: cls.topK, bins: cls.bins });
      expect(m.count).toBe(N);
      expect(m.accuracy).toBe(want.accuracy);
      expect(m.topK).toBe(want.topK);
      expect(k.accuracy(input(out.logits), labels64, { topK: cls.topK })).toBe(want.topK);
      close(m.loss, want.loss, 'loss');
      close(m.perplexity, want.perplexity, 'perplexity');
      close(m.calibrationError, want.calibrationError, 'calibration error');
      close(k.calibrationError(input(out.logits), labels64, { bins: cls.bins }), want.calibrationError, 'calibrationError');
      close(m.brierScore, want.brierScore, 'Brier');
      close(k.auroc(input(out.logits), labels64), want.auroc, 'AUROC');
      close(k.averagePrecision(input(out.logits), labels64), want.averagePrecision, 'average precision');
      close(k.f1Score(input(out.logits), labels64), want.f1Score, 'F1 (macro)', 1e-12, 0);
      close(k.precision(input(out.logits), labels64), want.precision, 'precision (macro)', 1e-12, 0);
      close(k.recall(input(out.logits), labels64), want.recall, 'recall (macro)', 1e-12, 0);
    });

    it(`${label}: the reliability diagram has the generator's bins`, () => {
      const bins = k.reliabilityDiagram(input(out.logits), labels64, { bins: cls.bins });
      expect(bins.map((b) => b.count)).toEqual(want.reliability.map((b: { count: number }) => b.count));
      bins.forEach((b, i) => {
        const e = want.reliability[i];
        if (e.count === 0) return expect([b.confidence, b.accuracy]).toEqual([NaN, NaN]);
        close([b.confidence, b.accuracy], [e.confidence, e.accuracy], `bin ${i}`);
      });
    });
  }

  it('createMetrics streams the model\'s output over four batches of 16 rows to the full-batch values', async () => {
    const acc = await streamed(16);
    const r = acc.compute();
    expect(r.count).toBe(N);
    expect(r.accuracy).toBe(want.accuracy);
    expect(r.topK).toBe(want.topK);
    close(r.loss as number, want.loss, 'loss');
    close(r.perplexity as number, want.perplexity, 'perplexity');
    close(r.calibrationError as number, want.calibrationError, 'calibration error');
    close(r.brierScore as number, want.brierScore, 'Brier');
    close(r.auroc as number, want.auroc, 'AUROC');
    close(r.f1Score as number, want.f1Score, 'F1');
  });

  it('the [2, 5, 7] language-model head with classDim -1 and an ignored token equals PyTorch', () => {
    expect(lmOut.dims).toEqual(lm.shape);
    close(lmOut.data as Float32Array, lm.logits, 'lm logits');
    const opts = { classDim: -1 as const, ignoreIndex: lm.ignoreIndex };
    close(lk().crossEntropy(input(lmOut), lmLabels64, opts), lm.expected.loss, 'lm loss');
    close(lk().perplexity(input(lmOut), lmLabels64, opts), lm.expected.perplexity, 'lm perplexity');
    expect(lk().accuracy(input(lmOut), lmLabels64, opts)).toBe(lm.expected.accuracy);
    close(lk().logSoftmax(input(lmOut), { classDim: -1 }) as Float32Array, lm.expected.logSoftmax, 'lm log-softmax');
  });

  it('the float16 output (half bits in a Uint16Array) is widened and scored', () => {
    const h = out.logits_f16;
    expect([h.type, h.data instanceof Uint16Array]).toEqual(['float16', true]);
    const f16 = cls.float16;
    // the Cast rounds float32 logits, the generator float64 ones: at most one half-precision rounding apart
    const perRow = (x: TensorLike | Float32Array) => lk().crossEntropy(x, labels64, { shape: [N, C], reduction: 'none' }) as Float32Array;
    close(perRow(h), perRow(Float32Array.from(f16.logits)), 'float16 loss per row', 2e-3, 0);
    close(lk().crossEntropy(input(h), labels64), f16.loss, 'float16 loss', 2e-3, 0);
    expect(lk().accuracy(input(h), labels64)).toBe(f16.accuracy);
  });

  it('a tensor that is not on the CPU is refused with a clear error', () => {
    const onGpu = { ...pick(out.logits), location: 'gpu-buffer' };
    expect(() => lk().crossEntropy(input(onGpu), labels64)).toThrow(/gpu-buffer.*getData/);
  });
});

describe('TF.js tensors (tfjs-core, CPU backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('crossEntropy on a tf.Tensor2D equals the fixture and tf.losses.softmaxCrossEntropy', () => {
    const logits = tf.tensor2d(Float32Array.from(cls.logits), [N, C]);
    const oneHot = tf.oneHot(tf.tensor1d(cls.labels, 'int32'), C);
    const tfLoss = tf.losses.softmaxCrossEntropy(oneHot, logits).dataSync()[0];
    const loss = lk().crossEntropy(input(logits), labels64);
    close(loss, want.loss, 'vs PyTorch');
    close(loss, tfLoss, 'vs tf.losses.softmaxCrossEntropy', 1e-5, 0);
    const m = lk().classificationMetrics(input(logits), labels64, { topK: cls.topK });
    expect([m.accuracy, m.topK]).toEqual([want.accuracy, want.topK]);
    tf.dispose([logits, oneHot]);
  });

  it('a tf.Tensor3D [B, T, V] with classDim -1', () => {
    const logits = tf.tensor3d(Float32Array.from(lm.logits), lm.shape);
    const loss = lk().crossEntropy(input(logits), lmLabels64, { classDim: -1, ignoreIndex: lm.ignoreIndex });
    close(loss, lm.expected.loss, 'lm loss');
    logits.dispose();
  });
});

// the free functions of the default instance
const lk = () => backends[0][1];

/** An ORT tensor's fields as a plain object (the shape transformers.js hands over). */
function pick(t: ort.Tensor) {
  return { data: t.data, dims: t.dims, type: t.type as string, location: t.location as string };
}

/** The model run on batches of `rows` rows, each output tensor given to one accumulator. */
async function streamed(rows: number) {
  const acc = lk().createMetrics({
    metrics: ['count', 'loss', 'perplexity', 'accuracy', 'topK', 'calibrationError', 'brierScore', 'auroc', 'f1Score'],
    classes: C, topK: cls.topK, bins: cls.bins,
  });
  for (let i = 0; i < N; i += rows) {
    const x = Float32Array.from(cls.x.slice(i * D, (i + rows) * D));
    const { logits } = await run(classifier, x, [rows, D]);
    expect(logits.dims).toEqual([rows, C]);
    acc.update(input(logits), labels64.subarray(i, i + rows));
  }
  return acc;
}
