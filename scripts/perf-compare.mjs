// Raw kernel time of two builds of the module, interleaved in one process (data already in wasm memory):
// ns per element, the median of many alternating rounds, and new/old.
// Usage: node scripts/perf-compare.mjs old.wasm [new.wasm = build/losskit.wasm] [rounds = 21] [filter]
import { readFileSync } from 'node:fs';

const [oldPath, newPath = new URL('../build/losskit.wasm', import.meta.url), roundsArg, filter] = process.argv.slice(2);
const ROUNDS = Number(roundsArg ?? 21);
const M = 1 << 21;
async function load(p) {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536 }); // imported by new builds, ignored by old ones
  const { instance } = await WebAssembly.instantiate(readFileSync(p), { env: { memory, abort() { throw new Error('abort'); } } });
  const e = { memory, ...instance.exports };
  const base = (e.heap_base() + 63) & ~63;
  e.memory.grow(Math.ceil((base + 80 * M + 65536) / 65536));
  // f32 and f64 copies of: x in [-2, 2], y in [0, 1], p in (0, 1), w in [0, 1]; then gradient and loss room
  const r = { e, base, f32: {}, f64: {} };
  let off = base;
  for (const dt of ['f32', 'f64']) {
    const size = dt === 'f32' ? 4 : 8;
    for (const k of ['x', 'y', 'p', 'w', 'g', 'l']) { r[dt][k] = off; off += size * M; }
  }
  r.t = off;
  return r;
}
const mods = [await load(oldPath), await load(newPath)];
let seed = 7;
const rnd = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 4294967296; };
const src = { x: () => rnd() * 4 - 2, y: rnd, p: () => 0.001 + 0.998 * rnd(), w: rnd };
for (const k of Object.keys(src)) {
  const v = Float64Array.from({ length: M }, src[k]);
  for (const m of mods) {
    new Float32Array(m.e.memory.buffer, m.f32[k], M).set(v);
    new Float64Array(m.e.memory.buffer, m.f64[k], M).set(v);
  }
}
const targets = Int32Array.from({ length: M }, () => Math.floor(rnd() * 10));
for (const m of mods) new Int32Array(m.e.memory.buffer, m.t, M).set(targets);

const work = [];
const add = (label, elems, call) => { if (!filter || label.includes(filter)) work.push({ label, elems, call }); };
const POINT = [['mse', 'x', 0, 0], ['l1', 'x', 0, 0], ['bce', 'p', 0, 0], ['bce_logits', 'x', 0, 0], ['focal', 'x', 0.25, 2], ['huber', 'x', 1, 0]];
for (const dt of ['f32', 'f64']) {
  for (const [op, xin, prm, prm2] of POINT) for (const n of [1 << 16, 1 << 20]) for (const grad of [true, false]) {
    if (dt === 'f64' && n !== 1 << 16) continue;
    add(`${op}_${dt} ${grad ? 'grad' : 'fwd'} ${n >> 10}K`, n, (m) => m.e[`${op}_${dt}`](m[dt][xin], m[dt].y, 0, 0, 0, 0, 0, n, n, 0, grad ? m[dt].g : 0, 1 / n, prm, prm2));
  }
}
const n64 = 1 << 16;
add('mse_f32 grad w 64K', n64, (m) => m.e.mse_f32(m.f32.x, m.f32.y, m.f32.w, 1, 0, 0, 0, n64, n64, 0, m.f32.g, 1 / n64, 0, 0));
add('mse_f32 none+go grad 64K', n64, (m) => m.e.mse_f32(m.f32.x, m.f32.y, 0, 0, 0, 0, m.f32.w, n64, n64, m.f32.l, m.f32.g, 1, 0, 0));
add('mse_f32 none fwd 64K', n64, (m) => m.e.mse_f32(m.f32.x, m.f32.y, 0, 0, 0, 0, 0, n64, n64, m.f32.l, 0, 1, 0, 0));
add('bce_logits_f32 none fwd 64K', n64, (m) => m.e.bce_logits_f32(m.f32.x, m.f32.y, 0, 0, 0, 0, 0, n64, n64, m.f32.l, 0, 1, 0, 0));
add('focal_f32 none fwd 64K', n64, (m) => m.e.focal_f32(m.f32.x, m.f32.y, 0, 0, 0, 0, 0, n64, n64, m.f32.l, 0, 1, 0.25, 2));
add('huber_f32 none fwd 64K', n64, (m) => m.e.huber_f32(m.f32.x, m.f32.y, 0, 0, 0, 0, 0, n64, n64, m.f32.l, 0, 1, 1, 0));
add('bce_logits_f32 pw grad 64K', n64, (m) => m.e.bce_logits_f32(m.f32.x, m.f32.y, 0, 0, m.f32.w, 1, 0, n64, n64, 0, m.f32.g, 1 / n64, 0, 0));
add('bce_f32 w grad 64K', n64, (m) => m.e.bce_f32(m.f32.p, m.f32.y, m.f32.w, 1, 0, 0, 0, n64, n64, 0, m.f32.g, 1 / n64, 0, 0));
add('focal_f32 w grad 64K', n64, (m) => m.e.focal_f32(m.f32.x, m.f32.y, m.f32.w, 1, 0, 0, 0, n64, n64, 0, m.f32.g, 1 / n64, 0.25, 2));
add('bce_logits_f64 pw grad 64K', n64, (m) => m.e.bce_logits_f64(m.f64.x, m.f64.y, 0, 0, m.f64.w, 1, 0, n64, n64, 0, m.f64.g, 1 / n64, 0, 0));
add('sigmoid_f32 64K', n64, (m) => m.e.sigmoid_f32(m.f32.x, m.f32.l, n64));
for (const [N, C] of [[1024, 1000], [64, 32000], [4096, 10]]) for (const grad of [true, false]) {
  add(`cross_entropy_f32 ${grad ? 'grad' : 'fwd'} [${N},${C}]`, N * C, (m) => m.e.cross_entropy_f32(m.f32.x, m.t, 0, 0, N, C, 1, -100, 0, 0, grad ? m.f32.g : 0, 1 / N, 0));
}
add('cross_entropy_f64 grad [1024,1000]', 1024000, (m) => m.e.cross_entropy_f64(m.f64.x, m.t, 0, 0, 1024, 1000, 1, -100, 0, 0, m.f64.g, 1 / 1024, 0));
add('cross_entropy_f32 grad ls [1024,1000]', 1024000, (m) => m.e.cross_entropy_f32(m.f32.x, m.t, 0, 0, 1024, 1000, 1, -100, 0.1, 0, m.f32.g, 1 / 1024, 0));
add('nll_f32 grad [4096,10]', 40960, (m) => m.e.nll_f32(m.f32.x, m.t, 0, 4096, 10, 1, -100, 0, m.f32.g, 1 / 4096, 0));
add('softmax_f32 [1024,1000]', 1024000, (m) => m.e.softmax_f32(m.f32.x, m.f32.g, 1024, 1000, 1, 0));
add('log_softmax_f32 [1024,1000]', 1024000, (m) => m.e.softmax_f32(m.f32.x, m.f32.g, 1024, 1000, 1, 1));

