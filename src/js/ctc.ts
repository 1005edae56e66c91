// The JS backend's CTC loss (assembly/losses/ctc.ts).
import type { FloatArray } from '../types.js';

/** log(e^a + e^b) with -Infinity as the empty sum. */
function lse(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = a > b ? a : b;
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** CTC (algorithm in assembly/losses/ctc.ts), in float64 log space. */
export function ctc(
  lp: FloatArray, targets: Int32Array, offsets: Int32Array, inLens: Int32Array, tgLens: Int32Array, T: number,
  N: number, C: number, blank: number, zeroInf: boolean, sMax: number, loss: FloatArray, grad: FloatArray | null,
  sc: FloatArray,
): number {
  if (grad !== null) grad.fill(0);
  const width = 2 * sMax + 1;
  const alpha = new Float64Array(T * width), beta = new Float64Array(T * width), lcab = new Float64Array(C);
  let total = 0;
  for (let n = 0; n < N; n++) {
    const Tn = inLens[n], L = tgLens[n], o = offsets[n], S = 2 * L + 1;
    const ext = (s: number): number => ((s & 1) === 0 ? blank : targets[o + (s >> 1)]);
    const at = (t: number, c: number): number => lp[(t * N + n) * C + c];
    let nll = Infinity;
    if (Tn > 0) {
      alpha.fill(-Infinity, 0, S);
      alpha[0] = at(0, blank);
      if (L > 0) alpha[1] = at(0, ext(1));
      for (let t = 1; t < Tn; t++) {
        const prev = (t - 1) * width, cur = t * width;
        for (let s = 0; s < S; s++) {
          const l = ext(s);
          let a = alpha[prev + s];
          if (s > 0) a = lse(a, alpha[prev + s - 1]);
          if (s > 1 && l !== blank && l !== ext(s - 2)) a = lse(a, alpha[prev + s - 2]);
          alpha[cur + s] = a + at(t, l);
        }
      }
      const last = (Tn - 1) * width;
      nll = -(L > 0 ? lse(alpha[last + S - 1], alpha[last + S - 2]) : alpha[last]);
    }
    const dropped = zeroInf && nll === Infinity;
    loss[n] = dropped ? 0 : nll;
    total += dropped ? 0 : nll;
    if (grad === null || Tn === 0 || dropped) continue;
    const lastB = (Tn - 1) * width;
    beta.fill(-Infinity, lastB, lastB + S);
    beta[lastB + S - 1] = at(Tn - 1, blank);
    if (L > 0) beta[lastB + S - 2] = at(Tn - 1, ext(S - 2));
    for (let t = Tn - 2; t >= 0; t--) {
      const next = (t + 1) * width, cur = t * width;
      for (let s = 0; s < S; s++) {
        const l = ext(s);
        let b = beta[next + s];
        if (s < S - 1) b = lse(b, beta[next + s + 1]);
        if (s < S - 2 && l !== blank && l !== ext(s + 2)) b = lse(b, beta[next + s + 2]);
        beta[cur + s] = b + at(t, l);
      }
    }
    for (let t = 0; t < Tn; t++) {
      lcab.fill(-Infinity);
      for (let s = 0; s < S; s++) lcab[ext(s)] = lse(lcab[ext(s)], alpha[t * width + s] + beta[t * width + s]);
      const row = (t * N + n) * C;
      for (let c = 0; c < C; c++) grad[row + c] = (Math.exp(lp[row + c]) - Math.exp(lcab[c] + nll - lp[row + c])) * sc[n];
    }
  }
  return total;
}

