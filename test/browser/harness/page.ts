// The harness page's script: exposes the checks to the tests (window.harness), in the page and in a Worker.
import * as lk from 'losskit';
import { check, outputs, type Label } from './checks.js';

let worker: Worker | undefined;
let next = 0;
function inWorker(fn: 'check' | 'outputs' | 'backend', name = '', label: Label = 'default'): Promise<unknown> {
  worker ??= new Worker('/test/browser/.build/worker.js', { type: 'module' });
  const id = next++;
  return new Promise((resolve, reject) => {
    const w = worker!;
    const onMessage = (e: MessageEvent): void => {
      if (e.data.id !== id) return;
      w.removeEventListener('message', onMessage);
      if (e.data.error !== undefined) reject(new Error(e.data.error));
      else resolve(e.data.result);
    };
    w.addEventListener('message', onMessage);
    w.addEventListener('error', (e) => reject(new Error(e.message)), { once: true });
    w.postMessage({ id, fn, name, label });
  });
}

Object.assign(globalThis, { harness: { lk, check, outputs, inWorker } });
document.body.dataset.ready = 'true';
