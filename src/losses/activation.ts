// Activations: softmax and logSoftmax over the class dimension of `shape`; sigmoid and logSigmoid element-wise.
import type { ActivationFn, RowActivationFn } from '../signatures.js';
import { JS_COST } from '../backend/select.js';
import type { ActivationSpec } from './spec.js';

export const softmax: ActivationSpec<RowActivationFn> = { rowWise: true, jsCost: JS_COST.expPerLogit, run: (kernels, x, out, N, C, D) => kernels.softmax(x, out, N, C, D, false) };
export const logSoftmax: ActivationSpec<RowActivationFn> = { rowWise: true, jsCost: JS_COST.expPerLogit, run: (kernels, x, out, N, C, D) => kernels.softmax(x, out, N, C, D, true) };
export const sigmoid: ActivationSpec<ActivationFn> = {
  rowWise: false,
  jsCost: JS_COST.expPerElement,
  run: (kernels, x, out) => { kernels.pointwise('sigmoid', x, x, null, null, x.length, null, out, null, 1, 0, 0); },
};
export const logSigmoid: ActivationSpec<ActivationFn> = {
  rowWise: false,
  jsCost: JS_COST.expPerElement,
  run: (kernels, x, out) => { kernels.pointwise('logSigmoid', x, x, null, null, x.length, null, out, null, 1, 0, 0); },
};
