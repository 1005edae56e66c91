// losskit: PyTorch-exact losses and fused gradients. Free functions run on the best backend available
// (prepared asynchronously by ready(), or synchronously on first use); createLosskit() gives an instance on
// a chosen backend. This entry has no Node built-ins: browsers load it through browser.ts.
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
  /**
   * On the wasm backend, inputs of fewer elements than this run on the JS kernels, which cost less than
   * entering the module for tiny calls (default 64; 0 sends every call to wasm).
   */
  wasmFrom?: number;
}

function choose(opts: CreateOptions | undefined): 'wasm' | 'js' {
  if (opts !== undefined && (typeof opts !== 'object' || opts === null)) {
    throw new LosskitTypeError('options', 'expected an object', 'ERR_OPTION');
  }
  for (const key of Object.keys(opts ?? {})) {
    if (key !== 'backend' && key !== 'wasmFrom') throw new LosskitTypeError(`options.${key}`, 'unknown option; allowed: backend, wasmFrom', 'ERR_OPTION');
  }
  const from = opts?.wasmFrom;
  if (from !== undefined && !(Number.isInteger(from) && from >= 0)) {
    throw new LosskitRangeError('options.wasmFrom', `expected a non-negative integer, got ${String(from)}`, 'ERR_OPTION');
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

function onWasm(exports: WasmExports, opts: CreateOptions | undefined): Losskit {
  const heap = new Heap(exports.memory, exports.heap_base());
  return createApi(wasmKernels(exports, heap), heap, opts?.wasmFrom) as unknown as Losskit;
}

const onJs = (): Losskit => createApi(jsKernels, null) as unknown as Losskit;

// Where SIMD validates but compiling is refused (a Content-Security-Policy without 'wasm-unsafe-eval', a
// browser's limit on synchronous compilation), 'auto' runs on js and 'wasm' fails saying why.
function cannotCompile(opts: CreateOptions | undefined, err: unknown): Losskit {
  if (opts?.backend === 'wasm') {
    const why = err instanceof Error ? err.message : String(err);
    throw new LosskitRangeError('options.backend', `WebAssembly could not be compiled here (${why})`, 'ERR_BACKEND');
  }
  return onJs();
}

/** An instance on the chosen backend (async: compiles the module off the main thread where it can). */
export async function createLosskit(opts?: CreateOptions): Promise<Losskit> {
  if (choose(opts) === 'js') return onJs();
  let exports: WasmExports;
  try {
    exports = await instantiate();
  } catch (err) {
    return cannotCompile(opts, err);
  }
  return onWasm(exports, opts);
}

/** The same, synchronously (Node, workers; browsers allow it on the main thread for small modules only). */
export function createLosskitSync(opts?: CreateOptions): Losskit {
  if (choose(opts) === 'js') return onJs();
  let exports: WasmExports;
  try {
    exports = instantiateSync();
  } catch (err) {
    return cannotCompile(opts, err);
  }
  return onWasm(exports, opts);
}

// The free functions' instance: fixed once made, so buffers from alloc() stay valid for them.
let shared: Losskit | undefined;
let preparing: Promise<Losskit> | undefined;
const instance = (): Losskit => (shared ??= createLosskitSync());

/**
 * Prepares the free functions' backend asynchronously and resolves with its name. Optional: without it
 * the first call prepares it synchronously. The browser entry starts it on import.
 */
export function ready(): Promise<'wasm' | 'js'> {
  preparing ??= createLosskit().then((k) => (shared ??= k));
  return preparing.then((k) => k.backend);
}

/** The backend the free functions run on ('wasm' or 'js'). */
export const defaultBackend = (): 'wasm' | 'js' => instance().backend;

/** See {@link Losskit.alloc}. */
export const alloc: Losskit['alloc'] = (dtype, length) => instance().alloc(dtype, length);
/** See {@link Losskit.mseLoss}. */
export const mseLoss: Losskit['mseLoss'] = ((a: never, b: never, c: never) => instance().mseLoss(a, b, c)) as never;
/** See {@link Losskit.mseLossWithGrad}. */
export const mseLossWithGrad: Losskit['mseLossWithGrad'] = ((a: never, b: never, c: never) => instance().mseLossWithGrad(a, b, c)) as never;
/** See {@link Losskit.l1Loss}. */
export const l1Loss: Losskit['l1Loss'] = ((a: never, b: never, c: never) => instance().l1Loss(a, b, c)) as never;
/** See {@link Losskit.l1LossWithGrad}. */
export const l1LossWithGrad: Losskit['l1LossWithGrad'] = ((a: never, b: never, c: never) => instance().l1LossWithGrad(a, b, c)) as never;
/** See {@link Losskit.crossEntropy}. */
export const crossEntropy: Losskit['crossEntropy'] = ((a: never, b: never, c: never) => instance().crossEntropy(a, b, c)) as never;
/** See {@link Losskit.crossEntropyWithGrad}. */
export const crossEntropyWithGrad: Losskit['crossEntropyWithGrad'] = ((a: never, b: never, c: never) => instance().crossEntropyWithGrad(a, b, c)) as never;
/** See {@link Losskit.nllLoss}. */
export const nllLoss: Losskit['nllLoss'] = ((a: never, b: never, c: never) => instance().nllLoss(a, b, c)) as never;
/** See {@link Losskit.nllLossWithGrad}. */
export const nllLossWithGrad: Losskit['nllLossWithGrad'] = ((a: never, b: never, c: never) => instance().nllLossWithGrad(a, b, c)) as never;
/** See {@link Losskit.binaryCrossEntropy}. */
export const binaryCrossEntropy: Losskit['binaryCrossEntropy'] = ((a: never, b: never, c: never) => instance().binaryCrossEntropy(a, b, c)) as never;
/** See {@link Losskit.binaryCrossEntropyWithGrad}. */
export const binaryCrossEntropyWithGrad: Losskit['binaryCrossEntropyWithGrad'] = ((a: never, b: never, c: never) => instance().binaryCrossEntropyWithGrad(a, b, c)) as never;
/** See {@link Losskit.binaryCrossEntropyWithLogits}. */
export const binaryCrossEntropyWithLogits: Losskit['binaryCrossEntropyWithLogits'] = ((a: never, b: never, c: never) => instance().binaryCrossEntropyWithLogits(a, b, c)) as never;
/** See {@link Losskit.binaryCrossEntropyWithLogitsWithGrad}. */
export const binaryCrossEntropyWithLogitsWithGrad: Losskit['binaryCrossEntropyWithLogitsWithGrad'] = ((a: never, b: never, c: never) => instance().binaryCrossEntropyWithLogitsWithGrad(a, b, c)) as never;
/** See {@link Losskit.huberLoss}. */
export const huberLoss: Losskit['huberLoss'] = ((a: never, b: never, c: never) => instance().huberLoss(a, b, c)) as never;
/** See {@link Losskit.huberLossWithGrad}. */
export const huberLossWithGrad: Losskit['huberLossWithGrad'] = ((a: never, b: never, c: never) => instance().huberLossWithGrad(a, b, c)) as never;
/** See {@link Losskit.smoothL1Loss}. */
export const smoothL1Loss: Losskit['smoothL1Loss'] = ((a: never, b: never, c: never) => instance().smoothL1Loss(a, b, c)) as never;
/** See {@link Losskit.smoothL1LossWithGrad}. */
export const smoothL1LossWithGrad: Losskit['smoothL1LossWithGrad'] = ((a: never, b: never, c: never) => instance().smoothL1LossWithGrad(a, b, c)) as never;
/** See {@link Losskit.softMarginLoss}. */
export const softMarginLoss: Losskit['softMarginLoss'] = ((a: never, b: never, c: never) => instance().softMarginLoss(a, b, c)) as never;
/** See {@link Losskit.softMarginLossWithGrad}. */
export const softMarginLossWithGrad: Losskit['softMarginLossWithGrad'] = ((a: never, b: never, c: never) => instance().softMarginLossWithGrad(a, b, c)) as never;
/** See {@link Losskit.hingeEmbeddingLoss}. */
export const hingeEmbeddingLoss: Losskit['hingeEmbeddingLoss'] = ((a: never, b: never, c: never) => instance().hingeEmbeddingLoss(a, b, c)) as never;
/** See {@link Losskit.hingeEmbeddingLossWithGrad}. */
export const hingeEmbeddingLossWithGrad: Losskit['hingeEmbeddingLossWithGrad'] = ((a: never, b: never, c: never) => instance().hingeEmbeddingLossWithGrad(a, b, c)) as never;
/** See {@link Losskit.klDiv}. */
export const klDiv: Losskit['klDiv'] = ((a: never, b: never, c: never) => instance().klDiv(a, b, c)) as never;
/** See {@link Losskit.klDivWithGrad}. */
export const klDivWithGrad: Losskit['klDivWithGrad'] = ((a: never, b: never, c: never) => instance().klDivWithGrad(a, b, c)) as never;
/** See {@link Losskit.poissonNllLoss}. */
export const poissonNllLoss: Losskit['poissonNllLoss'] = ((a: never, b: never, c: never) => instance().poissonNllLoss(a, b, c)) as never;
/** See {@link Losskit.poissonNllLossWithGrad}. */
export const poissonNllLossWithGrad: Losskit['poissonNllLossWithGrad'] = ((a: never, b: never, c: never) => instance().poissonNllLossWithGrad(a, b, c)) as never;
/** See {@link Losskit.multilabelSoftMarginLoss}. */
export const multilabelSoftMarginLoss: Losskit['multilabelSoftMarginLoss'] = ((a: never, b: never, c: never) => instance().multilabelSoftMarginLoss(a, b, c)) as never;
/** See {@link Losskit.multilabelSoftMarginLossWithGrad}. */
export const multilabelSoftMarginLossWithGrad: Losskit['multilabelSoftMarginLossWithGrad'] = ((a: never, b: never, c: never) => instance().multilabelSoftMarginLossWithGrad(a, b, c)) as never;
/** See {@link Losskit.sigmoidFocalLoss}. */
export const sigmoidFocalLoss: Losskit['sigmoidFocalLoss'] = ((a: never, b: never, c: never) => instance().sigmoidFocalLoss(a, b, c)) as never;
/** See {@link Losskit.sigmoidFocalLossWithGrad}. */
export const sigmoidFocalLossWithGrad: Losskit['sigmoidFocalLossWithGrad'] = ((a: never, b: never, c: never) => instance().sigmoidFocalLossWithGrad(a, b, c)) as never;
/** See {@link Losskit.marginRankingLoss}. */
export const marginRankingLoss: Losskit['marginRankingLoss'] = ((a: never, b: never, c: never, d: never) => instance().marginRankingLoss(a, b, c, d)) as never;
/** See {@link Losskit.marginRankingLossWithGrad}. */
export const marginRankingLossWithGrad: Losskit['marginRankingLossWithGrad'] = ((a: never, b: never, c: never, d: never) => instance().marginRankingLossWithGrad(a, b, c, d)) as never;
/** See {@link Losskit.cosineEmbeddingLoss}. */
export const cosineEmbeddingLoss: Losskit['cosineEmbeddingLoss'] = ((a: never, b: never, c: never, d: never) => instance().cosineEmbeddingLoss(a, b, c, d)) as never;
/** See {@link Losskit.cosineEmbeddingLossWithGrad}. */
export const cosineEmbeddingLossWithGrad: Losskit['cosineEmbeddingLossWithGrad'] = ((a: never, b: never, c: never, d: never) => instance().cosineEmbeddingLossWithGrad(a, b, c, d)) as never;
/** See {@link Losskit.multiMarginLoss}. */
export const multiMarginLoss: Losskit['multiMarginLoss'] = ((a: never, b: never, c: never) => instance().multiMarginLoss(a, b, c)) as never;
/** See {@link Losskit.multiMarginLossWithGrad}. */
export const multiMarginLossWithGrad: Losskit['multiMarginLossWithGrad'] = ((a: never, b: never, c: never) => instance().multiMarginLossWithGrad(a, b, c)) as never;
/** See {@link Losskit.multilabelMarginLoss}. */
export const multilabelMarginLoss: Losskit['multilabelMarginLoss'] = ((a: never, b: never, c: never) => instance().multilabelMarginLoss(a, b, c)) as never;
/** See {@link Losskit.multilabelMarginLossWithGrad}. */
export const multilabelMarginLossWithGrad: Losskit['multilabelMarginLossWithGrad'] = ((a: never, b: never, c: never) => instance().multilabelMarginLossWithGrad(a, b, c)) as never;
/** See {@link Losskit.tripletMarginLoss}. */
export const tripletMarginLoss: Losskit['tripletMarginLoss'] = ((a: never, b: never, c: never, d: never) => instance().tripletMarginLoss(a, b, c, d)) as never;
/** See {@link Losskit.tripletMarginLossWithGrad}. */
export const tripletMarginLossWithGrad: Losskit['tripletMarginLossWithGrad'] = ((a: never, b: never, c: never, d: never) => instance().tripletMarginLossWithGrad(a, b, c, d)) as never;
/** See {@link Losskit.tripletMarginWithDistanceLoss}. */
export const tripletMarginWithDistanceLoss: Losskit['tripletMarginWithDistanceLoss'] = ((a: never, b: never, c: never, d: never) => instance().tripletMarginWithDistanceLoss(a, b, c, d)) as never;
/** See {@link Losskit.tripletMarginWithDistanceLossWithGrad}. */
export const tripletMarginWithDistanceLossWithGrad: Losskit['tripletMarginWithDistanceLossWithGrad'] = ((a: never, b: never, c: never, d: never) => instance().tripletMarginWithDistanceLossWithGrad(a, b, c, d)) as never;
/** See {@link Losskit.gaussianNllLoss}. */
export const gaussianNllLoss: Losskit['gaussianNllLoss'] = ((a: never, b: never, c: never, d: never) => instance().gaussianNllLoss(a, b, c, d)) as never;
/** See {@link Losskit.gaussianNllLossWithGrad}. */
export const gaussianNllLossWithGrad: Losskit['gaussianNllLossWithGrad'] = ((a: never, b: never, c: never, d: never) => instance().gaussianNllLossWithGrad(a, b, c, d)) as never;
/** See {@link Losskit.ctcLoss}. */
export const ctcLoss: Losskit['ctcLoss'] = ((a: never, b: never, c: never, d: never, e: never) => instance().ctcLoss(a, b, c, d, e)) as never;
/** See {@link Losskit.ctcLossWithGrad}. */
export const ctcLossWithGrad: Losskit['ctcLossWithGrad'] = ((a: never, b: never, c: never, d: never, e: never) => instance().ctcLossWithGrad(a, b, c, d, e)) as never;
/** See {@link Losskit.softmax}. */
export const softmax: Losskit['softmax'] = ((a: never, b: never) => instance().softmax(a, b)) as never;
/** See {@link Losskit.logSoftmax}. */
export const logSoftmax: Losskit['logSoftmax'] = ((a: never, b: never) => instance().logSoftmax(a, b)) as never;
/** See {@link Losskit.sigmoid}. */
export const sigmoid: Losskit['sigmoid'] = ((a: never, b: never) => instance().sigmoid(a, b)) as never;
/** See {@link Losskit.logSigmoid}. */
export const logSigmoid: Losskit['logSigmoid'] = ((a: never, b: never) => instance().logSigmoid(a, b)) as never;
