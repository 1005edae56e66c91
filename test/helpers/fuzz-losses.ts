// A call generator per loss and activation (same names as the registry). Where losskit has a known bug
// (the KNOWN list of test/fuzz.test.ts), the generator leaves that domain out, and says so.
import fc from 'fast-check';
import { cosineDistance, pairwise, type Distance } from './reference.js';
import {
  classes, defined, maybe, remap, reductionOptions, rowsOf, size, values, type Dtype, type FuzzCase, type Kind,
} from './fuzz-cases.js';

type Arb<T> = fc.Arbitrary<T>;
type Gen = (dtype: Dtype) => Arb<FuzzCase>;

const positive = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true });
// (no subnormal margins: float32 kernels round them to ±0, the JS backend's float64 arithmetic does not)
const marginArb = fc.oneof(fc.constantFrom(0, 1, -0.5), fc.double({ min: -2, max: 2, noNaN: true }).filter((v) => v === 0 || Math.abs(v) > 1e-30));

/** input and target of one length, a shape [N, L] (when weights repeat along it) and extra options. */
function pointwise(kx: Kind, ky: Kind, extra: (n: number, L: number) => Arb<Record<string, unknown>> = () => fc.constant({}), reductions?: string[], hasShape = false): Gen {
  return (dtype) => rowsOf().chain(([N, L]) => {
    const n = N * L;
    return fc.record({ x: values(n, kx), y: values(n, ky), red: reductionOptions(n, reductions), extra: extra(n, L), shaped: fc.boolean() })
      .map(({ x, y, red, extra, shaped }) => ({
        dtype, args: [x, y], ints: [],
        options: defined({ ...red, ...extra, shape: hasShape && (shaped || extra.weight || extra.posWeight || red.reduction === 'batchmean') ? [N, L] : undefined }),
      }));
  });
}

/** A weight of the last dimension or of every element, or none. */
const weightOf = (n: number, L: number, lo = 0, hi = 3) => maybe(fc.oneof(values(L, 'positive'), values(n, 'positive')).map((w) => w.map((v) => Math.min(Math.max(v, lo), hi))));
/** Weights without subnormals (whose products with infinite or tiny terms depend on the order of operations). */
const atLeast = (lo: number) => (w: number[]) => w.map((v) => Math.max(v, lo));
const smoothing = maybe(fc.constantFrom(0, 0.1, 0.5, 1));

/** Class losses over [N, C, d...]: index targets (with ignoreIndex, weights) or probabilities (crossEntropy). */
function classCall(withProbs: boolean, smoothed: boolean): Gen {
  const dims = fc.oneof(
    fc.tuple(fc.integer({ min: 1, max: 9 }), fc.constantFrom(1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 64, 65)).map(([N, C]) => [N, C]),
    fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })).map(([N, C, D]) => [N, C, D]),
    fc.integer({ min: 1, max: 20 }).map((C) => [C]),
    fc.constant<number[]>([16385, 4]), // over the 64K chunk
  );
  return (dtype) => fc.tuple(dims, withProbs ? fc.boolean() : fc.constant(false)).chain(([shape, probs]) => {
    const C = shape.length === 1 ? shape[0] : shape[1], n = shape.reduce((a, b) => a * b, 1), rows = n / C;
    const ignore = probs ? undefined : fc.constantFrom(undefined, -1, 0, C - 1);
    return fc.record({
      x: values(n, 'real'), ignoreIndex: ignore ?? fc.constant(undefined), red: reductionOptions(rows),
      // (weights >= 1e-3: where the targets' weights sum to 0, 'mean' is 0/0 and its gradient inf·0)
      weight: maybe(values(C, 'positive').map(atLeast(1e-3))), labelSmoothing: smoothed ? smoothing : fc.constant(undefined), explicitShape: fc.boolean(),
    }).chain((r) => (probs ? values(n, 'prob') : classes(rows, C, [r.ignoreIndex ?? -100])).map((t) => {
      const x = r.x; // (ignored rows keep whatever logits they drew: ±inf and NaN count for nothing)
      const needShape = probs || shape.length !== 2 || r.explicitShape;
      return {
        dtype, args: [x, t], ints: probs ? [] : [1],
        options: defined({ ...r.red, ignoreIndex: r.ignoreIndex, weight: r.weight, labelSmoothing: r.labelSmoothing, shape: needShape ? shape : undefined }),
      };
    }));
  });
}
/**
 * The categorical losses over [N, C, d...] (or class last): index or probability targets, finite logits (at ±inf
 * the softmax losses' gradients are limits, p·log p → 0, that no formula evaluates; Keras's and optax's are NaN).
 */
