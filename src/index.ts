// losskit: PyTorch-exact losses and fused gradients. Free functions run on the best backend available
// (created on first use, synchronously); createLosskit() gives an instance on a chosen backend.
import { createApi } from './api.js';
import { LosskitRangeError, LosskitTypeError } from './errors.js';
import { jsKernels } from './js/kernels.js';
import type { Losskit } from './losskit.js';
import { instantiate, instantiateSync, wasmSupported, type WasmExports } from './wasm/loader.js';
import { wasmKernels } from './wasm/kernels.js';
import { Heap } from './wasm/memory.js';

export type { Losskit } from './losskit.js';
export type * from './types.js';
export { LosskitError, LosskitRangeError, LosskitTypeError } from './errors.js';
export type { LosskitErrorCode } from './errors.js';
export type { BufferDtype, LosskitBuffer } from './buffers.js';

export interface CreateOptions {
  /** 'auto' (default): wasm where WebAssembly SIMD validates, else js. 'wasm' fails where it is missing. */
  backend?: 'auto' | 'wasm' | 'js';
}

function choose(opts: CreateOptions | undefined): 'wasm' | 'js' {
  if (opts !== undefined && (typeof opts !== 'object' || opts === null)) {
    throw new LosskitTypeError('options', 'expected an object', 'ERR_OPTION');
  }
  for (const key of Object.keys(opts ?? {})) {
    if (key !== 'backend') throw new LosskitTypeError(`options.${key}`, 'unknown option; allowed: backend', 'ERR_OPTION');
  }
  const b = opts?.backend ?? 'auto';
  if (b !== 'auto' && b !== 'wasm' && b !== 'js') {
    throw new LosskitRangeError('options.backend', `expected 'auto', 'wasm' or 'js', got ${String(b)}`, 'ERR_OPTION');
  }
  if (b === 'js') return 'js';
  if (wasmSupported()) return 'wasm';
  if (b === 'wasm') throw new LosskitRangeError('options.backend', 'WebAssembly SIMD is not available here', 'ERR_BACKEND');
  return 'js';
}

function onWasm(exports: WasmExports): Losskit {
  const heap = new Heap(exports.memory, exports.heap_base());
  return createApi(wasmKernels(exports, heap), heap) as unknown as Losskit;
}

/** An instance on the chosen backend (async: compiles the module off the main thread where it can). */
export async function createLosskit(opts?: CreateOptions): Promise<Losskit> {
  return choose(opts) === 'wasm' ? onWasm(await instantiate()) : (createApi(jsKernels, null) as unknown as Losskit);
}

/** The same, synchronously (Node, workers). */
export function createLosskitSync(opts?: CreateOptions): Losskit {
  return choose(opts) === 'wasm' ? onWasm(instantiateSync()) : (createApi(jsKernels, null) as unknown as Losskit);
}

let shared: Losskit | undefined;
const instance = (): Losskit => (shared ??= createLosskitSync());

/** The backend the free functions run on ('wasm' or 'js'). */
export const defaultBackend = (): 'wasm' | 'js' => instance().backend;

/** See {@link Losskit.alloc}. */
export const alloc: Losskit['alloc'] = (dtype, length) => instance().alloc(dtype, length);
/** See {@link Losskit.mseLoss}. */
export const mseLoss: Losskit['mseLoss'] = (...a: unknown[]) => (instance().mseLoss as Function)(...a);
/** See {@link Losskit.mseLossWithGrad}. */
export const mseLossWithGrad: Losskit['mseLossWithGrad'] = (...a: unknown[]) => (instance().mseLossWithGrad as Function)(...a);
/** See {@link Losskit.l1Loss}. */
export const l1Loss: Losskit['l1Loss'] = (...a: unknown[]) => (instance().l1Loss as Function)(...a);
/** See {@link Losskit.l1LossWithGrad}. */
export const l1LossWithGrad: Losskit['l1LossWithGrad'] = (...a: unknown[]) => (instance().l1LossWithGrad as Function)(...a);
/** See {@link Losskit.crossEntropy}. */
export const crossEntropy: Losskit['crossEntropy'] = (...a: unknown[]) => (instance().crossEntropy as Function)(...a);
/** See {@link Losskit.crossEntropyWithGrad}. */
export const crossEntropyWithGrad: Losskit['crossEntropyWithGrad'] = (...a: unknown[]) => (instance().crossEntropyWithGrad as Function)(...a);
/** See {@link Losskit.nllLoss}. */
export const nllLoss: Losskit['nllLoss'] = (...a: unknown[]) => (instance().nllLoss as Function)(...a);
/** See {@link Losskit.nllLossWithGrad}. */
export const nllLossWithGrad: Losskit['nllLossWithGrad'] = (...a: unknown[]) => (instance().nllLossWithGrad as Function)(...a);
/** See {@link Losskit.binaryCrossEntropy}. */
export const binaryCrossEntropy: Losskit['binaryCrossEntropy'] = (...a: unknown[]) => (instance().binaryCrossEntropy as Function)(...a);
/** See {@link Losskit.binaryCrossEntropyWithGrad}. */
export const binaryCrossEntropyWithGrad: Losskit['binaryCrossEntropyWithGrad'] = (...a: unknown[]) => (instance().binaryCrossEntropyWithGrad as Function)(...a);
/** See {@link Losskit.binaryCrossEntropyWithLogits}. */
export const binaryCrossEntropyWithLogits: Losskit['binaryCrossEntropyWithLogits'] = (...a: unknown[]) => (instance().binaryCrossEntropyWithLogits as Function)(...a);
/** See {@link Losskit.binaryCrossEntropyWithLogitsWithGrad}. */
export const binaryCrossEntropyWithLogitsWithGrad: Losskit['binaryCrossEntropyWithLogitsWithGrad'] = (...a: unknown[]) => (instance().binaryCrossEntropyWithLogitsWithGrad as Function)(...a);
/** See {@link Losskit.softmax}. */
export const softmax: Losskit['softmax'] = (...a: unknown[]) => (instance().softmax as Function)(...a);
/** See {@link Losskit.logSoftmax}. */
export const logSoftmax: Losskit['logSoftmax'] = (...a: unknown[]) => (instance().logSoftmax as Function)(...a);
/** See {@link Losskit.sigmoid}. */
export const sigmoid: Losskit['sigmoid'] = (...a: unknown[]) => (instance().sigmoid as Function)(...a);
/** See {@link Losskit.logSigmoid}. */
export const logSigmoid: Losskit['logSigmoid'] = (...a: unknown[]) => (instance().logSigmoid as Function)(...a);
