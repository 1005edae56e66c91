// losskit: PyTorch-exact losses and fused gradients. Free functions run on the best backend available
// (prepared asynchronously by ready(), or synchronously on first use); createLosskit() gives an instance on
// a chosen backend. This entry has no Node built-ins: browsers load it through browser.ts.
import { createInstance } from './instance.js';
import { numberOption, oneOf, optionsObject, optionsParser } from './call/options.js';
import { LosskitRangeError } from './errors.js';
import { jsKernels } from './js/kernels.js';
import type { Losskit } from './losskit.js';
import type { OptionSpec } from './call/options.js';
import { Pool } from './threads/pool.js';
import { processors, threadsSupported, workersStartWhileWaiting } from './threads/spawn.js';
import { instantiate, instantiateSync, wasmSupported, type Loaded } from './wasm/loader.js';
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
   * On the wasm backend, calls whose work is under this run on the JS kernels, which cost less than entering the
   * module for tiny calls (default 64; 0 sends every call to wasm). The work is the element count, times 8 where
   * each element takes an exp or a log (BCE, the sigmoid losses, …) and 3 for cross-entropy and softmax.
   */
  wasmFrom?: number;
  /**
   * Threads for large calls on the wasm backend (default 1): a number, or 'auto' for the processors available.
   * Results are the same bits as on one thread. Methods stay synchronous: the calling thread takes a share of
   * each call and waits for the workers. Where threads cannot run (a web page without cross-origin isolation, a
   * browser's main thread, which may not wait, the JS backend) the instance runs on one thread and says so:
   * `instance.threads` is 1. Stop the workers with `instance.close()` (they never keep a Node process alive).
   */
  threads?: number | 'auto';
  /**
   * With threads: calls whose input is a zero-copy buffer (alloc) of at least this many elements run on the pool
   * (default 1048576: below it, cheap losses gain nothing); the others on the calling thread alone. Its other arguments and outputs may be plain arrays
   * (they are copied whole; buffers avoid that).
   */
  threadsFrom?: number;
}

const threadCount: OptionSpec<number | 'auto'> = {
  fallback: 1,
  parse(v, name) {
    if (v === 'auto' || (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 256)) return v as number | 'auto';
    throw new LosskitRangeError(name, `expected 'auto' or an integer from 1 to 256, got ${String(v)}`, 'ERR_OPTION');
  },
};

const CREATE_OPTIONS = {
  backend: oneOf('auto', ['auto', 'wasm', 'js']),
  wasmFrom: numberOption(64, 0, true, 'a non-negative integer'),
  threads: threadCount,
  threadsFrom: numberOption(1 << 20, 0, true, 'a non-negative integer'),
};
const CREATE_KEYS = new Set(Object.keys(CREATE_OPTIONS));
const parseCreate = optionsParser(CREATE_OPTIONS);

interface Choice { backend: 'wasm' | 'js'; wasmFrom: number; threads: number; threadsFrom: number }

/** The backend an instance runs on, and its options checked as a loss's are. */
function choose(opts: CreateOptions | null | undefined): Choice {
  const o = parseCreate(optionsObject(opts, CREATE_KEYS));
  for (const key of ['wasmFrom', 'threadsFrom'] as const) {
    if (!Number.isInteger(o[key])) throw new LosskitRangeError(`options.${key}`, `expected a non-negative integer, got ${o[key]}`, 'ERR_OPTION');
  }
  const threads = o.threads === 'auto' ? processors() : o.threads;
  const choice = { wasmFrom: o.wasmFrom, threads: threads > 1 && threadsSupported() ? threads : 1, threadsFrom: o.threadsFrom };
  if (o.backend === 'js') return { ...choice, backend: 'js' };
  if (wasmSupported()) return { ...choice, backend: 'wasm' };
  if (o.backend === 'wasm') throw new LosskitRangeError('options.backend', 'WebAssembly SIMD is not available here', 'ERR_BACKEND');
  return { ...choice, backend: 'js' };
}

/** An instance on the loaded module; its pool of threads (null for one thread). */
function onWasm(loaded: Loaded, o: Choice): { instance: Losskit; pool: Pool | null } {
  const { module, memory, exports } = loaded;
  const heap = new Heap(memory, exports.heap_base());
  const pool = o.threads > 1 ? new Pool(module, memory, exports, heap, o.threads - 1) : null;
  return { instance: createInstance(wasmKernels(exports, heap, pool, o.threadsFrom), heap, o.wasmFrom, pool), pool };
}

