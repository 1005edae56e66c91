// The public interface, derived from the registry (src/losses/registry.ts): one method per loss, its fused
// …WithGrad, the activations, and the instance's backend and alloc. A loss added to or removed from the registry
// is added to or removed from this type; documentation comes from the registry's entries.
import type { ACTIVATIONS, LOSSES } from './losses/registry.js';
import type { GradSigOf, SigOf } from './losses/spec.js';
import type { CreateMetricsOptions, MetricAccumulator, MetricFunctions } from './metrics/index.js';
import type { AllocFn } from './signatures.js';

type Losses = typeof LOSSES;
type Activations = typeof ACTIVATIONS;

/** One method per loss. */
export type LossMethods = { [K in keyof Losses]: SigOf<Losses[K]> };
/** Each loss with its gradients, fused: `{ loss, grad, grads }` (see the loss for what it computes). */
export type GradMethods = { [K in keyof Losses as `${K}WithGrad`]: GradSigOf<Losses[K]> };
/** The activations. */
export type ActivationMethods = { [K in keyof Activations]: NonNullable<Activations[K]['signature']> };

/**
 * losskit's functions, all with PyTorch's `torch.nn.functional` semantics (names in camelCase). The dtype of
 * a call follows `input`; every other float argument must share it. `reduction` is 'mean' (default), 'sum'
 * or 'none'; 'mean' over zero elements is NaN, as in PyTorch. `…WithGrad` computes the loss and
 * d(loss)/d(input) in one fused pass (for 'none': the gradient of the sum, or of Σ gradOutput·loss).
 */
export interface Losskit extends LossMethods, GradMethods, ActivationMethods, MetricFunctions {
  /** Which backend runs: 'wasm' (AssemblyScript, WebAssembly SIMD) or 'js'. */
  readonly backend: 'wasm' | 'js';

  /**
   * A zero-copy buffer of `length` elements in this instance's memory: pass it (or `buf.array`) as any
   * array argument or `out` and nothing is copied. `buf.array` is always a valid view (memory growth
   * replaces it: read it again rather than keeping an old one); `free()` releases the buffer. Using a freed
   * buffer, or one of another instance, is an error. On the JS backend the buffer holds a plain typed array.
   */
  readonly alloc: AllocFn;

  /**
   * How many threads run this instance's large calls: what `createLosskit({ threads })` asked for where threads
   * can run, else 1 (a web page without cross-origin isolation, a browser's main thread, the JS backend); 1
   * again after close().
   */
  readonly threads: number;

  /** Stops this instance's worker threads (nothing to do without them); later calls run on the calling thread. */
  close(): void;

  /** close(), for `using` declarations. */
  [Symbol.dispose](): void;

  /**
   * A streaming, mergeable accumulator of the named metrics: `update(input, target)` per batch, `compute()`,
   * `reset()`, `merge(other or state)`, and a JSON-serialisable `state`, so shards evaluated in workers, processes
   * or machines combine exactly.
   */
  createMetrics(options: CreateMetricsOptions): MetricAccumulator;
}