function categoricalCall(opts: Arb<Record<string, unknown>>): Gen {
  const dims = fc.oneof(
    fc.tuple(fc.integer({ min: 1, max: 9 }), fc.constantFrom(1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 64, 65)).map(([N, C]) => [N, C]),
    fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })).map(([N, C, D]) => [N, C, D]),
    fc.integer({ min: 1, max: 20 }).map((C) => [C]),
    fc.constant<number[]>([16385, 4]), // over the 64K chunk
  );
  return (dtype) => fc.tuple(dims, fc.boolean(), fc.boolean()).chain(([shape, probs, classLast]) => {
    const last = classLast && shape.length > 2;
    const C = shape.length === 1 || last ? shape.at(-1)! : shape[1], n = shape.reduce((a, b) => a * b, 1), rows = n / C;
    return fc.record({ x: values(n, 'finite'), t: probs ? values(n, 'prob') : classes(rows, C), red: reductionOptions(rows), o: opts, explicitShape: fc.boolean() })
      .map(({ x, t, red, o, explicitShape }) => ({
        dtype, args: [x, t], ints: probs ? [] : [1],
        options: defined({ ...red, ...o, shape: probs || shape.length !== 2 || explicitShape ? shape : undefined, classDim: last ? -1 : undefined }),
      }));
  });
}
const logTargetOf = (c: FuzzCase) => c.options.logTarget === true;
/** Rows [N, D] of embeddings (or one row [D]), each argument of kind k. */
function rowsCall(count: number, k: Kind, target: ((N: number) => Arb<number[]>) | null, opts: Arb<Record<string, unknown>>): Gen {
  return (dtype) => fc.tuple(size(), fc.constantFrom(1, 2, 3, 4, 8, 17)).chain(([n, d]) => {
    const D = n > 300 ? Math.max(d, 8) : d; // (large inputs in rows of 8 or more: the reference walks rows in JS)
    const N = Math.max(1, Math.floor(n / D)), shaped = N > 1 || n % 2 === 0;
    return fc.record({
      xs: fc.tuple(...Array.from({ length: count }, () => values(N * D, k))), t: target ? target(N) : fc.constant(null),
      red: reductionOptions(N), o: opts,
    }).map(({ xs, t, red, o }) => ({
      dtype, args: t ? [...xs, t] : xs, ints: [], options: defined({ ...red, ...o, shape: shaped ? [N, D] : undefined }),
    }));
  });
}

/** Matrix [N, C] losses with class targets: multiMarginLoss and multilabelMarginLoss. */
function marginCall(target: (N: number, C: number) => Arb<number[]>, opts: (C: number) => Arb<Record<string, unknown>>, shapeAlways: boolean): Gen {
  return (dtype) => fc.tuple(fc.integer({ min: 1, max: 9 }), fc.constantFrom(1, 2, 3, 4, 5, 8, 17, 33)).chain(([N, C]) =>
    fc.record({ x: values(N * C, 'real'), t: target(N, C), red: reductionOptions(N), o: opts(C), shaped: fc.boolean() })
      .map(({ x, t, red, o, shaped }) => ({
        dtype, args: [x, t], ints: [1], options: defined({ ...red, ...o, shape: shapeAlways || shaped ? [N, C] : undefined }),
      })));
}
/** Each row: a few labels, -1, then anything in [-1, C) (never read). */
const labelLists = (N: number, C: number) => fc.array(
  fc.tuple(fc.integer({ min: 0, max: C }), fc.array(fc.integer({ min: 0, max: C - 1 }), { minLength: C, maxLength: C }), fc.array(fc.integer({ min: -1, max: C - 1 }), { minLength: C, maxLength: C }))
    .map(([k, labels, rest]) => labels.map((c, j) => (j < k ? c : j === k ? -1 : rest[j]))),
  { minLength: N, maxLength: N },
).map((rows) => rows.flat());

