// Driver for element-wise losses: one pass computes the per-element loss l_i, its total (blocked summation,
// float64 block totals), and optionally stores l_i and/or the gradient scale·go_i·w_i·∂l_i/∂x_i. `param` is
// the loss's scalar parameters (Huber's delta, a label smoothing, focal's alpha and gamma, …), splatted once.
// Within a block, vectors alternate between two accumulators; the tail runs the same vector code on splatted
// scalars, so every element goes through one algorithm.
// Each copy of an Op's body costs kilobytes, so only the common case (no weights, posWeight, gradOutput or
// per-element losses) gets loops of its own; everything else, and the scalar tail of every case, goes through
// one block function per Op that tests the optional arguments at run time (not inlined but for cheap Ops).
import { at, lanes, hsum, BLOCK } from "../math/vec";
import { K, ONE } from "../math/consts";
import { scratch } from "../scratch";

/** Whether Op has a `cheap` member: a loss of a few instructions (see ops.ts). */
// @ts-ignore: decorator
@inline function cheap<Op>(): bool { return isDefined(changetype<Op>(0).cheap); }

/**
 * Whether the block of vectors i… before end has an odd count. Its vectors alternate between two
 * accumulators, swapped after each vector: even ones into acc0, odd ones into acc1 (as when unrolled by two),
 * which leaves the two swapped after an odd count.
 */
// @ts-ignore: decorator
@inline function oddBlock<T>(i: i32, end: i32): bool {
  return (((end - i + lanes<T>() - 1) / lanes<T>()) & 1) != 0;
}

/** Loss vector of elements i… with each of w, pw, go, loss, grad optional (0 = absent). */
// @ts-ignore: decorator
@inline function stepAny<T, Op>(
  x: usize, y: usize, w: usize, pw: usize, go: usize, i: i32, loss: usize, grad: usize, vscale: v128,
  vprm: v128, vprm2: v128,
): v128 {
  const op = changetype<Op>(0);
  const vx = v128.load(at<T>(x, i)), vy = v128.load(at<T>(y, i));
  const vpw = pw != 0 ? v128.load(at<T>(pw, i)) : K<T>(ONE);
  const vw = w != 0 ? v128.load(at<T>(w, i)) : K<T>(ONE);
  let l: v128;
  if (grad != 0) {
    let gm = vscale;
    if (w != 0) gm = v128.mul<T>(gm, vw);
    if (go != 0) gm = v128.mul<T>(gm, v128.load(at<T>(go, i)));
    l = op.lossGrad<T>(vx, vy, vpw, pw != 0, vprm, vprm2, gm, at<T>(grad, i));
  } else {
    l = op.loss<T>(vx, vy, vpw, pw != 0, vprm, vprm2);
  }
  if (w != 0) l = v128.mul<T>(l, vw);
  if (loss != 0) v128.store(at<T>(loss, i), l);
  return l;
}

/**
 * One block: the vectors i… before end with everything optional, and the float64 total of their losses; or,
 * with lane0 (a single vector of splatted scalars), its lane 0.
 */
// @ts-ignore: decorator
@inline function blockSum<T, Op>(
  x: usize, y: usize, w: usize, pw: usize, go: usize, i: i32, end: i32, loss: usize, grad: usize, vscale: v128,
  vprm: v128, vprm2: v128, lane0: bool,
): f64 {
  const L = lanes<T>();
  const odd = oddBlock<T>(i, end);
  let acc0 = v128.splat<T>(0), acc1 = v128.splat<T>(0), l = acc0;
  for (; i < end; i += L) {
    l = stepAny<T, Op>(x, y, w, pw, go, i, loss, grad, vscale, vprm, vprm2);
    const a = v128.add<T>(acc0, l);
    acc0 = acc1;
    acc1 = a;
  }
  if (lane0) return <f64>v128.extract_lane<T>(l, 0);
  if (odd) { const a = acc0; acc0 = acc1; acc1 = a; }
  return hsum<T>(v128.add<T>(acc0, acc1));
}