// Threads need the module on shared memory; where that is refused (it may be, past threadsSupported()), one thread.
const oneThread = (o: Choice): Choice => ({ ...o, threads: 1 });

function loadSync(o: Choice): [Loaded, Choice] {
  if (o.threads > 1) {
    try {
      return [instantiateSync(true), o];
    } catch {
      // (one thread)
    }
  }
  return [instantiateSync(false), oneThread(o)];
}

async function load(o: Choice): Promise<[Loaded, Choice]> {
  if (o.threads > 1) {
    try {
      return [await instantiate(true), o];
    } catch {
      // (one thread)
    }
  }
  return [await instantiate(false), oneThread(o)];
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
  let o = choose(opts);
  if (o.backend === 'js') return onJs();
  let loaded: Loaded;
  try {
    [loaded, o] = await load(o);
  } catch (err) {
    return cannotCompile(opts, err);
  }
  const { instance, pool } = onWasm(loaded, o);
  await pool?.started();
  return instance;
}

/**
 * The same, synchronously (Node, workers; browsers allow it on the main thread for small modules only). With
 * threads it waits for its workers to start (Node); in browsers, where a worker starts only while its creator is
 * free, threads need createLosskit (this gives one thread there).
 */
export function createLosskitSync(opts?: CreateOptions | null): Losskit {
  let o = choose(opts);
  if (o.backend === 'js') return onJs();
  if (!workersStartWhileWaiting()) o = oneThread(o);
  let loaded: Loaded;
  try {
    [loaded, o] = loadSync(o);
  } catch (err) {
    return cannotCompile(opts, err);
  }
  const { instance, pool } = onWasm(loaded, o);
  pool?.startedSync();
  return instance;
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

type Method = Exclude<keyof Losskit, 'backend' | 'alloc' | 'threads' | 'close' | typeof Symbol.dispose>;
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
export const meanAbsolutePercentageError = free('meanAbsolutePercentageError'), meanAbsolutePercentageErrorWithGrad = free('meanAbsolutePercentageErrorWithGrad');
export const meanSquaredLogarithmicError = free('meanSquaredLogarithmicError'), meanSquaredLogarithmicErrorWithGrad = free('meanSquaredLogarithmicErrorWithGrad');
export const hingeLoss = free('hingeLoss'), hingeLossWithGrad = free('hingeLossWithGrad');
export const squaredHingeLoss = free('squaredHingeLoss'), squaredHingeLossWithGrad = free('squaredHingeLossWithGrad');
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
export const categoricalHingeLoss = free('categoricalHingeLoss'), categoricalHingeLossWithGrad = free('categoricalHingeLossWithGrad');
export const categoricalFocalLoss = free('categoricalFocalLoss'), categoricalFocalLossWithGrad = free('categoricalFocalLossWithGrad');
export const polyLoss = free('polyLoss'), polyLossWithGrad = free('polyLossWithGrad');
export const tripletMarginLoss = free('tripletMarginLoss'), tripletMarginLossWithGrad = free('tripletMarginLossWithGrad');
export const tripletMarginWithDistanceLoss = free('tripletMarginWithDistanceLoss');
export const tripletMarginWithDistanceLossWithGrad = free('tripletMarginWithDistanceLossWithGrad');
export const gaussianNllLoss = free('gaussianNllLoss'), gaussianNllLossWithGrad = free('gaussianNllLossWithGrad');
export const ctcLoss = free('ctcLoss'), ctcLossWithGrad = free('ctcLossWithGrad');
export const generalizedBoxIouLoss = free('generalizedBoxIouLoss'), generalizedBoxIouLossWithGrad = free('generalizedBoxIouLossWithGrad');
export const distanceBoxIouLoss = free('distanceBoxIouLoss'), distanceBoxIouLossWithGrad = free('distanceBoxIouLossWithGrad');
export const completeBoxIouLoss = free('completeBoxIouLoss'), completeBoxIouLossWithGrad = free('completeBoxIouLossWithGrad');
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