// the scalar-loop losses: triplet margin over [1024, 128]; CTC over [T, N, C] = [50, 16, 11] with targets of 10
add('triplet_f32 grad [1024,128]', 1024 * 128, (m) => m.e.triplet_f32(m.f32.x, m.f32.y, m.f32.p, 1024, 128, 1, 2, 1e-6, 0, 0, 0, m.f32.g, m.f32.l, m.f32.w, 1 / 1024, 0));
const ctcN = 16, ctcT = 50, ctcC = 11, ctcS = 10;
for (const m of mods) {
  const ints = new Int32Array(m.e.memory.buffer, m.t, 4 * ctcN * ctcS);
  for (let i = 0; i < ctcN * ctcS; i++) ints[i] = 1 + (i * 7) % (ctcC - 1);
  for (let n = 0; n < ctcN; n++) { ints[ctcN * ctcS + n] = n * ctcS; ints[2 * ctcN * ctcS + n] = ctcT; ints[3 * ctcN * ctcS + n] = ctcS; }
}
add('ctc_f32 grad [50,16,11]', ctcT * ctcN * ctcC, (m) => m.e.ctc_f32(m.f32.x, m.t, m.t + 4 * ctcN * ctcS, m.t + 8 * ctcN * ctcS,
  m.t + 12 * ctcN * ctcS, ctcT, ctcN, ctcC, 0, 0, m.f32.g, m.f32.l, m.f32.w, m.f64.l, 2 * ctcS + 1));

const median = (a) => { const s = [...a].sort((p, q) => p - q); return s[s.length >> 1]; };
console.log('workload'.padEnd(40), 'old ns/el', 'new ns/el', 'new/old', 'per-round', 'old min', 'new min', 'new/old');
for (const { label, elems, call } of work) {
  // repetitions for about 2 ms per measurement
  for (const m of mods) for (let i = 0; i < 3; i++) call(m);
  const t0 = performance.now(); call(mods[0]);
  const reps = Math.max(1, Math.round(2 / Math.max(performance.now() - t0, 1e-3)));
  const ts = [[], []];
  for (let r = 0; r < ROUNDS; r++) {
    for (const k of r & 1 ? [1, 0] : [0, 1]) {
      const s = performance.now();
      for (let i = 0; i < reps; i++) call(mods[k]);
      ts[k].push((performance.now() - s) * 1e6 / reps / elems);
    }
  }
  const [a, b] = ts.map(median);
  // also the median of each round's ratio: neighbouring measurements share the machine's load of the moment
  const ratio = median(ts[0].map((t, r) => ts[1][r] / t));
  // and the fastest rounds: on a shared machine, the ones that ran without being preempted
  const [c, d] = ts.map((t) => Math.min(...t));
  console.log(label.padEnd(40), a.toFixed(3).padStart(9), b.toFixed(3).padStart(9), (b / a).toFixed(3).padStart(7),
    ratio.toFixed(3).padStart(9), c.toFixed(3).padStart(7), d.toFixed(3).padStart(7), (d / c).toFixed(3).padStart(7));
}
