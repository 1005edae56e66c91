// Mirror of assembly/losses/gaussian.ts: Gaussian NLL, scalar, in T, in the kernel's order. The kernel takes
// log v with AssemblyScript's Math.log (musl's table-driven log), this file with V8's Math.log: both are
// within 1 ulp of ln v but not always the same double, so a loss may differ from the kernel's in its last
// bit where they differ (bound tested in test/backends-identical.test.ts). Formulas: see the kernel.
import type { FloatArray } from '../../types.js';
import type { Elem } from '../math/consts.js';

const HALF_LOG_2PI = 0.9189385332046727;

/** Σ of the losses; per-element losses, gradients for x and var (scaled by scale·go_i) as asked. */
export function gaussianNll(
  x: FloatArray, y: FloatArray, v: FloatArray, k: number, eps: number, full: boolean, loss: FloatArray | null,
  gx: FloatArray | null, gv: FloatArray | null, scale: number, go: FloatArray | null, T: Elem,
): number {
  eps = T(eps); scale = T(scale);
  const n = x.length;
  const c = full ? T(HALF_LOG_2PI) : 0;
  let total = 0;
  for (let s = 0, i = 0; i < n; s++) {
    const raw = v[s];
    const vv = raw > eps || raw !== raw ? raw : eps; // clamp(min=eps): a NaN variance stays NaN, as PyTorch
    const lv = T(Math.log(vv));
    let g = 0;
    for (let j = 0; j < k; j++, i++) {
      const d = T(x[i] - y[i]);
      const l = T(T(0.5 * T(lv + T(T(d * d) / vv))) + c);
      total += l;
      if (loss !== null) loss[i] = l;
      if (gx !== null) {
        const sc = go !== null ? T(scale * go[i]) : scale;
        gx[i] = T(T(sc * d) / vv);
        g = T(g + T(T(sc * 0.5) * T(T(1 / vv) - T(T(d * d) / T(vv * vv)))));
      }
    }
    if (gv !== null) gv[s] = g;
  }
  return total;
}