/** blockSum, not inlined: the one copy of a costly Op's generic step. */
function block<T, Op>(
  x: usize, y: usize, w: usize, pw: usize, go: usize, i: i32, end: i32, loss: usize, grad: usize, vscale: v128,
  vprm: v128, vprm2: v128, lane0: bool,
): f64 {
  return blockSum<T, Op>(x, y, w, pw, go, i, end, loss, grad, vscale, vprm, vprm2, lane0);
}

// @ts-ignore: decorator
@inline function stage<T>(slot: i32, p: usize, i: i32): usize {
  if (p == 0) return 0;
  const s = scratch + (<usize>slot << 4); // the tail's inputs splatted: x, y, w, pw, go
  v128.store(s, v128.splat<T>(load<T>(at<T>(p, i))));
  return s;
}

/** Element i alone: its inputs splatted into the scratch block, one vector step there, lane 0 stored and returned. */
function tailOne<T, Op>(
  x: usize, y: usize, w: usize, pw: usize, go: usize, i: i32, loss: usize, grad: usize, vscale: v128,
  vprm: v128, vprm2: v128,
): f64 {
  const g = grad != 0 ? scratch + 80 : 0, ls = loss != 0 ? scratch + 96 : 0;
  const l = block<T, Op>(stage<T>(0, x, i), stage<T>(1, y, i), stage<T>(2, w, i), stage<T>(3, pw, i),
    stage<T>(4, go, i), 0, 1, ls, g, vscale, vprm, vprm2, true);
  if (grad != 0) store<T>(at<T>(grad, i), load<T>(g));
  if (loss != 0) store<T>(at<T>(loss, i), load<T>(ls));
  return l;
}

/** Loss vector of elements i… without weights or gradOutput; stores as asked (constants after inlining). */
// @ts-ignore: decorator
@inline function stepFast<T, Op>(
  x: usize, y: usize, i: i32, loss: usize, grad: usize, vscale: v128, vone: v128, vprm: v128, vprm2: v128,
  storeLoss: bool, storeGrad: bool,
): v128 {
  const op = changetype<Op>(0);
  const vx = v128.load(at<T>(x, i)), vy = v128.load(at<T>(y, i));
  const l = storeGrad ? op.lossGrad<T>(vx, vy, vone, false, vprm, vprm2, vscale, at<T>(grad, i))
    : op.loss<T>(vx, vy, vone, false, vprm, vprm2);
  if (storeLoss) v128.store(at<T>(loss, i), l);
  return l;
}

/**
 * The common case: n elements, no weights, posWeight or gradOutput. Cheap Ops take two vectors per
 * iteration, where the loop's own cost shows; the rest one.
 */
// @ts-ignore: decorator
@inline function fast<T, Op>(
  x: usize, y: usize, n: i32, loss: usize, grad: usize, scale: T, param: T, param2: T, storeLoss: bool, storeGrad: bool,
): f64 {
  const L = lanes<T>();
  const vscale = v128.splat<T>(scale), vone = K<T>(ONE);
  const vprm = v128.splat<T>(param), vprm2 = v128.splat<T>(param2);
  let total: f64 = 0;
  let i = 0;
  while (i + L <= n) {
    const end = min(n - L + 1, i + BLOCK);
    let acc0 = v128.splat<T>(0), acc1 = v128.splat<T>(0);
    if (cheap<Op>()) {
      for (; i + L < end; i += 2 * L) {
        acc0 = v128.add<T>(acc0, stepFast<T, Op>(x, y, i, loss, grad, vscale, vone, vprm, vprm2, storeLoss, storeGrad));
        acc1 = v128.add<T>(acc1, stepFast<T, Op>(x, y, i + L, loss, grad, vscale, vone, vprm, vprm2, storeLoss, storeGrad));
      }
      if (i < end) {
        acc0 = v128.add<T>(acc0, stepFast<T, Op>(x, y, i, loss, grad, vscale, vone, vprm, vprm2, storeLoss, storeGrad));
        i += L;
      }
    } else {
      const odd = oddBlock<T>(i, end);
      for (; i < end; i += L) {
        const a = v128.add<T>(acc0, stepFast<T, Op>(x, y, i, loss, grad, vscale, vone, vprm, vprm2, storeLoss, storeGrad));
        acc0 = acc1;
        acc1 = a;
      }
      if (odd) { const a = acc0; acc0 = acc1; acc1 = a; }
    }
    total += hsum<T>(v128.add<T>(acc0, acc1));
  }
  const ls = storeLoss ? loss : 0, gs = storeGrad ? grad : 0;
  for (; i < n; i++) total += tailOne<T, Op>(x, y, 0, 0, 0, i, ls, gs, vscale, vprm, vprm2);
  return total;
}

