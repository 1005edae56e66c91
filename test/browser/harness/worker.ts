// The harness Worker: the same checks as the page, on the Worker's own losskit.
import * as lk from 'losskit';
import { check, outputs } from './checks.js';

addEventListener('message', async (e: MessageEvent) => {
  const { id, fn, name, label } = e.data;
  try {
    const result = fn === 'check' ? await check(name, label) : fn === 'backend' ? await lk.ready() : await outputs(name, label);
    postMessage({ id, result });
  } catch (err) {
    postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