/** Keras's overlap losses over [N, C] (one row [C] without a shape): input of kind kx, target of kind ky. */
function overlapCall(kx: Kind, ky: Kind, opts: Arb<Record<string, unknown>>, widths = [1, 2, 3, 4, 5, 8, 17, 33]): Gen {
  return (dtype) => fc.tuple(fc.integer({ min: 1, max: 9 }), fc.constantFrom(...widths)).chain(([N, C]) =>
    fc.record({ x: values(N * C, kx), y: values(N * C, ky), red: reductionOptions(N), o: opts, shaped: fc.boolean() })
      .map(({ x, y, red, o, shaped }) => ({
        dtype, args: [x, y], ints: [], options: defined({ ...red, ...o, shape: N > 1 || shaped ? [N, C] : undefined }),
      })));
}

/**
 * NT-Xent: embeddings [N, D] and labels of a few groups ('mean' only). D >= 2: with one column every cosine is ±1
 * and the gradient a cancellation to 0.
 */
const ntXentCall: Gen = (dtype) => fc.tuple(fc.integer({ min: 1, max: 9 }), fc.constantFrom(2, 3, 4, 8, 17), fc.integer({ min: 1, max: 4 }))
  .chain(([N, D, groups]) => fc.record({
    x: values(N * D, 'normal'), t: fc.array(fc.integer({ min: 0, max: groups - 1 }), { minLength: N, maxLength: N }),
    temperature: maybe(fc.constantFrom(0.07, 0.5, 1)), shaped: fc.boolean(),
  }).map((r) => ({
    dtype, args: [r.x, r.t], ints: [1],
    options: defined({ reduction: 'mean', temperature: r.temperature, shape: r.shaped ? [N, D] : undefined }),
  })));

/** CTC: log-softmax rows [T, N, C], targets without the blank (concatenated or padded), lengths (some impossible). */
const ctcCall: Gen = (dtype) => fc.record({
  T: fc.integer({ min: 1, max: 8 }), N: fc.integer({ min: 1, max: 3 }), C: fc.integer({ min: 2, max: 5 }),
}).chain(({ T, N, C }) => fc.record({
  raw: values(T * N * C, 'finite'), blank: fc.integer({ min: 0, max: C - 1 }),
  // KNOWN: input length 0 with target length 0 (losskit Infinity, PyTorch 0): input lengths >= 1 here
  inLens: fc.array(fc.integer({ min: 1, max: T }), { minLength: N, maxLength: N }),
  tgLens: fc.array(fc.integer({ min: 0, max: Math.min(T + 1, 5) }), { minLength: N, maxLength: N }),
  labels: fc.array(fc.integer({ min: 1, max: C - 1 }), { minLength: N * 6, maxLength: N * 6 }),
  padded: fc.boolean(), zeroInfinity: maybe(fc.boolean()), red: reductionOptions(N), threeD: fc.boolean(),
}).map((r) => {
  const S = Math.max(...r.tgLens) + (r.padded ? 1 : 0);
  const label = (i: number) => (r.labels[i] + r.blank) % C; // shifts 1..C-1 past the blank: never the blank
  const targets = r.padded ? Array.from({ length: N * S }, (_, i) => label(i))
    : r.tgLens.flatMap((l, n) => Array.from({ length: l }, (_, j) => label(n * 6 + j)));
  const x = logSoftmaxRows(r.raw.map((v) => v / 4), C);
  return {
    dtype, args: [x, targets, r.inLens, r.tgLens], ints: [1, 2, 3],
    options: defined({ ...r.red, blank: r.blank, zeroInfinity: r.zeroInfinity, shape: N === 1 && !r.threeD ? [T, C] : [T, N, C] }),
  };
}));
function logSoftmaxRows(v: number[], C: number): number[] {
  const out = v.slice();
  for (let i = 0; i < v.length; i += C) {
    const row = v.slice(i, i + C), m = Math.max(...row), lse = m + Math.log(row.reduce((s, a) => s + Math.exp(a - m), 0));
    row.forEach((a, c) => { out[i + c] = a - lse; });
  }
  return out;
}

