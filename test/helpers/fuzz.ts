// The differential property: each generated call runs on the wasm instance and the js instance, and both are
// compared with the float64 reference (test/helpers/reference.ts) and with each other. No test-runner imports:
// test/fuzz.test.ts runs it quickly with a fixed seed, scripts/fuzz.mjs long.
import fc from 'fast-check';
import type { Losskit } from '../../src/index.js';
import { ACTIVATIONS, LOSSES } from '../../src/losses/registry.js';
import type { Dtype, FuzzCase } from './fuzz-cases.js';
import { ACTIVATION_GENERATORS, GENERATORS } from './fuzz-losses.js';
type Gen = NonNullable<(typeof GENERATORS)[string]>;
import { ACTIVATION_REFERENCES, DEFAULTS, REFERENCES, type RefResult } from './reference.js';

export const FUNCTIONS = [...Object.keys(LOSSES), ...Object.keys(ACTIVATIONS)];
const isActivation = (name: string) => name in ACTIVATIONS;

/**
 * Tolerances, relative to each value's scale: its own magnitude, never below FLOOR times the largest in the same
 * array (a value that cancels to near zero carries the absolute error of the larger ones it came from).
 * float64: 1e-12. float32: 3e-5 (about 250 ulp: the float32 kernels' exp and log, each within a few ulp, composed
 * through σ, log1p and their products, against exact math; the largest seen in long runs is 2.0e-5).
 */
const TOL: Record<Dtype, number> = { float64: 1e-12, float32: 3e-5 };
const FLOOR: Record<Dtype, number> = { float64: 1e-6, float32: 1e-3 };
/**
 * Absolute floors: subnormal inputs (float32 from 1.4e-45, float64 from 5e-324) carry few significant bits, and
 * the losses' 1e-12 epsilons (BCE's clamp, cosine's squared norms) amplify them by up to 1e12.
 */
const TINY: Record<Dtype, number> = { float64: 1e-280, float32: 1e-25 };
/**
 * Wider float64 tolerances, each for a chain of exp/log whose condition number exceeds 1e4 near its edges:
 * - ctcLoss: exp(lcab + nll - lp) sums α·β over up to T·(2S+1) paths in log space (a logsumexp per step).
 * - poissonNllLoss: y·log(x + eps) and the Stirling term cancel against x and y·log y (y up to 1e3).
 * - gaussianNllLoss: ½(1/v - d²/v²) cancels where d² ≈ v (the gradient of the variance).
 * - the triplet losses: |v|^p with p = 1.5 or 3 through pow and its p-th root; eps added to each difference, so
 *   the distance's derivative v/d loses bits where a - b ≈ -eps.
 */
const TOL64: Record<string, number> = {
  ctcLoss: 1e-9, poissonNllLoss: 1e-10, gaussianNllLoss: 1e-10, tripletMarginLoss: 1e-10, tripletMarginWithDistanceLoss: 1e-10,
};
const tolerance = (name: string, dtype: Dtype) => (dtype === 'float64' ? TOL64[name] ?? TOL.float64 : TOL.float32);

type Typed = Float32Array | Float64Array;
const typed = (dtype: Dtype, v: number[]): Typed => (dtype === 'float32' ? Float32Array.from(v) : Float64Array.from(v));
const FLOAT_OPTIONS = ['weight', 'posWeight', 'gradOutput'];

/** The call as losskit takes it: typed arrays of the case's dtype, Int32Array indices. */
export function callArgs(c: FuzzCase): { args: unknown[]; options: Record<string, unknown> } {
  const args = c.args.map((a, i) => (c.ints.includes(i) ? Int32Array.from(a) : typed(c.dtype, a)));
  const options = Object.fromEntries(Object.entries(c.options).map(([k, v]) => [k, FLOAT_OPTIONS.includes(k) ? typed(c.dtype, v as number[]) : v]));
  return { args, options };
}

export interface Outputs { loss: number[]; fused: number[]; grads: number[][] }
/** The reference's outputs, with the scale of the loss values (the magnitude of what cancels into them). */
export type Expected = Outputs & { lossScale: number[]; gradScales?: number[][] };

