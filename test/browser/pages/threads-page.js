// The threads page: asks for 2 threads on the main thread (which may not wait, so it gets 1) and in a Worker
// (2 where the page is cross-origin isolated, else 1), and reports what it got.
import { createLosskit } from '/dist/browser.js';

const main = await createLosskit({ threads: 2 });
const worker = new Worker(new URL('threads-worker.js', import.meta.url), { type: 'module' });
const inWorker = await new Promise((resolve) => { worker.onmessage = (e) => resolve(e.data); });
const out = document.getElementById('result');
out.textContent = JSON.stringify({ isolated: self.crossOriginIsolated, mainThreads: main.threads, ...inWorker });
out.dataset.done = 'true';