/**
 * Whether swap's min(d(a, n), d(p, n)) is (nearly) a tie in some row: which branch the gradient takes is then
 * decided by the last bits (PyTorch's minimum splits an exact tie in halves), so these cases are left out.
 */
function swapTie(c: FuzzCase, dist: Distance): boolean {
  if (!c.options.swap) return false;
  const round = c.dtype === 'float32' ? Math.fround : (v: number) => v;
  const D = (c.options.shape as number[] | undefined)?.at(-1) ?? c.args[0].length;
  const [a, p, n] = c.args.map((v) => v.map(round));
  for (let r = 0; r * D < a.length; r++) {
    const row = (v: number[]) => v.slice(r * D, (r + 1) * D);
    const dn = dist(row(a), row(n)).d, ds = dist(row(p), row(n)).d;
    if (!(Math.abs(dn - ds) > (c.dtype === 'float32' ? 1e-4 : 1e-10) * Math.max(dn, ds))) return true;
  }
  return false;
}
/** Whether a row's |x1|²·|x2|² is near cosine_similarity's clamp eps², where its gradient changes formula. */
function nearClamp(c: FuzzCase): boolean {
  if (c.options.distance !== 'cosine') return false;
  const D = (c.options.shape as number[] | undefined)?.at(-1) ?? c.args[0].length;
  const sq = (v: number[], r: number) => v.slice(r * D, (r + 1) * D).reduce((s, x) => s + x * x, 0);
  for (let r = 0; r * D < c.args[0].length; r++) {
    const [a, p, n] = c.args.map((v) => sq(v, r));
    if (Math.min(a * p, a * n, p * n) < 1e-12) return true;
  }
  return false;
}
const noTie = (gen: Gen, dist: (o: Record<string, any>) => Distance): Gen => (dtype) =>
  gen(dtype).filter((c) => !swapTie(c, dist(c.options)) && !nearClamp(c));

const tripletOpts = {
  margin: maybe(positive(0.01, 3)), swap: maybe(fc.boolean()),
};

/** Corners and sides of boxes: ordinary, extreme (±1e4, subnormal), and 0 (a degenerate box). */
const corner = fc.oneof({ arbitrary: fc.double({ min: -10, max: 10, noNaN: true }), weight: 6 }, fc.constantFrom(0, -0, 1e4, -1e4, 1e-40, 1e-310));
const side = (minSide: number) => fc.oneof({ arbitrary: fc.double({ min: minSide, max: 10, noNaN: true }), weight: 6 }, fc.constantFrom(minSide, 1e-8 + minSide, 1e4));
/**
 * Pairs of boxes (x1, y1, x2, y2), each pair random, identical, sharing an edge, nested or one corner apart (ties
 * in torchvision's min and max). CIoU's boxes have heights >= 1e-3: its w/h at h = 0 is NaN in torchvision too.
 */
