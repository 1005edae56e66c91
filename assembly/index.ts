// The module's ABI: plain numbers only (byte pointers into this memory, lengths, scalars). Memory is owned
// by the TypeScript side (src/wasm/); nothing here allocates. One export per function and dtype.
import { pointwise, activation } from "./losses/pointwise";
import { Mse, L1, Bce, BceLogits, Huber, SmoothL1, SoftMargin, LogCosh, HingeEmbedding, KlDiv, KlDivLog, PoissonLog, PoissonRate, Focal, MarginRanking, firstOutside01, countClassTargets } from "./losses/ops";
import { Mape, Msle, Hinge, SquaredHinge, firstNonBinary } from "./losses/ops";
import { crossEntropy, nll } from "./losses/cross_entropy";
import { softmax, Sigmoid, LogSigmoid } from "./losses/activations";
import { cosineEmbedding } from "./losses/cosine";
import { multiMargin, multilabelMargin } from "./losses/margins";
import { triplet } from "./losses/triplet";
import { gaussianNll } from "./losses/gaussian";
import { ctc } from "./losses/ctc";
import { scratchBytes, setScratch } from "./scratch";
import { categorical, HINGE, FOCAL, POLY } from "./losses/categorical";
import { boxIou } from "./losses/boxes";
import { overlap } from "./losses/overlap";
import { ntXent } from "./losses/ntxent";

/** Where the TypeScript side may start placing buffers. */
export function heap_base(): usize { return __heap_base; }

/** The threaded build's workers: each instance's own scratch block (see scratch.ts). */
export function scratch_bytes(): usize { return scratchBytes(); }
export function set_scratch(p: usize): void { setScratch(p); }

