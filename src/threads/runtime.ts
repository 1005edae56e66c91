// What every thread of a pool runs, the calling thread and the workers alike. The workers receive this
// function's source text (see pool.ts), so it refers to nothing outside itself; minifiers rename inside it
// consistently, and the calling thread gets the same code by calling it.
//
// The threads share a job table (a SharedArrayBuffer apart from the module's memory): control words, a list of
// kernel calls (function index, argument count, arguments) and one float64 result per call. A thread claims
// calls by a compare-and-swap of the claim word and writes each result to its call's own slot, so the order in which the caller
// adds the results up is fixed, whichever thread ran each call.

/** The kernel functions of one module instance, by index. */
export type KernelList = ((...args: number[]) => number)[];

/** What a worker is sent once: the compiled module, the shared memory and table, its scratch block. */
export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  table: SharedArrayBuffer;
  scratch: number;
  names: string[];
}

export function threadRuntime() {
  /** Control words: batch number (wakes the workers), calls done, stop, first failure + 1, workers started. */
  const EPOCH = 0, DONE = 3, STOP = 4, FAILED = 5, READY = 6;
  /**
   * The claim word (int64, bytes 48–55 of the control block): the batch's tag · 2^24 + its call count · 2^12 + the
   * next call. A thread claims a call by compare-and-swap of the whole word, so a thread still in an earlier
   * batch can never claim a later batch's call with the earlier count: its swap fails on the tag.
   */
  const CLAIM_AT = 48, CALL_BITS = 12n, TAG_SHIFT = 24n;
  /** Arguments per call at most, float64 words per call, calls per batch, bytes of the failure message. */
  const MAX_ARGS = 16, CALL_WORDS = 2 + MAX_ARGS, CAPACITY = 2048, MESSAGE_BYTES = 1024;
  const CONTROL_BYTES = 64, CALLS_BYTES = 8 * CALL_WORDS * CAPACITY, RESULTS_BYTES = 8 * CAPACITY;
  const TABLE_BYTES = CONTROL_BYTES + CALLS_BYTES + RESULTS_BYTES + MESSAGE_BYTES;

  /** The views of a table (a SharedArrayBuffer of TABLE_BYTES). */
  function views(sab: SharedArrayBuffer) {
    return {
      control: new Int32Array(sab, 0, CONTROL_BYTES / 4),
      claim: new BigInt64Array(sab, CLAIM_AT, 1),
      calls: new Float64Array(sab, CONTROL_BYTES, CALL_WORDS * CAPACITY),
      results: new Float64Array(sab, CONTROL_BYTES + CALLS_BYTES, CAPACITY),
      message: new Uint8Array(sab, CONTROL_BYTES + CALLS_BYTES + RESULTS_BYTES, MESSAGE_BYTES),
    };
  }
  type Views = ReturnType<typeof views>;

  /**
   * Claims and runs calls of the current batch until none is left. A call that throws is recorded (the first
   * one's message) and still counted as done, so that nobody waits for it; the last call done wakes the caller.
   * Returns how many calls this thread ran.
   */
  function drain(t: Views, fns: KernelList): number {
    const control = t.control, calls = t.calls, mask = (1n << CALL_BITS) - 1n;
    const tag = Atomics.load(t.claim, 0) >> TAG_SHIFT;
    let ran = 0;
    for (;;) {
      const word = Atomics.load(t.claim, 0);
      const k = Number(word & mask), count = Number((word >> CALL_BITS) & mask);
      if (word >> TAG_SHIFT !== tag || k >= count) return ran;
      if (Atomics.compareExchange(t.claim, 0, word, word + 1n) !== word) continue;
      ran++;
      const at = k * CALL_WORDS, a = calls.subarray(at + 2, at + 2 + calls[at + 1]);
      try {
        t.results[k] = fns[calls[at]](a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15]);
      } catch (err) {
        if (Atomics.compareExchange(control, FAILED, 0, k + 1) === 0) {
          t.message.fill(0);
          t.message.set(new TextEncoder().encode(String(err instanceof Error ? err.message : err)).subarray(0, MESSAGE_BYTES));
        }
      }
      if (Atomics.add(control, DONE, 1) + 1 === count) Atomics.notify(control, DONE);
    }
  }

  /** Publishes batch `tag` of `count` calls (the table written first): the threads may claim them from now on. */
  function publish(t: Views, tag: number, count: number): void {
    Atomics.store(t.control, DONE, 0);
    Atomics.store(t.claim, 0, (BigInt(tag) << TAG_SHIFT) | (BigInt(count) << CALL_BITS));
  }

  /** A worker's life: instantiate on the shared memory, then drain each batch until told to stop. */
  function serve(init: WorkerInit): void {
    const imports = { env: { memory: init.memory, abort(): never { throw new Error('WebAssembly abort'); } } };
    const exports = new WebAssembly.Instance(init.module, imports).exports as Record<string, (...args: number[]) => number>;
    exports.set_scratch(init.scratch);
    const fns = init.names.map((name) => exports[name]);
    const t = views(init.table);
    Atomics.add(t.control, READY, 1);
    Atomics.notify(t.control, READY);
    for (;;) {
      const epoch = Atomics.load(t.control, EPOCH);
      if (Atomics.load(t.control, STOP) !== 0) return;
      drain(t, fns);
      Atomics.wait(t.control, EPOCH, epoch);
    }
  }

  return { EPOCH, DONE, STOP, FAILED, READY, MAX_ARGS, CALL_WORDS, CAPACITY, TABLE_BYTES, views, drain, publish, serve };
}