const boxCall = (minHeight: number): Gen => (dtype) => size().map((n) => Math.max(1, Math.min(n, 2048))).chain((N) => fc.record({
  pairs: fc.array(fc.tuple(corner, corner, side(0), side(minHeight), corner, corner, side(0), side(minHeight), fc.constantFrom('random', 'identical', 'edge', 'nested', 'corner')),
    { minLength: N, maxLength: N }),
  red: reductionOptions(N),
}).map(({ pairs, red }) => {
  const round = dtype === 'float32' ? Math.fround : (v: number) => v; // (ties survive the dtype's rounding)
  const b1: number[] = [], b2: number[] = [];
  for (const [x, y, w, h, X, Y, W, H, rel] of pairs) {
    const a = [x, y, x + w, y + h].map(round);
    const b = rel === 'identical' ? a : rel === 'edge' ? [a[2], a[1], round(a[2] + W), a[3]] : rel === 'nested' ? [a[0], a[1], round(a[0] + w / 2), a[3]]
      : rel === 'corner' ? [a[2], a[3], round(a[2] + W), round(a[3] + H)] : [X, Y, X + W, Y + H].map(round);
    b1.push(...a); b2.push(...b);
  }
  return { dtype, args: [b1, b2], ints: [], options: defined({ ...red }) };
}));
/** The hinge losses: targets ±1, all 0/1 (read as 2y - 1), or any reals (one non-binary target keeps them as given). */
const hingeCall: Gen = (dtype) => fc.constantFrom<Kind>('sign', 'binary', 'real').chain((k) => pointwise('real', k)(dtype));

