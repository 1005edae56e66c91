// The long differential fuzz: npm run fuzz -- --runs N [--seed S] [--fn name]. Per function and dtype it prints
// the cases run and the largest disagreement of wasm, js and the float64 reference; a failure prints its seed
// and fast-check's shrunk counterexample, and the run goes on with the next function (exit code 1 at the end).
import fc from 'fast-check';
import { flags, importBundle } from './bundle-tests.mjs';

const opts = flags(process.argv.slice(2), { runs: 1000, seed: Date.now() % 2 ** 31, fn: '' });
const { FUNCTIONS, property, report, createLosskitSync } = await importBundle(['test/helpers/fuzz.ts']);
const wasm = createLosskitSync({ backend: 'wasm', wasmFrom: 0 });
const js = createLosskitSync({ backend: 'js' });
const names = opts.fn ? opts.fn.split(',') : FUNCTIONS;
const stats = {};
let failed = 0;
console.log(`fuzz: ${opts.runs} runs per function, seed ${opts.seed}`);
for (const name of names) {
  const t0 = Date.now();
  const r = fc.check(property(name, wasm, js, stats), { numRuns: opts.runs, seed: opts.seed, includeErrorInReport: true });
  if (r.failed) {
    failed++;
    console.log(`\n✗ ${name}\n${fc.defaultReportMessage(r)}\n`);
  } else console.log(`✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  console.log(report({ [name]: stats[name] ?? {} }).split('\n').slice(1).join('\n')); // (as it goes: a long run can be stopped)
}
console.log(`\n${report(stats)}`);
process.exit(failed ? 1 : 0);
