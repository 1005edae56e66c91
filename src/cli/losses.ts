// Which losses the scorer runs, derived from the registry: the two-argument losses (input, target) that take
// rows of class scores with one class index per row, and those that take element-wise predictions with a
// target per element; each is found by asking its own plan() whether it accepts such a probe. The plan also
// gives a chunk's mean denominator (Σ weight[target] over the counted rows, the element count, ...), so the
// file's mean is Σ losses / Σ denominators, whatever the loss.
import { jsKernels } from '../js/kernels.js';
import { router } from '../backend/select.js';
import { optionsParser } from '../call/options.js';
import { LOSSES, type LossName } from '../losses/registry.js';
import type { Context } from '../losses/spec.js';
import type { FloatArray } from '../types.js';

const CONTEXT: Context = {
  router: router(jsKernels, null, 0),
  unwrap: (_, v) => v,
  scratch: (x, length) => new (x.constructor as Float64ArrayConstructor)(length),
};

const NAMES = Object.keys(LOSSES) as LossName[];
const TWO_ARGUMENTS = NAMES.filter((n) => LOSSES[n].args.length === 2);
const parse = (name: LossName, o: Record<string, unknown>): any => optionsParser(LOSSES[name].options)(o);

function accepts(name: LossName, input: FloatArray, target: unknown): boolean {
  try {
    LOSSES[name].plan(CONTEXT, [input, target], parse(name, {}));
    return true;
  } catch {
    return false;
  }
}

/** Losses of rows of class scores [N, C] with class indices (probe: 2 rows of 3 scores, 2 indices). */
export const CLASS_LOSSES: readonly LossName[] = TWO_ARGUMENTS.filter((n) => accepts(n, new Float64Array(6), Int32Array.of(2, 0)));
/** Losses of element-wise predictions with a target per element (probe: 2 values, 2 targets of 0/1). */
export const ELEMENT_LOSSES: readonly LossName[] = TWO_ARGUMENTS.filter((n) => !CLASS_LOSSES.includes(n) && accepts(n, Float64Array.of(0.25, 0.5), Float64Array.of(0, 1)));
export const SCORING_LOSSES: readonly LossName[] = [...CLASS_LOSSES, ...ELEMENT_LOSSES];

/** Whether a loss takes an option (its schema's keys). */
export const takesOption = (name: LossName, key: string): boolean => key in LOSSES[name].options;

/** What 'mean' divides a chunk's total by (its plan's denominator). */
export function denominator(name: LossName, input: FloatArray, target: unknown, options: Record<string, unknown>): number {
  return LOSSES[name].plan(CONTEXT, [input, target], parse(name, options)).denom;
}
