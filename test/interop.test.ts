// Inputs as the runtimes hand them over: plain number[] (float64), ONNX Runtime / transformers.js tensors
// (data, dims, type, location), TF.js tensors (dataSync, shape, dtype), float16 data, int64 labels, and class
// scores along the last dimension. References are float64 mathematics written here.
import { describe, expect, it } from 'vitest';
import { LosskitTypeError } from '../src/index.js';
import { backends } from './helpers/backends.js';

/** Cross-entropy of rows of C logits against class indices, in float64. */
function crossEntropyRef(rows: number[][], t: number[]): number {
  let s = 0;
  rows.forEach((r, i) => {
    const m = Math.max(...r);
    s += Math.log(r.reduce((a, v) => a + Math.exp(v - m), 0)) + m - r[t[i]];
  });
  return s / rows.length;
}

const B = 2, T = 3, V = 4;
// [B, T, V] logits, classes last
const blv = Array.from({ length: B * T * V }, (_, i) => Math.sin(i * 1.7) * 3);
const labels = [0, 3, 1, 2, 2, 0];
const rowsOf = (flat: number[], C: number) => Array.from({ length: flat.length / C }, (_, i) => flat.slice(i * C, i * C + C));

describe('tensors and layouts', () => {
  for (const [label, k] of backends) {
    it(`${label}: number[] input is float64; number[] targets take the input's dtype`, () => {
      const r = k.mseLoss([1, 2, 3], [0, 0, 0]);
      expect(r).toBe(14 / 3);
      const g = k.mseLossWithGrad([1, 2], [0, 1]);
      expect(g.grad).toBeInstanceOf(Float64Array);
      expect(k.mseLoss(Float32Array.from([1, 2]), [0, 1])).toBe(1);
    });

    it(`${label}: an ONNX Runtime tensor [B, T, V] with int64 labels and classDim -1`, () => {
      const tensor = { data: Float32Array.from(blv), dims: [B, T, V], type: 'float32', location: 'cpu' };
      const loss = k.crossEntropy(tensor as never, BigInt64Array.from(labels.map(BigInt)), { classDim: -1 });
      expect(loss).toBeCloseTo(crossEntropyRef(rowsOf(blv, V), labels), 5);
      const sm = k.softmax(tensor as never, { classDim: 'last' });
      const row0 = rowsOf(blv, V)[0], z = row0.reduce((a, v) => a + Math.exp(v), 0);
      expect(sm[1]).toBeCloseTo(Math.exp(row0[1]) / z, 6);
    });

    it(`${label}: classDim 1 of [N, C, d] equals classDim -1 of the transposed [N, d, C]`, () => {
      const N = 2, C = 3, D = 4;
      const x = Float64Array.from({ length: N * C * D }, (_, i) => Math.cos(i * 0.7) * 2);
      const xt = new Float64Array(x.length);
      for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let d = 0; d < D; d++) xt[(n * D + d) * C + c] = x[(n * C + c) * D + d];
      const t = Int32Array.from({ length: N * D }, (_, i) => i % C);
      const a = k.crossEntropy(x, t, { shape: [N, C, D] });
      const b = k.crossEntropy(xt, t, { shape: [N, D, C], classDim: -1 });
      expect(b).toBeCloseTo(a, 14);
    });

    it(`${label}: a TF.js tensor (dataSync, shape, dtype)`, () => {
      const tf = { dataSync: () => Float32Array.from(blv), shape: [B * T, V], dtype: 'float32' };
      expect(k.crossEntropy(tf as never, labels)).toBeCloseTo(crossEntropyRef(rowsOf(blv, V), labels), 5);
    });

    it(`${label}: float16 data (ORT's Uint16Array half bits) is read as float32`, () => {
      // 1.0 = 0x3c00, -2.0 = 0xc000, 0.5 = 0x3800, 65504 = 0x7bff
      const half = { data: Uint16Array.from([0x3c00, 0xc000, 0x3800, 0x7bff]), dims: [4], type: 'float16' };
      const out = k.sigmoid(half as never);
      expect(out).toBeInstanceOf(Float32Array);
      [1, -2, 0.5, 65504].forEach((v, i) => expect(out[i]).toBeCloseTo(1 / (1 + Math.exp(-v)), 6));
    });

    it(`${label}: a tensor on the GPU is a clear error`, () => {
      const gpu = { get data(): never { throw new Error('not on cpu'); }, dims: [2], type: 'float32', location: 'gpu-buffer' };
      expect(() => k.sigmoid(gpu as never)).toThrow(LosskitTypeError);
      expect(() => k.sigmoid(gpu as never)).toThrow(/download it first/);
    });
  }
});
