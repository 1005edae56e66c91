// Runs under "script-src 'self'": WebAssembly compilation is refused, so losskit must run on js.
import { createLosskit, defaultBackend, nllLoss, ready } from '/dist/browser.js';

const backend = await ready();
const loss = nllLoss(Float32Array.from([0.5, 0.1, 0.3].map(Math.log)), Int32Array.from([2]));
let forced = null;
try {
  await createLosskit({ backend: 'wasm' });
} catch (e) {
  forced = { name: e.name, code: e.code, argument: e.argument, message: e.message };
}
const out = document.getElementById('result');
out.textContent = JSON.stringify({ backend, defaultBackend: defaultBackend(), loss, forced });
out.dataset.done = 'true';