/** A loss (or activation) on k: the loss, the fused loss and every gradient as plain arrays. */
export function run(k: Losskit, name: string, c: FuzzCase): Outputs {
  const { args, options } = callArgs(c);
  const fn = (k as unknown as Record<string, Function>)[name];
  if (isActivation(name)) return { loss: Array.from(fn(args[0], options) as Typed), fused: [], grads: [] };
  const { gradOutput, ...plain } = options;
  const asArray = (v: number | Typed) => (typeof v === 'number' ? [v] : Array.from(v));
  const r = (k as unknown as Record<string, Function>)[name + 'WithGrad'](...args, options);
  return { loss: asArray(fn(...args, plain)), fused: asArray(r.loss), grads: r.grads.map((g: Typed) => Array.from(g)) };
}

/** The reference's outputs for the case's reduction, with the scale of each scalar (Σ of magnitudes). */
export function expected(name: string, c: FuzzCase): Expected {
  const { args, options } = callArgs(c);
  const values = args.map((a) => Array.from(a as ArrayLike<number>));
  if (isActivation(name)) {
    const out = ACTIVATION_REFERENCES[name](values[0], options.shape as number[] | undefined);
    // log Σ exp is accurate to a few ulp of 1 in absolute terms (d log s = ds/s): logSoftmax's values too
    return { loss: out, fused: [], grads: [], lossScale: name === 'logSoftmax' ? out.map(() => 1) : [] };
  }
  const o: Record<string, any> = { reduction: 'mean', ...DEFAULTS[name], dtype: c.dtype };
  // PyTorch's kernels cast scalar parameters (margin, delta, beta, eps) to the tensor's dtype
  const scalar = (v: unknown) => (typeof v === 'number' && c.dtype === 'float32' ? Math.fround(v) : v);
  for (const [k, v] of Object.entries(options)) o[k] = FLOAT_OPTIONS.includes(k) ? Array.from(v as Typed) : scalar(v);
  o.targetKind = c.ints.includes(1) ? 'index' : 'probs';
  const ref = REFERENCES[name]({ args: values, o });
  return reduced(ref, o);
}

function reduced(ref: RefResult, o: Record<string, any>): Expected {
  const { rows, denom } = ref, scale = ref.rowScale ?? rows.map(() => 1);
  const mags = rows.map((v, r) => Math.max(Math.abs(v), ref.magnitudes?.[r] ?? 0));
  if (o.reduction === 'none') {
    const g = o.gradOutput ?? rows.map(() => 1);
    return { loss: rows, fused: rows, grads: ref.grads(g), lossScale: mags, gradScales: ref.gradScales?.(g) };
  }
  // rowScale (CTC's 1/target length) weighs the rows of 'mean' only
  const mean = o.reduction !== 'sum';
  const by = mean ? denom : 1, weight = (r: number) => (mean ? scale[r] : 1);
  let total = 0, magnitude = 0;
  rows.forEach((v, r) => { total += v * weight(r); magnitude += mags[r] * Math.abs(weight(r)); });
  const value = mean && denom === 0 ? NaN : total / by;
  const g = rows.map((_, r) => weight(r) / by);
  return { loss: [value], fused: [value], grads: ref.grads(g), lossScale: [magnitude / by], gradScales: ref.gradScales?.(g) };
}

const SPECIAL = (e: number) => Number.isNaN(e) || !Number.isFinite(e);

/**
 * The largest disagreement of a with b, relative to the expected values' scales (0: equal; Infinity: a NaN or an
 * infinity that does not match). `where` receives the index of the worst element.
 */
export function disagreement(a: number[], b: number[], e: number[], dtype: Dtype, minScale: number[] = []): { err: number; at: number } {
  if (a.length !== b.length) return { err: Infinity, at: -1 };
  const round = dtype === 'float32' ? Math.fround : (v: number) => v;
  let maxAbs = 0;
  for (const v of e) if (Number.isFinite(v)) maxAbs = Math.max(maxAbs, Math.abs(v));
  let worst = { err: 0, at: -1 };
  for (let i = 0; i < a.length; i++) {
    const x = round(a[i]), y = round(b[i]);
    if (Object.is(x, y) || x === y) continue;
    const err = SPECIAL(x) || SPECIAL(y) ? Infinity
      : Math.abs(x - y) / Math.max(Math.abs(round(e[i])), FLOOR[dtype] * maxAbs, minScale[i] ?? 0, TINY[dtype]);
    if (err > worst.err) worst = { err, at: i };
  }
  return worst;
}

