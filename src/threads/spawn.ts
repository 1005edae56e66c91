// Starting workers where the platform has them: Node's worker_threads (reached without an import, so that this
// entry stays free of Node built-ins for browsers), or Web Workers from a Blob. Each worker runs the pool's
// thread runtime (runtime.ts) from its source text.
import { threadRuntime, type WorkerInit } from './runtime.js';

/** A started worker. */
export interface Thread {
  /** Stops the worker (the pool has told it to leave its loop first). */
  end(): void;
}

interface NodeWorker { unref(): void; postMessage(m: unknown): void; terminate(): unknown }
type NodeWorkerCtor = new (code: string, opts: { eval: boolean }) => NodeWorker;

/** A Node built-in module, where this is Node (20.16 and later, with process.getBuiltinModule). */
function nodeBuiltin<M>(id: string): Partial<M> | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => Partial<M> } }).process;
  return proc?.getBuiltinModule?.(id);
}

/** Node's Worker class, where this is Node. */
const nodeWorker = (): NodeWorkerCtor | undefined => nodeBuiltin<{ Worker: NodeWorkerCtor }>('node:worker_threads')?.Worker;

/**
 * Whether a synchronously created pool can wait for its workers to start: in Node they start on their own threads;
 * a browser starts a worker only while its creator is free.
 */
export const workersStartWhileWaiting = (): boolean => nodeWorker() !== undefined;

/** Whether this thread may block in Atomics.wait (a browser's main thread may not). */
function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether threads can run here: shared memory (a web page needs cross-origin isolation), a thread that may wait
 * (not a browser's main thread) and workers (Node 20.16+ or Web Workers).
 */
export function threadsSupported(): boolean {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return false;
  return canBlock() && (nodeWorker() !== undefined || typeof Worker === 'function');
}

/** The number of logical processors, for threads: 'auto'. */
export function processors(): number {
  const n = nodeBuiltin<{ availableParallelism: () => number }>('node:os')?.availableParallelism?.() ?? (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return n !== undefined && n >= 1 ? n : 1;
}

/** Starts a worker serving `init`. Node's workers are unref'd: they never keep a process alive. */
export function spawn(init: WorkerInit): Thread {
  const runtime = `(${threadRuntime.toString()})()`;
  const NodeWorker = nodeWorker();
  if (NodeWorker !== undefined) {
    // (process.getBuiltinModule, not require: an eval'd worker is an ES module where the process runs with --input-type=module)
    const code = `process.getBuiltinModule('node:worker_threads').parentPort.once('message', (init) => ${runtime}.serve(init));`;
    const w = new NodeWorker(code, { eval: true });
    w.unref();
    w.postMessage(init);
    return { end: () => void w.terminate() };
  }
  const url = URL.createObjectURL(new Blob([`self.onmessage = (e) => ${runtime}.serve(e.data);`], { type: 'text/javascript' }));
  const w = new Worker(url);
  URL.revokeObjectURL(url);
  w.postMessage(init);
  return { end: () => w.terminate() };
}