export const GENERATORS: Partial<Record<string, Gen>> = {
  mseLoss: pointwise('real', 'real'),
  l1Loss: pointwise('real', 'real'),
  crossEntropy: classCall(true, true),
  nllLoss: classCall(false, false),
  // KNOWN: on wasm float64 the gradient's clamp 1e-12 is float32's (9.99999996e-13): float64 cases keep x(1 - x) >= 1e-12
  binaryCrossEntropy: (dtype) => pointwise('prob', 'prob', (n, L) => fc.record({ weight: weightOf(n, L), labelSmoothing: smoothing }).map(defined), undefined, true)(dtype)
    .map((c) => (dtype === 'float32' ? c : { ...c, args: [remap(c.args[0], (x) => (x * (1 - x) < 1e-12 ? 0.5 : x), 'x(1 - x) < 1e-12 as 0.5'), c.args[1]] })),
  binaryCrossEntropyWithLogits: pointwise('real', 'prob', (n, L) => fc.record({
    weight: weightOf(n, L), posWeight: maybe(fc.oneof(values(L, 'positive'), values(n, 'positive')).map((w) => w.map((v) => Math.min(Math.max(v, 1e-4), 1e3)))),
    labelSmoothing: smoothing,
  }).map(defined), undefined, true),
  huberLoss: pointwise('real', 'real', () => fc.record({ delta: maybe(fc.oneof(fc.constantFrom(1, 1e-3, 100), positive(0.01, 5))) }).map(defined)),
  smoothL1Loss: pointwise('real', 'real', () => fc.record({ beta: maybe(fc.oneof(fc.constantFrom(0, 1, 1e-3), positive(1e-3, 5))) }).map(defined)),
  softMarginLoss: pointwise('real', 'sign'),
  logCoshLoss: pointwise('real', 'real'),
  hingeEmbeddingLoss: pointwise('real', 'sign', () => fc.record({ margin: maybe(marginArb) }).map(defined)),
  meanAbsolutePercentageError: pointwise('real', 'real'),
  meanSquaredLogarithmicError: pointwise('real', 'real'),
  hingeLoss: hingeCall,
  squaredHingeLoss: hingeCall,
  // (NaN, negative targets and -inf inputs at a 0 target: test/fixtures/edges/klDiv.json, against PyTorch)
  // KNOWN: logTarget with exp(target) overflowing and input 0 (NaN, PyTorch inf·t = inf): log targets <= 30 here
  // (so that exp(t)·(t - x) stays within float32 for |x| <= 1e4)
  klDiv: (dtype) => fc.boolean().chain((logTarget) => pointwise('finite', logTarget ? 'finite' : 'prob', () => fc.constant({ logTarget }), ['none', 'sum', 'mean', 'batchmean'], true)(dtype))
    .map((c) => ({ ...c, args: [c.args[0], remap(c.args[1], (t) => (logTargetOf(c) ? Math.min(t, 30) : t), 'at most 30')] })),
  // KNOWN: float32 on js: exp(x) for 88.72 < x < 710 (and y/x for rates) does not overflow as PyTorch's (and
  // wasm's) float32 arithmetic does: those inputs are 88 here, and rates are 0 or >= 1e-30
  poissonNllLoss: (dtype) => fc.boolean().chain((logInput) => pointwise(logInput ? 'real' : 'positive', 'count', () => fc.record({
    logInput: fc.constant(logInput), full: maybe(fc.boolean()), eps: maybe(fc.constantFrom(1e-8, 0.1, 0)),
  }).map(defined))(dtype)).map((c) => (dtype === 'float64' ? c : c.options.logInput
    ? { ...c, args: [remap(c.args[0], (x) => (x > 88.72 && x < 710 ? 88 : x), '(88.72, 710) as 88'), c.args[1]] }
    : { ...c, args: [remap(c.args[0], (x) => (x > 0 && x < 1e-30 ? 1e-30 : x), 'subnormals as 1e-30'), c.args[1]] })),
  // KNOWN: x = -inf with y = 1 (losskit NaN, PyTorch +inf): those inputs are -1e4 here
  multilabelSoftMarginLoss: (dtype) => marginCall(
    (N, C) => values(N * C, 'binary'), (C) => fc.record({ weight: maybe(values(C, 'positive').map(atLeast(1e-3))) }).map(defined), true,
  )(dtype).map((c) => ({ ...c, args: [remap(c.args[0], (v, i) => (v === -Infinity && c.args[1][i] === 1 ? -1e4 : v), '-inf as -1e4 where y = 1'), c.args[1]] })),
  // gamma >= 1 or 0: for 0 < gamma < 1 autograd's pow backward gives 0·inf = NaN where p_t rounds to 1
  // (finite logits: at ±inf torchvision's formula is inf·0 in places; reduced cases agree, the unreduced one did not)
  sigmoidFocalLoss: pointwise('finite', 'binary', () => fc.record({
    alpha: maybe(fc.constantFrom(0.25, -1, 0, 1, 0.5)), gamma: maybe(fc.constantFrom(0, 1, 2, 2.5, 3)),
  }).map(defined)),
  marginRankingLoss: (dtype) => size().chain((n) => fc.record({
    x1: values(n, 'real'), x2: values(n, 'real'), t: values(n, 'sign'), red: reductionOptions(n), margin: maybe(marginArb),
  }).map((r) => ({ dtype, args: [r.x1, r.x2, r.t], ints: [], options: defined({ ...r.red, margin: r.margin }) }))),
  // KNOWN: NaN with target -1 (loss 0 instead of NaN): finite inputs here
  cosineEmbeddingLoss: rowsCall(2, 'normal', (N) => fc.array(fc.constantFrom(1, -1, -1, 1, 0), { minLength: N, maxLength: N }),
    fc.record({ margin: maybe(marginArb.map((m) => m / 2)) }).map(defined)),
  multiMarginLoss: marginCall((N, C) => classes(N, C), (C) => fc.record({
    p: maybe(fc.constantFrom(1, 2)), margin: maybe(marginArb), weight: maybe(values(C, 'positive').map(atLeast(1e-3))),
  }).map(defined), false),
  multilabelMarginLoss: marginCall(labelLists, () => fc.constant({}), true),
  categoricalHingeLoss: categoricalCall(fc.constant({})),
  categoricalFocalLoss: categoricalCall(fc.record({
    alpha: maybe(fc.constantFrom(0.25, 1, 0, -0.5)), gamma: maybe(fc.constantFrom(0, 0.5, 1, 2, 2.5, 4)),
  }).map(defined)),
  polyLoss: categoricalCall(fc.record({ epsilon: maybe(fc.constantFrom(2, 0, -1, 0.5, 1e3)) }).map(defined)),
  // KNOWN: NaN (loss 0, grad 0 instead of NaN): finite inputs here
  tripletMarginLoss: noTie(rowsCall(3, 'normal', null, fc.record({
    ...tripletOpts, p: maybe(fc.constantFrom(1, 1.5, 2, 3)), eps: maybe(fc.constantFrom(1e-6, 0, 0.1)),
  }).map(defined)), (o) => pairwise(o.p ?? 2, o.eps ?? 1e-6)),
  tripletMarginWithDistanceLoss: noTie(rowsCall(3, 'normal', null, fc.record({
    ...tripletOpts, distance: maybe(fc.constantFrom('pairwise', 'cosine')),
  }).map(defined)), (o) => (o.distance === 'cosine' ? cosineDistance : pairwise(2, 1e-6))),
  // KNOWN: a NaN variance (treated as eps instead of NaN): variances >= 0 here
  gaussianNllLoss: (dtype) => rowsOf().chain(([N, L]) => fc.record({
    x: values(N * L, 'real'), y: values(N * L, 'real'), perRow: fc.boolean(), red: reductionOptions(N * L),
    // (no eps 0: a variance 0 would divide by 0, where the order of the operations decides ±inf or NaN on
    // subnormals; float32: no eps whose square underflows, as v² in PyTorch's backward does)
    full: maybe(fc.boolean()), eps: maybe(fc.constantFrom(1e-6, 0.1, dtype === 'float64' ? 1e-300 : 1e-6)),
  }).chain((r) => values(r.perRow ? N : N * L, 'positive').map((v) => ({
    dtype, args: [r.x, r.y, v], ints: [], options: defined({ ...r.red, full: r.full, eps: r.eps, shape: r.perRow ? [N, L] : undefined }),
  })))),
  ctcLoss: ctcCall,
  generalizedBoxIouLoss: boxCall(0),
  distanceBoxIouLoss: boxCall(0),
  completeBoxIouLoss: boxCall(1e-3),
  // (C >= 2: with one column x̂·ŷ = ±1 and the gradient is a cancellation to 0 that no dtype resolves)
  cosineSimilarityLoss: overlapCall('normal', 'normal', fc.constant({}), [2, 3, 4, 5, 8, 17, 33]),
  diceLoss: (dtype) => fc.constantFrom<Kind>('binary', 'prob').chain((ky) => overlapCall('prob', ky, fc.constant({}))(dtype)),
  tverskyLoss: (dtype) => fc.constantFrom<Kind>('binary', 'prob').chain((ky) => overlapCall('prob', ky, fc.record({
    alpha: maybe(fc.constantFrom(0, 0.3, 0.5, 1)), beta: maybe(fc.constantFrom(0, 0.5, 0.7, 2)),
  }).map(defined))(dtype)),
  ntXentLoss: ntXentCall,
};

/** Activations: an input, and a class shape for the row-wise ones. */
const activation = (rowWise: boolean): Gen => (dtype) => (rowWise
  ? fc.oneof(size().map((n) => [n]), fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 17 })), fc.constant<number[]>([16385, 4]), fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 })))
  : size().map((n) => [n])
).chain((shape) => values(shape.reduce((a, b) => a * b, 1), 'real').map((x) => ({
  dtype, args: [x], ints: [], options: rowWise && shape.length > 1 ? { shape } : {},
})));

export const ACTIVATION_GENERATORS: Partial<Record<string, Gen>> = {
  softmax: activation(true), logSoftmax: activation(true), sigmoid: activation(false), logSigmoid: activation(false),
};
