// losskit: PyTorch-exact losses and fused gradients. Free functions run on the best backend available
// (prepared asynchronously by ready(), or synchronously on first use); createLosskit() gives an instance on
// a chosen backend. This entry has no Node built-ins: browsers load it through browser.ts.
import { createInstance } from './instance.js';
import { numberOption, oneOf, optionsObject, optionsParser } from './call/options.js';
import { LosskitRangeError } from './errors.js';
import { jsKernels } from './js/kernels.js';
import type { Losskit } from './losskit.js';
import { instantiate, instantiateSync, wasmSupported, type WasmExports } from './wasm/loader.js';
import { wasmKernels } from './wasm/kernels.js';
import { Heap } from './wasm/memory.js';

export type { Losskit } from './losskit.js';
export type { TensorLike } from './signatures.js';
export type * from './metrics/types.js';
export type { MetricAccumulator, MetricState } from './metrics/index.js';
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

const CREATE_OPTIONS = {
  backend: oneOf('auto', ['auto', 'wasm', 'js']),
  wasmFrom: numberOption(64, 0, true, 'a non-negative integer'),
};
const CREATE_KEYS = new Set(Object.keys(CREATE_OPTIONS));
const parseCreate = optionsParser(CREATE_OPTIONS);

/** The backend an instance runs on, and its options checked as a loss's are. */
function choose(opts: CreateOptions | null | undefined): { backend: 'wasm' | 'js'; wasmFrom: number } {
  const o = parseCreate(optionsObject(opts, CREATE_KEYS));
  if (!Number.isInteger(o.wasmFrom)) throw new LosskitRangeError('options.wasmFrom', `expected a non-negative integer, got ${o.wasmFrom}`, 'ERR_OPTION');
  if (o.backend === 'js') return { backend: 'js', wasmFrom: o.wasmFrom };
  if (wasmSupported()) return { backend: 'wasm', wasmFrom: o.wasmFrom };
  if (o.backend === 'wasm') throw new LosskitRangeError('options.backend', 'WebAssembly SIMD is not available here', 'ERR_BACKEND');
  return { backend: 'js', wasmFrom: o.wasmFrom };
}

function onWasm(exports: WasmExports, wasmFrom: number): Losskit {
  const heap = new Heap(exports.memory, exports.heap_base());
  return createInstance(wasmKernels(exports, heap), heap, wasmFrom);
}

const onJs = (): Losskit => createInstance(jsKernels, null);

// Where SIMD validates but compiling is refused (a Content-Security-Policy without 'wasm-unsafe-eval', a
// browser's limit on synchronous compilation), 'auto' runs on js and 'wasm' fails saying why.
function cannotCompile(opts: CreateOptions | null | undefined, err: unknown): Losskit {
  if (opts?.backend === 'wasm') {
    const why = err instanceof Error ? err.message : String(err);
    throw new LosskitRangeError('options.backend', `WebAssembly could not be compiled here (${why})`, 'ERR_BACKEND');
  }
  return onJs();
}

/** An instance on the chosen backend (async: compiles the module off the main thread where it can). */
export async function createLosskit(opts?: CreateOptions | null): Promise<Losskit> {
  const { backend, wasmFrom } = choose(opts);
  if (backend === 'js') return onJs();
  let exports: WasmExports;
  try {
    exports = await instantiate();
  } catch (err) {
    return cannotCompile(opts, err);
  }
  return onWasm(exports, wasmFrom);
}

