// `npm run bench`: every core function × sizes × implementations, measured side by side in one process.
// Prints a table (ns per element, GB/s, ratios), writes bench/results.md and bench/results.svg.
//   --quick        a one-minute run (fewer sizes, shorter timing, one round)
//   --fn a,b       only these functions        --size n,m   only these element counts
//   --shape NxC,…  only these class shapes (crossEntropy, nllLoss)
//   --fwd          also the forward-only pass (the full run includes it)
//   --before p     also an earlier build (its dist/index.js): before/after ratios from one run
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { Bench } from 'tinybench';
import { addBefore, IMPLS, isClassFn, isRowFn, perRowTarget } from './impls.mjs';
import { chart } from './svg.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const list = (name) => (args.includes(name) ? args[args.indexOf(name) + 1].split(',') : null);
const quick = flag('--quick');

// hingeLoss: the Keras element-wise losses' representative (with 0/1 targets: its per-call scan, then 2y - 1)
const POINTWISE = ['mseLoss', 'l1Loss', 'binaryCrossEntropy', 'binaryCrossEntropyWithLogits', 'hingeLoss'];
const SIZES = quick ? [16, 4096, 1 << 20] : [16, 256, 4096, 65536, 1 << 20, 1 << 24];
const SHAPES = quick ? [[4096, 10], [1024, 1000], [64, 32000]] : [[4096, 10], [1024, 1000], [64, 32000], [16384, 1000], [4096, 32000]];
const BOXES = ['completeBoxIouLoss']; // torchvision's box losses, a representative: elements are box coordinates (4 a box)
// one representative of each later family: dice for Keras's overlap row losses (masks of 64² and 256²), NT-Xent
// for the contrastive ones (batches of 256 and 1024 embeddings of 128: N²·D work)
const ROW_SHAPES = { diceLoss: [[256, 4096], [16, 65536]], ntXentLoss: [[256, 128], [1024, 128]] };
const fns = list('--fn') ?? [...POINTWISE, 'crossEntropy', 'nllLoss', 'categoricalFocalLoss', 'diceLoss', 'ntXentLoss', ...BOXES];
const sizes = list('--size')?.map(Number) ?? SIZES;
const shapes = list('--shape')?.map((s) => s.split('x').map(Number)) ?? SHAPES;
const modes = flag('--fwd') || !quick ? ['grad', 'fwd'] : ['grad'];
const ROUNDS = quick ? 1 : 3;
const TIME = quick ? 40 : 150;
const MAX_CALL_MS = quick ? 300 : 2000; // skip an implementation whose call would take longer than this

const workloads = [];
for (const mode of modes) {
  for (const fn of fns) {
    if (isRowFn(fn)) for (const [N, C] of ROW_SHAPES[fn] ?? shapes) workloads.push({ fn, mode, N, C, n: N * C, label: `[${N}, ${C}]` });
    else for (const n of sizes) workloads.push({ fn, mode, n, N: 1, C: 1, label: sizeLabel(n) });
  }
}

function sizeLabel(n) {
  return n >= 1 << 20 ? `${n / (1 << 20)}M` : n >= 1024 ? `${n / 1024}K` : `${n}`;
}

// Bytes each element moves in the fused loss+gradient (input, target, gradient; class targets are per row).
const bytesPerElement = (w) => (w.mode === 'grad' ? 8 : 4) + (perRowTarget(w.fn) ? 0 : 4);

// ---- native C reference -------------------------------------------------------------------------------
const NATIVE_FNS = { mseLoss: 'mse', l1Loss: 'l1', binaryCrossEntropy: 'bce', binaryCrossEntropyWithLogits: 'bceLogits', crossEntropy: 'crossEntropy' };
function nativeBinaries() {
  const src = new URL('./native/losses.c', import.meta.url).pathname;
  const dir = new URL('./.cache/', import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  const out = {};
  for (const [name, flags] of [['C native', []], ['C 128-bit', ['-mprefer-vector-width=128']]]) {
    try {
      execFileSync('gcc', ['-O3', '-march=native', '-ffp-contract=off', '-fno-trapping-math', ...flags, '-o', dir + name.replace(/\W/g, ''), src, '-lm']);
      out[name] = dir + name.replace(/\W/g, '');
    } catch {
      return {}; // no gcc: the native columns stay empty
    }
  }
  return out;
}
const natives = nativeBinaries();
function runNative(bin, w) {
  const f = NATIVE_FNS[w.fn];
  if (!f || w.mode !== 'grad') return null;
  const line = execFileSync(bin, [f, String(w.n), String(w.N), String(w.C)], { encoding: 'utf8' }).trim();
  return Number(line.split(' ')[1]); // ns per element
}

const before = list('--before')?.[0];
if (before) await addBefore(before);

// ---- timing --------------------------------------------------------------------------------------------
const implNames = [...Object.keys(IMPLS), ...Object.keys(natives)];
const results = []; // { w, ns: { impl: ns per element | null } }
const lastNs = {}; // impl → ns/element at the previous size of the same function and mode
const median = (a) => { const s = [...a].sort((p, q) => p - q); return s[Math.floor(s.length / 2)]; };
const progress = (i, text) => process.stderr.write(`\r\x1b[K[${i}/${workloads.length}] ${text}`);

for (let wi = 0; wi < workloads.length; wi++) {
  const w = workloads[wi];
  progress(wi + 1, `${w.fn} ${w.label} ${w.mode}: setting up`);
  const tasks = {};
  const ns = {};
  for (const name of Object.keys(IMPLS)) {
    const key = `${name}|${w.fn}|${w.mode}`;
    if (lastNs[key] !== undefined && lastNs[key] * w.n > MAX_CALL_MS * 1e6) { ns[name] = null; continue; }
    const f = await IMPLS[name](w);
    if (f) tasks[name] = f; else ns[name] = null;
  }
  const samples = Object.fromEntries(Object.keys(tasks).map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ time: TIME, warmupTime: TIME / 4, iterations: 3, warmupIterations: 2 });
    for (const [name, f] of Object.entries(tasks)) bench.add(name, f, f.before ? { beforeAll: f.before } : {});
    progress(wi + 1, `${w.fn} ${w.label} ${w.mode}: round ${round + 1}/${ROUNDS}`);
    await bench.run();
    for (const t of bench.tasks) samples[t.name].push(t.result.latency.p50);
  }
  for (const [name, s] of Object.entries(samples)) {
    ns[name] = (median(s) * 1e6) / w.n;
    lastNs[`${name}|${w.fn}|${w.mode}`] = ns[name];
  }
  for (const [name, bin] of Object.entries(natives)) ns[name] = runNative(bin, w);
  results.push({ w, ns });
}
process.stderr.write('\r\x1b[K');

