// Where chunks are scored: on this thread, or on worker threads each with its own losskit instance (the CLI's
// own bundle, started with the settings). Results come back as promises in chunk order whatever finishes first.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { chunkScorer, type Chunk, type Scored, type Settings } from './chunk.js';

export interface Scorer {
  score(chunk: Chunk): Promise<Scored>;
  close(): Promise<void>;
}

const WORKER_FLAG = 'losskitScoreWorker';

export function localScorer(settings: Settings, perSample: boolean): Scorer {
  const score = chunkScorer(settings, perSample);
  return { score: async (c) => score(c), close: async () => {} };
}

type Reply = { ok: true; scored: Scored } | { ok: false; message: string; name: string };

/** Chunks go to the least busy of `threads` workers; each answers its chunks in the order it got them. */
export function workerScorer(settings: Settings, perSample: boolean, threads: number): Scorer {
  const file = fileURLToPath(import.meta.url);
  const workers = Array.from({ length: threads }, () => {
    const worker = new Worker(file, { workerData: { [WORKER_FLAG]: true, settings, perSample } });
    const waiting: { resolve: (s: Scored) => void; reject: (e: Error) => void }[] = [];
    worker.on('message', (r: Reply) => {
      const w = waiting.shift()!;
      if (r.ok) w.resolve(r.scored);
      else w.reject(Object.assign(new Error(r.message), { name: r.name }));
    });
    worker.on('error', (err) => { for (const w of waiting.splice(0)) w.reject(err); });
    return { worker, waiting };
  });
  return {
    score(c) {
      const w = workers.reduce((a, b) => (b.waiting.length < a.waiting.length ? b : a));
      return new Promise((resolve, reject) => {
        w.waiting.push({ resolve, reject });
        w.worker.postMessage(c, [c.input.buffer as ArrayBuffer, c.target.buffer as ArrayBuffer]);
      });
    },
    close: async () => { await Promise.all(workers.map((w) => w.worker.terminate())); },
  };
}

/** In a worker started by workerScorer: scores the chunks it is sent. Returns whether this is such a worker. */
export function serveIfWorker(): boolean {
  if (isMainThread || !(workerData as Record<string, unknown> | null)?.[WORKER_FLAG]) return false;
  const { settings, perSample } = workerData as { settings: Settings; perSample: boolean };
  const score = chunkScorer(settings, perSample);
  parentPort!.on('message', (c: Chunk) => {
    let reply: Reply;
    try {
      reply = { ok: true, scored: score(c) };
    } catch (err) {
      reply = { ok: false, message: (err as Error).message, name: (err as Error).name };
    }
    parentPort!.postMessage(reply, reply.ok && reply.scored.perSample ? [reply.scored.perSample.buffer as ArrayBuffer] : []);
  });
  return true;
}
