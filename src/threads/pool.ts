// A pool of threads on one shared module memory: the calling thread adds kernel calls to a batch, then runs the
// batch together with the workers (each call claimed by one thread) and blocks in Atomics.wait until every
// call is done. The calls' results come back in the order added, so their sum is the same bits as running the
// calls one after the other on one thread. Only calls on memory no other call writes may share a batch.
import { LosskitRangeError } from '../errors.js';
import type { WasmExports } from '../wasm/loader.js';
import type { Heap } from '../wasm/memory.js';
import { threadRuntime, type KernelList } from './runtime.js';
import { spawn, type Thread } from './spawn.js';

const rt = threadRuntime();
type Fn = (...args: number[]) => number;

export class Pool {
  private readonly t: ReturnType<typeof rt.views>;
  private readonly fns: KernelList;
  private readonly index = new Map<Fn, number>();
  private count = 0;
  /** Batches run so far: the tag of the next one's claims. */
  private batches = 0;
  private total = 0;
  private threads: Thread[] = [];
  /** Calls run in batches so far, and how many of them the calling thread ran (the workers ran the others). */
  readonly ran = { calls: 0, byCaller: 0 };

  /** A pool of 1 + `workers` threads over `exports` (instantiated on `memory`, shared). */
  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, exports: WasmExports, heap: Heap, workers: number) {
    const table = new SharedArrayBuffer(rt.TABLE_BYTES);
    this.t = rt.views(table);
    const names = Object.keys(exports).filter((name) => typeof exports[name] === 'function');
    this.fns = names.map((name) => exports[name]);
    this.fns.forEach((fn, i) => this.index.set(fn, i));
    const scratchBytes = exports.scratch_bytes();
    for (let i = 0; i < workers; i++) {
      this.threads.push(spawn({ module, memory, table, scratch: heap.alloc(scratchBytes), names }));
    }
  }

  /** The threads that run batches: the caller and its workers. */
  get size(): number {
    return 1 + this.threads.length;
  }

  /**
   * Waits until every worker has instantiated the module (async: a browser's worker starts only while its creator
   * is free). Instantiating writes the module's data segments into the shared memory, which would race with calls
   * already running, so until then the pool must not be used; a pool whose workers do not all start within `ms` is
   * closed (one thread) and this returns false.
   */
  async started(ms = 10_000): Promise<boolean> {
    const until = Date.now() + ms;
    while (!this.allStarted() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 1));
    return this.startedOrClosed();
  }

  /** started(), blocking the calling thread (Node, where workers start on their own threads). */
  startedSync(ms = 10_000): boolean {
    const until = Date.now() + ms;
    for (let n = Atomics.load(this.t.control, rt.READY); !this.allStarted() && Date.now() < until; n = Atomics.load(this.t.control, rt.READY)) {
      Atomics.wait(this.t.control, rt.READY, n, Math.max(1, until - Date.now()));
    }
    return this.startedOrClosed();
  }

  private allStarted(): boolean {
    return Atomics.load(this.t.control, rt.READY) >= this.threads.length;
  }

  private startedOrClosed(): boolean {
    if (this.allStarted()) return true;
    this.close();
    return false;
  }

  /** Adds the call fn(...args) to the batch (a full batch runs at once). */
  add(fn: Fn, args: number[]): void {
    const at = this.count * rt.CALL_WORDS, calls = this.t.calls;
    calls[at] = this.index.get(fn)!;
    calls[at + 1] = args.length;
    calls.set(args, at + 2);
    if (++this.count === rt.CAPACITY) this.runBatch();
  }

  /** Runs the calls added and not yet run; the sum of all the batch's results in the order added. */
  finish(): number {
    if (this.count > 0) this.runBatch();
    const total = this.total;
    this.total = 0;
    return total;
  }

  /** Forgets the calls added and not run (after a throw while adding them). */
  discard(): void {
    this.count = 0;
    this.total = 0;
  }

  private runBatch(): void {
    const { control, results, message } = this.t, n = this.count;
    this.count = 0;
    rt.publish(this.t, ++this.batches, n);
    Atomics.add(control, rt.EPOCH, 1);
    Atomics.notify(control, rt.EPOCH);
    this.ran.byCaller += rt.drain(this.t, this.fns);
    this.ran.calls += n;
    for (let done = Atomics.load(control, rt.DONE); done < n; done = Atomics.load(control, rt.DONE)) {
      Atomics.wait(control, rt.DONE, done);
    }
    if (Atomics.load(control, rt.FAILED) !== 0) {
      Atomics.store(control, rt.FAILED, 0);
      this.total = 0;
      const text = new TextDecoder().decode(message.slice()).replace(/\0+$/, '');
      throw new LosskitRangeError('threads', `a kernel call failed on a pool thread: ${text}`, 'ERR_THREAD');
    }
    for (let k = 0; k < n; k++) this.total += results[k];
  }

  /** Stops the workers; the pool runs every later batch on the calling thread alone. */
  close(): void {
    const control = this.t.control;
    Atomics.store(control, rt.STOP, 1);
    Atomics.add(control, rt.EPOCH, 1);
    Atomics.notify(control, rt.EPOCH);
    for (const thread of this.threads) thread.end();
    this.threads = [];
  }
}