/** The same, synchronously (Node, workers; browsers allow it on the main thread for small modules only). */
export function createLosskitSync(opts?: CreateOptions | null): Losskit {
  const { backend, wasmFrom } = choose(opts);
  if (backend === 'js') return onJs();
  let exports: WasmExports;
  try {
    exports = instantiateSync();
  } catch (err) {
    return cannotCompile(opts, err);
  }
  return onWasm(exports, wasmFrom);
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

type Method = Exclude<keyof Losskit, 'backend' | 'alloc'>;
/** A free function: the method of the free functions' instance (fixed arity: no rest array per call). */
const free = <K extends Method>(name: K): Losskit[K] =>
  ((a: never, b: never, c: never, d: never, e: never) => (instance()[name] as (...args: never[]) => unknown)(a, b, c, d, e)) as Losskit[K];

// The free functions, one per registry entry (test/registry.test.ts checks that each is here).
export const mseLoss = free('mseLoss'), mseLossWithGrad = free('mseLossWithGrad');
export const l1Loss = free('l1Loss'), l1LossWithGrad = free('l1LossWithGrad');
export const crossEntropy = free('crossEntropy'), crossEntropyWithGrad = free('crossEntropyWithGrad');
export const nllLoss = free('nllLoss'), nllLossWithGrad = free('nllLossWithGrad');
export const binaryCrossEntropy = free('binaryCrossEntropy'), binaryCrossEntropyWithGrad = free('binaryCrossEntropyWithGrad');
export const binaryCrossEntropyWithLogits = free('binaryCrossEntropyWithLogits');
export const binaryCrossEntropyWithLogitsWithGrad = free('binaryCrossEntropyWithLogitsWithGrad');
export const huberLoss = free('huberLoss'), huberLossWithGrad = free('huberLossWithGrad');
export const smoothL1Loss = free('smoothL1Loss'), smoothL1LossWithGrad = free('smoothL1LossWithGrad');
export const softMarginLoss = free('softMarginLoss'), softMarginLossWithGrad = free('softMarginLossWithGrad');
export const logCoshLoss = free('logCoshLoss'), logCoshLossWithGrad = free('logCoshLossWithGrad');
export const hingeEmbeddingLoss = free('hingeEmbeddingLoss'), hingeEmbeddingLossWithGrad = free('hingeEmbeddingLossWithGrad');
export const klDiv = free('klDiv'), klDivWithGrad = free('klDivWithGrad');
export const poissonNllLoss = free('poissonNllLoss'), poissonNllLossWithGrad = free('poissonNllLossWithGrad');
export const multilabelSoftMarginLoss = free('multilabelSoftMarginLoss');
export const multilabelSoftMarginLossWithGrad = free('multilabelSoftMarginLossWithGrad');
export const sigmoidFocalLoss = free('sigmoidFocalLoss'), sigmoidFocalLossWithGrad = free('sigmoidFocalLossWithGrad');
export const marginRankingLoss = free('marginRankingLoss'), marginRankingLossWithGrad = free('marginRankingLossWithGrad');
export const cosineEmbeddingLoss = free('cosineEmbeddingLoss'), cosineEmbeddingLossWithGrad = free('cosineEmbeddingLossWithGrad');
export const multiMarginLoss = free('multiMarginLoss'), multiMarginLossWithGrad = free('multiMarginLossWithGrad');
export const multilabelMarginLoss = free('multilabelMarginLoss'), multilabelMarginLossWithGrad = free('multilabelMarginLossWithGrad');
export const tripletMarginLoss = free('tripletMarginLoss'), tripletMarginLossWithGrad = free('tripletMarginLossWithGrad');
export const tripletMarginWithDistanceLoss = free('tripletMarginWithDistanceLoss');
export const tripletMarginWithDistanceLossWithGrad = free('tripletMarginWithDistanceLossWithGrad');
export const gaussianNllLoss = free('gaussianNllLoss'), gaussianNllLossWithGrad = free('gaussianNllLossWithGrad');
export const ctcLoss = free('ctcLoss'), ctcLossWithGrad = free('ctcLossWithGrad');
export const cosineSimilarityLoss = free('cosineSimilarityLoss'), cosineSimilarityLossWithGrad = free('cosineSimilarityLossWithGrad');
export const diceLoss = free('diceLoss'), diceLossWithGrad = free('diceLossWithGrad');
export const tverskyLoss = free('tverskyLoss'), tverskyLossWithGrad = free('tverskyLossWithGrad');
export const ntXentLoss = free('ntXentLoss'), ntXentLossWithGrad = free('ntXentLossWithGrad');
export const softmax = free('softmax'), logSoftmax = free('logSoftmax');
export const sigmoid = free('sigmoid'), logSigmoid = free('logSigmoid');
// the metrics (src/metrics/registry.ts)
export const accuracy = free('accuracy'), perplexity = free('perplexity'), brierScore = free('brierScore');
export const calibrationError = free('calibrationError'), reliabilityDiagram = free('reliabilityDiagram');
export const auroc = free('auroc'), averagePrecision = free('averagePrecision');
export const precision = free('precision'), recall = free('recall'), f1Score = free('f1Score');
export const confusionMatrix = free('confusionMatrix'), classificationMetrics = free('classificationMetrics');
export const r2Score = free('r2Score');
/** See {@link Losskit.createMetrics}. */
export const createMetrics: Losskit['createMetrics'] = (options) => instance().createMetrics(options);