// ---- report --------------------------------------------------------------------------------------------
const fmt = (v) => (v === null || v === undefined ? '–' : v < 10 ? v.toFixed(3) : v.toFixed(1));
const ratio = (ours, other) => (ours && other ? `${(other / ours).toFixed(1)}x` : '–');
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const machine = `${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.arch()}, Node ${process.version}` +
  (existsSync('/proc/cpuinfo') && readFileSync('/proc/cpuinfo', 'utf8').includes('hypervisor') ? ' (VM)' : '');

const beforeCols = before ? ['wasm after/before', 'copy after/before', 'js after/before'] : [];
const header = ['function', 'size', 'pass', ...implNames.map((n) => `${n} ns/el`), 'wasm GB/s', 'vs fused JS', 'vs naive JS', 'vs tfjs wasm', 'vs tfjs cpu', 'js vs naive', 'copy/zero-copy', 'vs C 128-bit', ...beforeCols];
// speed after over speed before: above 1 is faster now
const speedup = (after, earlier) => (after && earlier ? (earlier / after).toFixed(2) : '–');
const rows = results.map(({ w, ns }) => {
  const ours = ns['losskit wasm'];
  return [w.fn, w.label, w.mode === 'grad' ? 'loss+grad' : 'loss', ...implNames.map((n) => fmt(ns[n])),
    ours ? (bytesPerElement(w) / ours).toFixed(1) : '–',
    ratio(ours, ns['fused JS']), ratio(ours, ns['naive JS']), ratio(ours, ns['tfjs wasm']), ratio(ours, ns['tfjs cpu']),
    ratio(ns['losskit js'], ns['naive JS']), ns['losskit wasm copy'] && ours ? (ours / ns['losskit wasm copy']).toFixed(2) : '–',
    ns['C 128-bit'] && ours ? (ns['C 128-bit'] / ours).toFixed(2) : '–',
    ...(before ? [speedup(ours, ns['before wasm']), speedup(ns['losskit wasm copy'], ns['before wasm copy']), speedup(ns['losskit js'], ns['before js'])] : [])];
});
const table = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
console.log(`\nlosskit benchmark — ${machine}\n`);
console.log(table);

const date = new Date().toISOString().slice(0, 10);
const md = `# losskit benchmark results

Machine: ${machine}. Date: ${date}. Command: \`npm run bench${args.length ? ' -- ' + args.join(' ') : ''}\`.

float32, mean reduction. Each cell is ns per element (per logit for the class losses), the median of
${ROUNDS} round(s) of tinybench medians, all implementations interleaved in one process. "loss+grad" is the fused
\`fooWithGrad\` (TF.js: \`tf.valueAndGrad\`, tensors made from the typed arrays and read back with \`dataSync\`).
losskit wasm = zero-copy buffers from \`alloc\`; copy = plain typed arrays. Ratios are how many times faster
losskit wasm is than the other (copy/zero-copy: the copying API's throughput as a fraction of zero-copy's;
vs C 128-bit: C time over ours, so 1.0 is parity). C: \`gcc -O3 -march=native -ffp-contract=off -fno-trapping-math\` (native
width) and with \`-mprefer-vector-width=128\`, the same algorithms (bench/native/losses.c). – = not
applicable or skipped (a call over ${MAX_CALL_MS} ms).${before ? ` "before": the build at \`${before}\`, in the same run; after/before
is its time over ours (above 1: faster now).` : ''}

${table}

![chart](results.svg)
`;
writeFileSync(new URL('./results.md', import.meta.url), md);
writeFileSync(new URL('./results.svg', import.meta.url), chart(results, implNames));
console.log('\nwrote bench/results.md and bench/results.svg');
