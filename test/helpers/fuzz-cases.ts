// fast-check generators of calls for every loss and activation: shapes at the kernels' boundaries (tiles of
// 4/8/16, blocks of 256, the 64K chunks of copying calls), options, and extreme values. A case holds plain
// number arrays (printed as they are in a counterexample; the large ones print as their seed).
import fc from 'fast-check';

export type Dtype = 'float32' | 'float64';
export interface FuzzCase {
  dtype: Dtype;
  /** Positional arguments; those listed in `ints` are integers (passed as Int32Array). */
  args: number[][];
  ints: number[];
  /** Options as losskit takes them, float arrays (weight, posWeight, gradOutput) as number[]. */
  options: Record<string, unknown>;
}
type Arb<T> = fc.Arbitrary<T>;

/** Which values a float argument draws from. */
export type Kind = 'real' | 'finite' | 'normal' | 'prob' | 'binary' | 'sign' | 'positive' | 'count' | 'upstream';

const SUBNORMALS = [5e-324, -5e-324, 1e-310, 1e-40, -1e-40]; // float64 and float32 subnormals
const EXTREME: Record<Kind, number[]> = {
  real: [0, -0, 1e4, -1e4, 88, -88, 89, 30, -30, NaN, Infinity, -Infinity, ...SUBNORMALS],
  finite: [0, -0, 1e4, -1e4, 88, -88, 30, -30, ...SUBNORMALS],
  // (nothing whose square or cube (triplet p = 3) underflows in float32, as in PyTorch's: not modelled here)
  normal: [0, -0, 1e4, -1e4, 88, -88, 30, -30, 1e-12],
  prob: [0, 1, 1e-40, 1e-310, 1 - 1e-7, 0.5],
  binary: [0, 1],
  sign: [1, -1],
  positive: [0, 1e-8, 1e-40, 1e4, 1],
  count: [0, 1, 2, 1e3],
  // gradOutput: no 0 or subnormals, whose product with an intermediate that overflows (inf·0) or underflows
  // depends on each backend's order of operations
  upstream: [1, -1, 1e4, -1e4, 1e-3],
};
const SPREAD: Record<Kind, [number, number]> = {
  real: [-10, 10], finite: [-10, 10], normal: [-10, 10], upstream: [-10, 10], prob: [0, 1], binary: [0, 1], sign: [-1, 1], positive: [0, 10], count: [0, 20],
};
const discrete = (k: Kind) => k === 'binary' || k === 'sign';

function valueArb(kind: Kind): Arb<number> {
  const [min, max] = SPREAD[kind];
  const typical = discrete(kind) ? fc.constantFrom(...EXTREME[kind])
    : kind === 'count' ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
  return fc.oneof({ arbitrary: typical, weight: 6 }, { arbitrary: fc.constantFrom(...EXTREME[kind]), weight: 1 });
}

/** A PRNG for the large arrays (mulberry32). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function drawValue(kind: Kind, r: () => number): number {
  const ex = EXTREME[kind];
  if (discrete(kind) || r() < 0.02) return ex[Math.floor(r() * ex.length)];
  const [min, max] = SPREAD[kind];
  const v = min + (max - min) * r();
  return kind === 'count' ? Math.floor(v) : v;
}

/** An array that prints as its recipe in a counterexample. */
function labelled(a: number[], label: string): number[] {
  Object.defineProperty(a, fc.toStringMethod, { value: () => label });
  return a;
}

/** a.map(f), printed as a's recipe (with the mapping) where a has one. */
export function remap(a: number[], f: (v: number, i: number) => number, what: string): number[] {
  const label = (a as unknown as Record<symbol, (() => string) | undefined>)[fc.toStringMethod];
  const out = a.map(f);
  return label ? labelled(out, `${label()} ${what}`) : out;
}

/** n values of a kind: listed when small, drawn from a seed when large. */
export function values(n: number, kind: Kind): Arb<number[]> {
  // (gradOutput: a tiny upstream gradient is 1, see EXTREME.upstream; 'normal': subnormals are 0)
  const fix = kind === 'upstream' ? (v: number) => (Math.abs(v) < 1e-6 ? 1 : v)
    : kind === 'normal' ? (v: number) => (Math.abs(v) < 1e-12 ? 0 : v) : (v: number) => v;
  if (n <= 300) return fc.array(valueArb(kind).map(fix), { minLength: n, maxLength: n });
  return fc.integer().map((seed) => {
    const r = rng(seed);
    return labelled(Array.from({ length: n }, () => fix(drawValue(kind, r))), `values(${n}, '${kind}', seed ${seed})`);
  });
}
/** n class indices in [0, C) (and `extra` values where given, e.g. the ignore index). */
export function classes(n: number, C: number, extra: number[] = []): Arb<number[]> {
  const one = extra.length ? fc.oneof({ arbitrary: fc.integer({ min: 0, max: C - 1 }), weight: 4 }, fc.constantFrom(...extra)) : fc.integer({ min: 0, max: C - 1 });
  if (n <= 300) return fc.array(one, { minLength: n, maxLength: n });
  return fc.integer().map((seed) => {
    const r = rng(seed), pool = [...extra];
    return labelled(Array.from({ length: n }, () => (pool.length && r() < 0.2 ? pool[0] : Math.floor(r() * C))), `classes(${n}, ${C}, seed ${seed})`);
  });
}

/** Element counts: odd and small, at the SIMD tile boundaries, the 256 blocks, and (rarely) over the 64K chunks. */
export const SIZES = {
  small: fc.integer({ min: 1, max: 12 }),
  tile: fc.constantFrom(3, 4, 7, 8, 15, 16, 17),
  block: fc.constantFrom(255, 256, 257),
  chunk: fc.constantFrom(65537, 4 * 16384 + 3, 131075),
};
export const size = (large = true): Arb<number> => fc.oneof(
  { arbitrary: SIZES.small, weight: 8 }, { arbitrary: SIZES.tile, weight: 6 }, { arbitrary: SIZES.block, weight: 2 },
  ...(large ? [{ arbitrary: SIZES.chunk, weight: 1 }] : []),
);
export const dtypeArb: Arb<Dtype> = fc.constantFrom('float32', 'float64');
export const reductionArb = fc.constantFrom('none', 'sum', 'mean');

/** [N, L] rows of n elements: one row, or a small last dimension L (where per-class weights repeat). */
export const rowsOf = (large = true): Arb<[number, number]> => fc.oneof(
  size(large).map((n): [number, number] => [1, n]),
  fc.tuple(size(large).map((n) => Math.max(1, Math.floor(n / 4))), fc.constantFrom(1, 2, 3, 4, 5, 8, 17)),
);

/** The reduction, and a gradOutput for 'none' (of `rows` values), sometimes left out. */
export function reductionOptions(rows: number, reductions = ['none', 'sum', 'mean']): Arb<Record<string, unknown>> {
  return fc.constantFrom(...reductions).chain((reduction) =>
    reduction === 'none'
      ? fc.option(values(rows, 'upstream'), { nil: undefined }).map((gradOutput) => ({ reduction, ...(gradOutput ? { gradOutput } : {}) }))
      : fc.constant({ reduction }));
}

/** Drops undefined keys (an option left out). */
export const defined = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
export const maybe = <T>(a: Arb<T>): Arb<T | undefined> => fc.option(a, { nil: undefined });
