// The long soak: npm run soak [-- --calls N] (1e6 mixed calls per backend by default). Prints RSS, JS heap and
// wasm memory sampled over time and fails when any grows after warm-up beyond its bound.
// (Run node with --expose-gc for the tight bounds: `node --expose-gc scripts/soak.mjs`.)
import { flags, importBundle } from './bundle-tests.mjs';

const opts = flags(process.argv.slice(2), { calls: 1_000_000, points: 20 });
const { soak, lateGrowth, soakReport, BOUNDS, createLosskitSync } = await importBundle(['test/helpers/soak.ts']);
const mb = (b) => (b / 2 ** 20).toFixed(1).padStart(8);
let failed = false;
for (const backend of ['wasm', 'js']) {
  const k = createLosskitSync({ backend, wasmFrom: 0 });
  const res = soak(k, opts.calls, { points: opts.points });
  console.log(`\n${backend}\n${'calls'.padStart(9)} ${'RSS MB'.padStart(8)} ${'heap MB'.padStart(8)} ${'wasm MB'.padStart(8)}`);
  for (const s of res.samples) console.log(`${String(s.calls).padStart(9)} ${mb(s.rss)} ${mb(s.heap)} ${mb(s.wasm)}`);
  console.log(soakReport(backend, res));
  const g = lateGrowth(res.samples);
  for (const key of ['rss', 'heap', 'wasm']) {
    if (g[key] > BOUNDS[key]) { failed = true; console.log(`✗ ${backend}: ${key} grew ${g[key]} bytes after warm-up (bound ${BOUNDS[key]})`); }
  }
}
process.exit(failed ? 1 : 0);