/** One segment of `n` elements with everything optional; weights `w`/`pw` and `go` are per element here. */
function segment<T, Op>(
  x: usize, y: usize, w: usize, pw: usize, go: usize, n: i32, loss: usize, grad: usize, scale: T, param: T, param2: T,
): f64 {
  const L = lanes<T>();
  const vscale = v128.splat<T>(scale);
  const vprm = v128.splat<T>(param), vprm2 = v128.splat<T>(param2);
  let total: f64 = 0;
  let i = 0;
  while (i + L <= n) {
    const end = min(n - L + 1, i + BLOCK);
    // (cheap Ops ran 40% slower through the call, and their copy is small)
    total += cheap<Op>() ? blockSum<T, Op>(x, y, w, pw, go, i, end, loss, grad, vscale, vprm, vprm2, false)
      : block<T, Op>(x, y, w, pw, go, i, end, loss, grad, vscale, vprm, vprm2, false);
    i += ((end - i + L - 1) / L) * L;
  }
  for (; i < n; i++) total += tailOne<T, Op>(x, y, w, pw, go, i, loss, grad, vscale, vprm, vprm2);
  return total;
}

/** Weights broadcast along the last dimension: the rows one by one, restarting the short weight vectors. */
function rows<T, Op>(
  x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32,
  loss: usize, grad: usize, scale: T, param: T, param2: T,
): f64 {
  if (period >= n) return segment<T, Op>(x, y, w, pw, go, n, loss, grad, scale, param, param2);
  let total: f64 = 0;
  for (let base = 0; base < n; base += period) {
    const ww = w != 0 && wFull ? at<T>(w, base) : w;
    const pp = pw != 0 && pwFull ? at<T>(pw, base) : pw;
    const gg = go != 0 ? at<T>(go, base) : go;
    const ll = loss != 0 ? at<T>(loss, base) : loss;
    const gr = grad != 0 ? at<T>(grad, base) : grad;
    total += segment<T, Op>(at<T>(x, base), at<T>(y, base), ww, pp, gg, period, ll, gr, scale, param, param2);
  }
  return total;
}

/**
 * Σ_i w_i·l(x_i, y_i); stores l_i·w_i into `loss` and scale·go_i·w_i·∂l/∂x_i into `grad` when those are non-zero.
 * `w`/`pw` hold n elements when wFull/pwFull, else `period` elements repeated along the rows.
 */
// @ts-ignore: decorator
@inline export function pointwise<T, Op>(
  x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32,
  loss: usize, grad: usize, scale: T, param: T, param2: T,
): f64 {
  if (w == 0 && pw == 0 && go == 0) {
    if (loss == 0 && grad == 0) return fast<T, Op>(x, y, n, 0, 0, scale, param, param2, false, false);
    if (loss == 0) return fast<T, Op>(x, y, n, 0, grad, scale, param, param2, false, true);
    // per-element losses alone: a loop of their own for cheap Ops, 2.7x slower in the generic one
    if (cheap<Op>() && grad == 0) return fast<T, Op>(x, y, n, loss, 0, scale, param, param2, true, false);
  }
  return rows<T, Op>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2);
}

/** An activation as an Op's loss (y unused): out_i = f(x_i). */
// @ts-ignore: decorator
@inline export function activation<T, Op>(x: usize, out: usize, n: i32): void {
  fast<T, Op>(x, x, n, out, 0, 1, 0, 0, true, false);
}
