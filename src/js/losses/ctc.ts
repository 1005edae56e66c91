// Mirror of assembly/losses/ctc.ts: CTC loss, PyTorch's CPU algorithm in float64 log space for both dtypes
// (α, β and lcab in float64, results rounded to T). The kernel's exp and log are AssemblyScript's Math.exp
// and Math.log (musl's table-driven ones), this file's V8's Math.exp and Math.log: each within 1 ulp, not
// always the same double, so losses and gradients may differ from the kernel's in the last bits (bound
// tested in test/backends-identical.test.ts). Formulas: see the kernel.
import type { FloatArray } from '../../types.js';
import type { Elem } from '../math/consts.js';

/** log(e^a + e^b). */
function lse(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = a > b ? a : b;
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** Extended label s of the target at tg (blank at even s). */
const ext = (targets: Int32Array, tg: number, s: number, blank: number): number => ((s & 1) === 0 ? blank : targets[tg + (s >> 1)]);

/** The forward variables α (T_n rows of `width`) of sample n; returns the sample's nll. */
function forward(
  lp: FloatArray, targets: Int32Array, tg: number, alpha: Float64Array, n: number, Tn: number, L: number, N: number,
  C: number, blank: number, width: number,
): number {
  const S = 2 * L + 1;
  for (let s = 0; s < S; s++) alpha[s] = -Infinity;
  alpha[0] = lp[n * C + blank];
  if (L > 0) alpha[1] = lp[n * C + ext(targets, tg, 1, blank)];
  for (let t = 1; t < Tn; t++) {
    const prev = (t - 1) * width, cur = t * width;
    for (let s = 0; s < S; s++) {
      const l = ext(targets, tg, s, blank);
      let a = alpha[prev + s];
      if (s > 0) a = lse(a, alpha[prev + s - 1]);
      if (s > 1 && l !== blank && l !== ext(targets, tg, s - 2, blank)) a = lse(a, alpha[prev + s - 2]);
      alpha[cur + s] = a + lp[(t * N + n) * C + l];
    }
  }
  const last = (Tn - 1) * width;
  return -(L > 0 ? lse(alpha[last + S - 1], alpha[last + S - 2]) : alpha[last]);
}

/** The backward variables β of sample n. */
function backward(
  lp: FloatArray, targets: Int32Array, tg: number, beta: Float64Array, n: number, Tn: number, L: number, N: number,
  C: number, blank: number, width: number,
): void {
  const S = 2 * L + 1;
  const lastB = (Tn - 1) * width;
  for (let s = 0; s < S; s++) beta[lastB + s] = -Infinity;
  beta[lastB + S - 1] = lp[((Tn - 1) * N + n) * C + blank];
  if (L > 0) beta[lastB + S - 2] = lp[((Tn - 1) * N + n) * C + ext(targets, tg, S - 2, blank)];
  for (let t = Tn - 2; t >= 0; t--) {
    const next = (t + 1) * width, cur = t * width;
    for (let s = 0; s < S; s++) {
      const l = ext(targets, tg, s, blank);
      let b = beta[next + s];
      if (s < S - 1) b = lse(b, beta[next + s + 1]);
      if (s < S - 2 && l !== blank && l !== ext(targets, tg, s + 2, blank)) b = lse(b, beta[next + s + 2]);
      beta[cur + s] = b + lp[(t * N + n) * C + l];
    }
  }
}

/** Per-sample losses into loss[n] (float64 sum returned); gradient (scaled by sc[n]) when grad is given. */
export function ctc(
  lp: FloatArray, targets: Int32Array, offsets: Int32Array, inLens: Int32Array, tgLens: Int32Array, Tmax: number,
  N: number, C: number, blank: number, zeroInf: boolean, sMax: number, loss: FloatArray, grad: FloatArray | null,
  sc: FloatArray, T: Elem,
): number {
  const width = 2 * sMax + 1;
  if (grad !== null) grad.fill(0);
  const alpha = new Float64Array(Tmax * width), beta = new Float64Array(Tmax * width), lcab = new Float64Array(C);
  let total = 0;
  for (let n = 0; n < N; n++) {
    const Tn = inLens[n], L = tgLens[n], tg = offsets[n];
    const S = 2 * L + 1;
    const nll = Tn > 0 ? forward(lp, targets, tg, alpha, n, Tn, L, N, C, blank, width) : Infinity;
    const infinite = nll === Infinity;
    loss[n] = zeroInf && infinite ? 0 : T(nll);
    total += zeroInf && infinite ? 0 : nll;
    if (grad === null || Tn === 0 || (zeroInf && infinite)) continue;
    backward(lp, targets, tg, beta, n, Tn, L, N, C, blank, width);
    const scn = sc[n];
    for (let t = 0; t < Tn; t++) {
      const row = (t * N + n) * C, ar = t * width;
      lcab.fill(-Infinity);
      for (let s = 0; s < S; s++) {
        const c = ext(targets, tg, s, blank);
        lcab[c] = lse(lcab[c], alpha[ar + s] + beta[ar + s]);
      }
      for (let c = 0; c < C; c++) {
        const lpv = lp[row + c];
        grad[row + c] = T((Math.exp(lpv) - Math.exp(lcab[c] + nll - lpv)) * scn);
      }
    }
  }
  return total;
}