// Element-wise losses: Σ w_i·l_i; per-element losses into `loss` and scale·go_i·w_i·∂l_i/∂x_i into `grad`
// when those pointers are non-zero (see losses/pointwise.ts).
export function mse_f32(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f32, param: f32, param2: f32): f64 { return pointwise<f32, Mse>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function mse_f64(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f64, param: f64, param2: f64): f64 { return pointwise<f64, Mse>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function l1_f32(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f32, param: f32, param2: f32): f64 { return pointwise<f32, L1>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function l1_f64(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f64, param: f64, param2: f64): f64 { return pointwise<f64, L1>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function bce_f32(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f32, param: f32, param2: f32): f64 { return pointwise<f32, Bce>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function bce_f64(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f64, param: f64, param2: f64): f64 { return pointwise<f64, Bce>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function bce_logits_f32(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f32, param: f32, param2: f32): f64 { return pointwise<f32, BceLogits>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function bce_logits_f64(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f64, param: f64, param2: f64): f64 { return pointwise<f64, BceLogits>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }

export function huber_f32(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f32, param: f32, param2: f32): f64 { return pointwise<f32, Huber>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function huber_f64(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f64, param: f64, param2: f64): f64 { return pointwise<f64, Huber>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function smooth_l1_f32(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f32, param: f32, param2: f32): f64 { return pointwise<f32, SmoothL1>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function smooth_l1_f64(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f64, param: f64, param2: f64): f64 { return pointwise<f64, SmoothL1>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function soft_margin_f32(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f32, param: f32, param2: f32): f64 { return pointwise<f32, SoftMargin>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function log_cosh_f32(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f32, param: f32, param2: f32): f64 { return pointwise<f32, LogCosh>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function log_cosh_f64(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f64, param: f64, param2: f64): f64 { return pointwise<f64, LogCosh>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function mape_f32(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f32, param: f32, param2: f32): f64 { return pointwise<f32, Mape>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function mape_f64(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f64, param: f64, param2: f64): f64 { return pointwise<f64, Mape>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function msle_f32(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f32, param: f32, param2: f32): f64 { return pointwise<f32, Msle>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function msle_f64(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f64, param: f64, param2: f64): f64 { return pointwise<f64, Msle>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function hinge_f32(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f32, param: f32, param2: f32): f64 { return pointwise<f32, Hinge>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function hinge_f64(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f64, param: f64, param2: f64): f64 { return pointwise<f64, Hinge>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function squared_hinge_f32(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f32, param: f32, param2: f32): f64 { return pointwise<f32, SquaredHinge>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function squared_hinge_f64(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f64, param: f64, param2: f64): f64 { return pointwise<f64, SquaredHinge>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function soft_margin_f64(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f64, param: f64, param2: f64): f64 { return pointwise<f64, SoftMargin>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function hinge_embedding_f32(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f32, param: f32, param2: f32): f64 { return pointwise<f32, HingeEmbedding>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function hinge_embedding_f64(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f64, param: f64, param2: f64): f64 { return pointwise<f64, HingeEmbedding>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function kl_div_f32(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f32, param: f32, param2: f32): f64 { return pointwise<f32, KlDiv>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function kl_div_f64(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f64, param: f64, param2: f64): f64 { return pointwise<f64, KlDiv>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function kl_div_log_f32(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f32, param: f32, param2: f32): f64 { return pointwise<f32, KlDivLog>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function kl_div_log_f64(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f64, param: f64, param2: f64): f64 { return pointwise<f64, KlDivLog>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }

export function poisson_log_f32(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f32, param: f32, param2: f32): f64 { return pointwise<f32, PoissonLog>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function poisson_log_f64(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f64, param: f64, param2: f64): f64 { return pointwise<f64, PoissonLog>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function poisson_rate_f32(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f32, param: f32, param2: f32): f64 { return pointwise<f32, PoissonRate>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function poisson_rate_f64(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f64, param: f64, param2: f64): f64 { return pointwise<f64, PoissonRate>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }

export function focal_f32(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f32, param: f32, param2: f32): f64 { return pointwise<f32, Focal>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function focal_f64(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f64, param: f64, param2: f64): f64 { return pointwise<f64, Focal>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }

export function margin_ranking_f32(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f32, param: f32, param2: f32): f64 { return pointwise<f32, MarginRanking>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }
export function margin_ranking_f64(x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32, loss: usize, grad: usize, scale: f64, param: f64, param2: f64): f64 { return pointwise<f64, MarginRanking>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2); }

// Row losses over [N, C, D]: t = int32 class indices or 0, y = class probabilities or 0 (see losses/cross_entropy.ts).
export function cross_entropy_f32(x: usize, t: usize, y: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, eps: f32, loss: usize, grad: usize, scale: f32, go: usize): f64 { return crossEntropy<f32>(x, t, y, w, N, C, D, ignore, eps, loss, grad, scale, go); }
export function cross_entropy_f64(x: usize, t: usize, y: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, eps: f64, loss: usize, grad: usize, scale: f64, go: usize): f64 { return crossEntropy<f64>(x, t, y, w, N, C, D, ignore, eps, loss, grad, scale, go); }
export function nll_f32(x: usize, t: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, loss: usize, grad: usize, scale: f32, go: usize): f64 { return nll<f32>(x, t, w, N, C, D, ignore, loss, grad, scale, go); }
export function nll_f64(x: usize, t: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, loss: usize, grad: usize, scale: f64, go: usize): f64 { return nll<f64>(x, t, w, N, C, D, ignore, loss, grad, scale, go); }

// Cosine embedding over rows [N, D] of two inputs, targets y (the input's dtype), gradients for both inputs.
export function cosine_embedding_f32(x1: usize, x2: usize, y: usize, N: i32, D: i32, margin: f32, loss: usize, g1: usize, g2: usize, scale: f32, go: usize): f64 { return cosineEmbedding<f32>(x1, x2, y, N, D, margin, loss, g1, g2, scale, go); }
export function cosine_embedding_f64(x1: usize, x2: usize, y: usize, N: i32, D: i32, margin: f64, loss: usize, g1: usize, g2: usize, scale: f64, go: usize): f64 { return cosineEmbedding<f64>(x1, x2, y, N, D, margin, loss, g1, g2, scale, go); }

// Margin losses with class-index targets over [N, C] (losses/margins.ts); mark: C bytes of scratch.
export function multi_margin_f32(x: usize, t: usize, w: usize, N: i32, C: i32, p2: bool, margin: f32, loss: usize, grad: usize, scale: f32, go: usize): f64 { return multiMargin<f32>(x, t, w, N, C, p2, margin, loss, grad, scale, go); }
export function multi_margin_f64(x: usize, t: usize, w: usize, N: i32, C: i32, p2: bool, margin: f64, loss: usize, grad: usize, scale: f64, go: usize): f64 { return multiMargin<f64>(x, t, w, N, C, p2, margin, loss, grad, scale, go); }
export function multilabel_margin_f32(x: usize, t: usize, mark: usize, N: i32, C: i32, loss: usize, grad: usize, scale: f32, go: usize): f64 { return multilabelMargin<f32>(x, t, mark, N, C, loss, grad, scale, go); }
export function multilabel_margin_f64(x: usize, t: usize, mark: usize, N: i32, C: i32, loss: usize, grad: usize, scale: f64, go: usize): f64 { return multilabelMargin<f64>(x, t, mark, N, C, loss, grad, scale, go); }

// Categorical row losses over [N, C, D]: t = int32 class indices or 0, y = class probabilities or 0; prm, prm2 =
// focal's alpha, gamma or poly's epsilon (losses/categorical.ts).
export function categorical_hinge_f32(x: usize, t: usize, y: usize, N: i32, C: i32, D: i32, prm: f32, prm2: f32, loss: usize, grad: usize, scale: f32, go: usize): f64 { return categorical(HINGE, true, x, t, y, N, C, D, prm, prm2, loss, grad, scale, go); }
export function categorical_hinge_f64(x: usize, t: usize, y: usize, N: i32, C: i32, D: i32, prm: f64, prm2: f64, loss: usize, grad: usize, scale: f64, go: usize): f64 { return categorical(HINGE, false, x, t, y, N, C, D, prm, prm2, loss, grad, scale, go); }
export function categorical_focal_f32(x: usize, t: usize, y: usize, N: i32, C: i32, D: i32, prm: f32, prm2: f32, loss: usize, grad: usize, scale: f32, go: usize): f64 { return categorical(FOCAL, true, x, t, y, N, C, D, prm, prm2, loss, grad, scale, go); }
export function categorical_focal_f64(x: usize, t: usize, y: usize, N: i32, C: i32, D: i32, prm: f64, prm2: f64, loss: usize, grad: usize, scale: f64, go: usize): f64 { return categorical(FOCAL, false, x, t, y, N, C, D, prm, prm2, loss, grad, scale, go); }
export function poly_f32(x: usize, t: usize, y: usize, N: i32, C: i32, D: i32, prm: f32, prm2: f32, loss: usize, grad: usize, scale: f32, go: usize): f64 { return categorical(POLY, true, x, t, y, N, C, D, prm, prm2, loss, grad, scale, go); }
export function poly_f64(x: usize, t: usize, y: usize, N: i32, C: i32, D: i32, prm: f64, prm2: f64, loss: usize, grad: usize, scale: f64, go: usize): f64 { return categorical(POLY, false, x, t, y, N, C, D, prm, prm2, loss, grad, scale, go); }

// Triplet margin over rows [N, D] of anchor, positive, negative (losses/triplet.ts).
export function triplet_f32(a: usize, p: usize, n: usize, N: i32, D: i32, margin: f32, q: f32, eps: f32, swap: bool, cosine: bool, loss: usize, ga: usize, gp: usize, gn: usize, scale: f32, go: usize): f64 { return triplet<f32>(a, p, n, N, D, margin, q, eps, swap, cosine, loss, ga, gp, gn, scale, go); }
export function triplet_f64(a: usize, p: usize, n: usize, N: i32, D: i32, margin: f64, q: f64, eps: f64, swap: bool, cosine: bool, loss: usize, ga: usize, gp: usize, gn: usize, scale: f64, go: usize): f64 { return triplet<f64>(a, p, n, N, D, margin, q, eps, swap, cosine, loss, ga, gp, gn, scale, go); }

// Gaussian NLL: each var element covers k elements (losses/gaussian.ts).
export function gaussian_nll_f32(x: usize, y: usize, v: usize, n: i32, k: i32, eps: f32, full: bool, loss: usize, gx: usize, gv: usize, scale: f32, go: usize): f64 { return gaussianNll<f32>(x, y, v, n, k, eps, full, loss, gx, gv, scale, go); }
export function gaussian_nll_f64(x: usize, y: usize, v: usize, n: i32, k: i32, eps: f64, full: bool, loss: usize, gx: usize, gv: usize, scale: f64, go: usize): f64 { return gaussianNll<f64>(x, y, v, n, k, eps, full, loss, gx, gv, scale, go); }

// CTC over log_probs [T, N, C] (losses/ctc.ts); targets concatenated with per-sample offsets; work: float64 scratch.
export function ctc_f32(lp: usize, targets: usize, offsets: usize, inLens: usize, tgLens: usize, T: i32, N: i32, C: i32, blank: i32, zeroInf: bool, loss: usize, grad: usize, sc: usize, work: usize, width: i32): f64 { return ctc<f32>(lp, targets, offsets, inLens, tgLens, T, N, C, blank, zeroInf, loss, grad, sc, work, width); }
export function ctc_f64(lp: usize, targets: usize, offsets: usize, inLens: usize, tgLens: usize, T: i32, N: i32, C: i32, blank: i32, zeroInf: bool, loss: usize, grad: usize, sc: usize, work: usize, width: i32): f64 { return ctc<f64>(lp, targets, offsets, inLens, tgLens, T, N, C, blank, zeroInf, loss, grad, sc, work, width); }

// torchvision's box losses over pairs of boxes [N, 4] (losses/boxes.ts): kind 0 GIoU, 1 DIoU, 2 CIoU; computed in f64.
export function box_iou_f32(kind: i32, b1: usize, b2: usize, N: i32, loss: usize, g1: usize, g2: usize, scale: f64, go: usize): f64 { return boxIou(true, kind, b1, b2, N, loss, g1, g2, scale, go); }
export function box_iou_f64(kind: i32, b1: usize, b2: usize, N: i32, loss: usize, g1: usize, g2: usize, scale: f64, go: usize): f64 { return boxIou(false, kind, b1, b2, N, loss, g1, g2, scale, go); }
// Keras's cosine_similarity (kind 0), dice (1) and tversky (2) over rows [N, C] (losses/overlap.ts).
export function overlap_f32(x: usize, y: usize, N: i32, C: i32, kind: i32, alpha: f32, beta: f32, loss: usize, grad: usize, scale: f32, go: usize): f64 { return overlap<f32>(x, y, N, C, kind, alpha, beta, loss, grad, scale, go); }
export function overlap_f64(x: usize, y: usize, N: i32, C: i32, kind: i32, alpha: f64, beta: f64, loss: usize, grad: usize, scale: f64, go: usize): f64 { return overlap<f64>(x, y, N, C, kind, alpha, beta, loss, grad, scale, go); }
// optax's NT-Xent over embeddings [N, D] with int32 labels t (losses/ntxent.ts); work: N·D + 3N elements of scratch.
export function nt_xent_f32(x: usize, t: usize, N: i32, D: i32, temp: f32, work: usize, grad: usize, scale: f32): f64 { return ntXent<f32>(x, t, N, D, temp, work, grad, scale); }
export function nt_xent_f64(x: usize, t: usize, N: i32, D: i32, temp: f64, work: usize, grad: usize, scale: f64): f64 { return ntXent<f64>(x, t, N, D, temp, work, grad, scale); }

// binaryCrossEntropy's input check: the first index outside [0, 1] (NaN included), or -1.
export function first_outside01_f32(x: usize, n: i32): i32 { return firstOutside01<f32>(x, n); }
export function first_outside01_f64(x: usize, n: i32): i32 { return firstOutside01<f64>(x, n); }
// The hinge losses' target scan: the first index of a target neither 0 nor 1, or -1 (then they read 2y - 1).
export function first_non_binary_f32(x: usize, n: i32): i32 { return firstNonBinary<f32>(x, n); }
export function first_non_binary_f64(x: usize, n: i32): i32 { return firstNonBinary<f64>(x, n); }

// The class losses' target check: the count of targets in [0, C) when the others are ignoreIndex, else -1.
export function count_class_targets(t: usize, n: i32, C: i32, ignore: i32, hasIgnore: bool): i32 { return countClassTargets(t, n, C, ignore, hasIgnore); }

// Activations: softmax/log_softmax over the class dimension; sigmoid/log_sigmoid element-wise into `out`.
export function softmax_f32(x: usize, out: usize, N: i32, C: i32, D: i32, log: bool): void { softmax<f32>(x, out, N, C, D, log); }
export function softmax_f64(x: usize, out: usize, N: i32, C: i32, D: i32, log: bool): void { softmax<f64>(x, out, N, C, D, log); }
export function sigmoid_f32(x: usize, out: usize, n: i32): void { activation<f32, Sigmoid>(x, out, n); }
export function sigmoid_f64(x: usize, out: usize, n: i32): void { activation<f64, Sigmoid>(x, out, n); }
export function log_sigmoid_f32(x: usize, out: usize, n: i32): void { activation<f32, LogSigmoid>(x, out, n); }
export function log_sigmoid_f64(x: usize, out: usize, n: i32): void { activation<f64, LogSigmoid>(x, out, n); }

// Vector math exposed for the accuracy tests: out_i = f(x_i).
export {
  exp_map_f32, exp_map_f64, log_map_f32, log_map_f64, log1p_map_f32, log1p_map_f64, expneg_map_f32, expneg_map_f64,
} from "./math/map";