export type Pair = 'wasm~ref' | 'js~ref' | 'wasm~js';
export const PAIRS: Pair[] = ['wasm~ref', 'js~ref', 'wasm~js'];
/** Per function and dtype: cases run and the largest disagreement of each pair. */
export type Stats = Record<string, Record<Dtype, { cases: number } & Record<Pair, number>>>;

/** Compares every output of a and b; throws a readable mismatch beyond the tolerance, returns the largest. */
function comparePair(pair: Pair, a: Outputs, b: Outputs, e: Expected, name: string, dtype: Dtype): number {
  const parts: [string, number[], number[], number[], number[]][] = [
    ['loss', a.loss, b.loss, e.loss, e.lossScale], ['fused loss', a.fused, b.fused, e.fused, e.lossScale],
    ...e.grads.map((g, i): [string, number[], number[], number[], number[]] => [`grads[${i}]`, a.grads[i] ?? [], b.grads[i] ?? [], g, e.gradScales?.[i] ?? []]),
  ];
  let max = 0;
  for (const [what, x, y, ex, minScale] of parts) {
    const { err, at } = disagreement(x, y, ex, dtype, minScale);
    if (err > tolerance(name, dtype)) {
      throw new Error(`${pair} ${what}${at >= 0 ? `[${at}]` : ''}: ${x[at] ?? `length ${x.length}`} vs ${y[at] ?? `length ${y.length}`}`
        + ` (reference ${ex[at]}; disagreement ${err.toExponential(2)} > ${tolerance(name, dtype)})`);
    }
    max = Math.max(max, err);
  }
  return max;
}

/** Runs one case on both instances and checks it; records the disagreements in stats. */
export function checkCase(name: string, c: FuzzCase, wasm: Losskit, js: Losskit, stats: Stats): void {
  const e = expected(name, c);
  const outs = { wasm: run(wasm, name, c), js: run(js, name, c) };
  const s = ((stats[name] ??= {} as Stats[string])[c.dtype] ??= { cases: 0, 'wasm~ref': 0, 'js~ref': 0, 'wasm~js': 0 });
  s.cases++;
  const asRef: Outputs = e;
  const vs: Record<Pair, [Outputs, Outputs]> = { 'wasm~ref': [outs.wasm, asRef], 'js~ref': [outs.js, asRef], 'wasm~js': [outs.wasm, outs.js] };
  for (const pair of PAIRS) s[pair] = Math.max(s[pair], comparePair(pair, vs[pair][0], vs[pair][1], e, name, c.dtype));
}

/** The generator of a function: a loss or activation without one fails here (and so does the suite). */
export function generator(name: string): fc.Arbitrary<FuzzCase> {
  const gen: Gen | undefined = GENERATORS[name] ?? ACTIVATION_GENERATORS[name];
  const hasRef = name in REFERENCES || name in ACTIVATION_REFERENCES;
  if (!gen || !hasRef) throw new Error(`${name}: no ${gen ? 'reference' : 'generator'} in the fuzz suite (test/helpers/reference.ts, test/helpers/fuzz-losses.ts)`);
  return fc.oneof(gen('float32'), gen('float64'));
}

/** fast-check's property for one function. */
export const property = (name: string, wasm: Losskit, js: Losskit, stats: Stats) =>
  fc.property(generator(name), (c) => { checkCase(name, c, wasm, js, stats); });

/** The report: per function and dtype, cases and the largest disagreement per pair (relative, and in ulps). */
export function report(stats: Stats): string {
  const ulp: Record<Dtype, number> = { float32: 2 ** -23, float64: 2 ** -52 };
  const cell = (v: number, d: Dtype) => `${v.toExponential(1)} (${(v / ulp[d]).toFixed(1)} ulp)`.padEnd(24);
  const lines = [`${'function'.padEnd(30)}${'dtype'.padEnd(9)}${'cases'.padStart(7)}  ${PAIRS.map((p) => p.padEnd(24)).join('')}`];
  for (const [name, byDtype] of Object.entries(stats)) {
    for (const [d, s] of Object.entries(byDtype) as [Dtype, Stats[string][Dtype]][]) {
      lines.push(`${name.padEnd(30)}${d.padEnd(9)}${String(s.cases).padStart(7)}  ${PAIRS.map((p) => cell(s[p], d)).join('')}`);
    }
  }
  return lines.join('\n');
}
