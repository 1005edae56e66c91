// The PyTorch fixture cases (tools/gen-fixtures.py) and how one is checked against a losskit instance.
// No Node built-ins: Node's tests and the browser harness (test/browser/harness) share this file.
import type { Losskit } from '../../src/index.js';
import { ACTIVATIONS as ACTIVATION_REGISTRY, LOSSES as LOSS_REGISTRY } from '../../src/losses/registry.js';
import { closeArray, closeScalar } from './tolerance.js';

export type Num = number | 'NaN' | 'Infinity' | '-Infinity';
export interface Expected { loss: Num | Num[]; grad: Num[]; grad2?: Num[]; grad3?: Num[]; gradVar?: Num[] }
export interface FixtureCase {
  id: string;
  dtype: 'float32' | 'float64';
  input: Num[];
  input2?: Num[];
  input3?: Num[];
  variance?: Num[];
  inputLengths?: number[];
  targetLengths?: number[];
  target: Num[] | null;
  options: Record<string, unknown>;
  gradOutput?: Num[];
  targetKind?: 'index' | 'int64' | 'probs';
  /** The function of a case in a file of several (test/fixtures/edges/int64.json). */
  function?: string;
  expected: Record<string, Expected> | Num[];
}

// The names come from the registry: a loss added there needs its fixture file here.
export const LOSSES: string[] = Object.keys(LOSS_REGISTRY);
export const ACTIVATIONS: string[] = Object.keys(ACTIVATION_REGISTRY);

export const num = (v: Num): number => (typeof v === 'number' ? v : Number(v));
export const numbers = (a: Num[]): number[] => a.map(num);

/** A typed array of the case's dtype. */
export function typed(dtype: 'float32' | 'float64', values: Num[]): Float32Array | Float64Array {
  return dtype === 'float32' ? Float32Array.from(numbers(values)) : Float64Array.from(numbers(values));
}

/** The case's options as losskit takes them: float arrays typed like the input. */
export function optionsOf(c: FixtureCase): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.options)) {
    o[k] = (k === 'weight' || k === 'posWeight') ? typed(c.dtype, v as Num[]) : v;
  }
  return o;
}

function targetOf(c: FixtureCase): unknown {
  const t = c.target ?? [];
  if (c.targetKind === 'int64') return BigInt64Array.from(numbers(t).map(BigInt));
  return c.targetKind === 'index' ? Int32Array.from(numbers(t)) : typed(c.dtype, t);
}

/** The positional arguments of a loss case: losses of two inputs take (input, input2, target). */
export function argsOf(c: FixtureCase): unknown[] {
  const x = typed(c.dtype, c.input);
  const t = targetOf(c);
  return c.input3 ? [x, typed(c.dtype, c.input2!), typed(c.dtype, c.input3)]
    : c.input2 ? [x, typed(c.dtype, c.input2), ...(c.target === null ? [] : [t])] // (boxes: no target)
    : c.variance ? [x, t, typed(c.dtype, c.variance)]
    : c.inputLengths ? [x, t, c.inputLengths, c.targetLengths] : [x, t];
}

/** The options of a case for one reduction (and its gradOutput where the reduction is 'none'). */
export function reductionOptions(c: FixtureCase, red: string, withGrad: boolean): Record<string, unknown> {
  const opts = { ...optionsOf(c), reduction: red };
  return withGrad && red === 'none' && c.gradOutput ? { ...opts, gradOutput: typed(c.dtype, c.gradOutput) } : opts;
}

const fnOf = (k: Losskit, name: string): Function => (k as unknown as Record<string, Function>)[name];

/** Checks a loss case on k for every reduction: loss, fused loss and every gradient; throws on a mismatch. */
export function checkLossCase(k: Losskit, name: string, c: FixtureCase): void {
  const args = argsOf(c);
  const x = args[0] as Float32Array | Float64Array;
  for (const red of Object.keys(c.expected)) {
    const exp = (c.expected as Record<string, Expected>)[red];
    const what = `${name} ${c.dtype} ${c.id} ${red}`;
    const loss = fnOf(k, name)(...args, reductionOptions(c, red, false));
    const withGrad = fnOf(k, name + 'WithGrad')(...args, reductionOptions(c, red, true));
    if (c.input2) closeArray(withGrad.grads[1], numbers(exp.grad2!), c.dtype, what + ' grad2');
    if (c.input3) closeArray(withGrad.grads[2], numbers(exp.grad3!), c.dtype, what + ' grad3');
    if (c.variance) closeArray(withGrad.grads[1], numbers(exp.gradVar!), c.dtype, what + ' gradVar');
    if (red === 'none') {
      closeArray(loss, numbers(exp.loss as never), c.dtype, what + ' loss');
      closeArray(withGrad.loss, numbers(exp.loss as never), c.dtype, what + ' fused loss');
    } else {
      closeScalar(loss, num(exp.loss as never), c.dtype, what + ' loss');
      closeScalar(withGrad.loss, num(exp.loss as never), c.dtype, what + ' fused loss');
    }
    closeArray(withGrad.grad, numbers(exp.grad), c.dtype, what + ' grad');
    if (withGrad.grad.constructor !== x.constructor) throw new Error(`${what}: grad dtype`);
    const inputs = c.input3 ? 3 : c.input2 || c.variance ? 2 : 1; // (CTC: logProbs only)
    if (withGrad.grads.length !== inputs || withGrad.grads[0] !== withGrad.grad) throw new Error(`${what}: grads`);
  }
}

/** Checks an activation case (softmax, logSoftmax, sigmoid, logSigmoid) on k. */
export function checkActivationCase(k: Losskit, name: string, c: FixtureCase): void {
  const out = fnOf(k, name)(typed(c.dtype, c.input), optionsOf(c));
  closeArray(out, numbers(c.expected as never), c.dtype, `${name} ${c.dtype} ${c.id}`);
}

/** Checks every case of one fixture file (a loss or an activation). */
export function checkFixture(k: Losskit, name: string, cases: FixtureCase[]): void {
  const check = ACTIVATIONS.includes(name) ? checkActivationCase : checkLossCase;
  for (const c of cases) check(k, name, c);
}

/** Puts an argument somewhere (a zero-copy buffer, say): the identity by default. */
export type Place = (a: unknown) => unknown;
const placeOptions = (o: Record<string, unknown>, place: Place): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, ArrayBuffer.isView(v) ? place(v) : v]));

/**
 * Every number a fixture file's cases produce on k (loss for each reduction, then fused loss and gradients),
 * in order: two runtimes agree bit for bit when these arrays do. `place` puts each array argument where the
 * call takes it from.
 */
export function outputsOf(k: Losskit, name: string, cases: FixtureCase[], place: Place = (a) => a): number[] {
  const out: number[] = [];
  const push = (v: number | ArrayLike<number>): void => {
    if (typeof v === 'number') out.push(v);
    else for (let i = 0; i < v.length; i++) out.push(v[i]);
  };
  for (const c of cases) {
    if (ACTIVATIONS.includes(name)) {
      push(fnOf(k, name)(place(typed(c.dtype, c.input)), optionsOf(c)));
      continue;
    }
    const args = argsOf(c).map((a) => (ArrayBuffer.isView(a) ? place(a) : a));
    for (const red of Object.keys(c.expected)) {
      push(fnOf(k, name)(...args, placeOptions(reductionOptions(c, red, false), place)));
      const r = fnOf(k, name + 'WithGrad')(...args, placeOptions(reductionOptions(c, red, true), place));
      push(r.loss);
      for (const g of r.grads) push(g);
    }
  }
  return out;
}
