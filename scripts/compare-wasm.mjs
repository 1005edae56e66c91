// Bit-identity check between two builds of the module: runs every export on the same random data (sizes,
// optional arguments, special values) in both and compares the returned totals and every byte written.
// Elements that differ only in NaN sign or payload are counted apart: V8's two tiers may give different NaN
// bits for the same code, so run with `node --no-liftoff` (and `--liftoff-only`) for an exact comparison.
// Usage: node [--no-liftoff] scripts/compare-wasm.mjs old.wasm [new.wasm = build/losskit.wasm]
import { readFileSync } from 'node:fs';

const [oldPath, newPath = new URL('../build/losskit.wasm', import.meta.url)] = process.argv.slice(2);
if (!oldPath) throw new Error('usage: node scripts/compare-wasm.mjs old.wasm [new.wasm]');
async function load(p) {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536 }); // imported by new builds, ignored by old ones
  const { instance } = await WebAssembly.instantiate(readFileSync(p), { env: { memory, abort() { throw new Error('abort'); } } });
  return { memory, ...instance.exports };
}
const mods = [await load(oldPath), await load(newPath)];
const REGION = 1 << 22; // bytes of buffers per call
for (const e of mods) e.memory.grow(Math.ceil((e.heap_base() + REGION + 65536) / 65536));

// Deterministic random numbers (mulberry32).
let seed = 12345;
function rnd() {
  seed = (seed + 0x6D2B79F5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 1, 88, -88, 1e4, -1e4];
const pick = (a) => a[Math.floor(rnd() * a.length)];
/** n values from a profile: uniform ranges, binary/±1 targets, or a mix with special values. */
function values(n, profile) {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    switch (profile) {
      case 'sym': a[i] = rnd() * 6 - 3; break;
      case 'unit': a[i] = rnd(); break;
      case 'bin': a[i] = rnd() < 0.5 ? 0 : 1; break;
      case 'pm1': a[i] = rnd() < 0.5 ? -1 : 1; break;
      case 'wide': a[i] = (rnd() * 2 - 1) * 200; break;
      default: a[i] = rnd() < 0.2 ? pick(SPECIAL) : rnd() * 6 - 3;
    }
  }
  return a;
}

let failures = 0, calls = 0, nanOnly = 0;
const nanSeen = new Map();
/**
 * One call in both modules. bufs: [kind, data or length] with kind 'f' (dtype floats), 'i' (int32), 'o'
 * (output of dtype floats, length), 'oi'/'ob' (int32 or byte scratch, length), or null for a 0 pointer;
 * args(ptrs) gives the argument list.
 */
function run(label, fn, dt, bufs, args) {
  const size = dt === 'f32' ? 4 : 8;
  const results = [];
  for (const e of mods) {
    let off = (e.heap_base() + 63) & ~63;
    const start = off;
    const ptrs = [];
    const mem = new Uint8Array(e.memory.buffer);
    for (const b of bufs) {
      if (b === null) { ptrs.push(0); continue; }
      const [kind, v] = b;
      const len = typeof v === 'number' ? v : v.length;
      const bytes = kind === 'f' || kind === 'o' ? len * size : kind === 'ob' ? len : len * 4;
      const at = off;
      ptrs.push(at);
      if (kind === 'f') (dt === 'f32' ? new Float32Array(e.memory.buffer, off, len) : new Float64Array(e.memory.buffer, off, len)).set(v);
      else if (kind === 'i') new Int32Array(e.memory.buffer, off, len).set(v);
      else mem.fill(0xA5, at, at + bytes); // outputs and scratch start from a pattern
      off = (at + bytes + 16 + 63) & ~63; // a gap after each buffer, checked too
      mem.fill(0x5A, at + bytes, off);
    }
    const r = e[`${fn}`](...args(ptrs));
    results.push({ r, bytes: mem.slice(start, off) });
  }
  calls++;
  const [a, b] = results;
  // NaN sign and payload are not specified by wasm (they may differ between V8's tiers): a NaN matches any NaN
  const bits = (r) => (Number.isNaN(r) ? 'NaN' : typeof r === 'number' ? new BigUint64Array(new Float64Array([r]).buffer)[0] : r);
  const same = bits(a.r) === bits(b.r);
  let diff = -1;
  if (a.bytes.length !== b.bytes.length) diff = 0;
  else {
    const fa = dt === 'f32' ? new Float32Array(a.bytes.buffer) : new Float64Array(a.bytes.buffer);
    const fb = dt === 'f32' ? new Float32Array(b.bytes.buffer) : new Float64Array(b.bytes.buffer);
    for (let i = 0; i < a.bytes.length; i++) {
      if (a.bytes[i] === b.bytes[i]) continue;
      const k = Math.floor(i / size);
      if (Number.isNaN(fa[k]) && Number.isNaN(fb[k])) { nanOnly++; if (process.env.SHOWNAN) nanSeen.set(label.split(" ")[0], (nanSeen.get(label.split(" ")[0]) ?? 0) + 1); i = (k + 1) * size - 1; continue; }
      diff = i; break;
    }
  }
  if (!same || diff >= 0) {
    failures++;
    if (failures <= 20) console.log('DIFF', label, same ? '' : `total ${a.r} vs ${b.r}`, diff >= 0 ? `byte ${diff}` : '');
  }
}

const SIZES = [0, 1, 3, 7, 64, 255, 256, 257, 1000, 4099];
const periodOf = (n) => (n % 10 === 0 && n > 10 ? 10 : n % 8 === 0 && n > 8 ? 8 : n === 255 ? 5 : n === 257 ? 1 : n === 3 ? 3 : 1);
const POINT = {
  mse: ['sym', 'sym', [[0, 0]]], l1: ['mix', 'sym', [[0, 0]]], bce: ['unit', 'bin', [[0, 0], [0.1, 0]]],
  bce_logits: ['sym', 'bin', [[0, 0], [0.1, 0]]], huber: ['sym', 'sym', [[1, 0], [0.5, 0]]],
  smooth_l1: ['sym', 'sym', [[1, 0], [0.3, 0]]], soft_margin: ['wide', 'pm1', [[0, 0]]],
  hinge_embedding: ['sym', 'pm1', [[1, 0], [0.5, 0]]], kl_div: ['sym', 'unit', [[0, 0]]], kl_div_log: ['sym', 'sym', [[0, 0]]],
  poisson_log: ['sym', 'unit', [[0, 0]]], poisson_rate: ['unit', 'unit', [[1e-8, 0]]],
  focal: ['sym', 'bin', [[0.25, 2], [-1, 0], [0.5, 1.5]]], margin_ranking: ['sym', 'sym', [[0, 0], [0.5, 0]]],
};
for (const dt of ['f32', 'f64']) {
  for (const [op, [px, py, params]] of Object.entries(POINT)) {
    for (const n of SIZES) {
      const p = periodOf(n);
      for (const prof of ['dom', 'mix']) {
        const x = values(n, prof === 'mix' ? 'mix' : px), y = values(n, prof === 'mix' ? 'mix' : py);
        const wv = { full: values(n, 'unit'), short: values(p, 'unit') };
        const pwv = op === 'margin_ranking' ? { full: values(n, 'pm1'), short: values(p, 'pm1') } : { full: values(n, 'wide'), short: values(p, 'unit') };
        const gov = values(n, prof === 'mix' ? 'mix' : 'sym');
        for (const wk of ['none', 'full', 'short']) for (const pk of op === 'margin_ranking' ? ['full', 'short'] : ['none', 'full', 'short']) {
          for (const hasGo of [false, true]) for (const out of [0, 1, 2, 3]) for (const [prm, prm2] of params) {
            const per = wk === 'short' || pk === 'short' ? p : hasGo && rnd() < 0.3 ? p : n;
            const scale = rnd() < 0.5 ? 1 / Math.max(n, 1) : 0.37;
            run(`${op}_${dt} n=${n} ${prof} w=${wk} pw=${pk} go=${hasGo} out=${out} period=${per}`, `${op}_${dt}`, dt,
              [['f', x], ['f', y], wk === 'none' ? null : ['f', wv[wk]], pk === 'none' ? null : ['f', pwv[pk]], hasGo ? ['f', gov] : null,
                out & 1 ? ['o', n] : null, out & 2 ? ['o', n] : null],
              (q) => [q[0], q[1], q[2], wk === 'full' ? 1 : 0, q[3], pk === 'full' ? 1 : 0, q[4], n, per, q[5], q[6], scale, prm, prm2]);
          }
        }
      }
    }
  }
  for (const fn of ['sigmoid', 'log_sigmoid']) for (const n of SIZES) for (const prof of ['wide', 'mix']) {
    run(`${fn}_${dt} n=${n} ${prof}`, `${fn}_${dt}`, dt, [['f', values(n, prof)], ['o', n]], (q) => [q[0], q[1], n]);
  }
  for (const fn of ['exp_map', 'log_map', 'log1p_map', 'expneg_map']) for (const n of [0, 4, 64, 1000]) {
    run(`${fn}_${dt} n=${n}`, `${fn}_${dt}`, dt, [['f', values(n, 'wide')], ['o', n]], (q) => [q[0], q[1], n]);
    run(`${fn}_${dt} n=${n} mix`, `${fn}_${dt}`, dt, [['f', values(n, 'mix')], ['o', n]], (q) => [q[0], q[1], n]);
  }
  for (const n of SIZES) for (const prof of ['unit', 'mix']) {
    const x = values(n, prof);
    if (n > 5 && prof === 'unit') x[n - 3] = 1.5;
    run(`first_outside01_${dt} n=${n}`, `first_outside01_${dt}`, dt, [['f', x]], (q) => [q[0], n]);
  }
  classLosses(dt);
  rowLosses(dt);
}
for (const n of SIZES) for (const C of [1, 10]) for (const hasIgnore of [0, 1]) {
  const t = Array.from({ length: n }, () => (rnd() < 0.1 ? -100 : rnd() < 0.02 ? C : Math.floor(rnd() * C)));
  run(`count_class_targets n=${n} C=${C}`, 'count_class_targets', 'f32', [['i', t]], (q) => [q[0], n, C, -100, hasIgnore]);
}

function classLosses(dt) {
  const shapes = [[1, 1, 1], [3, 2, 1], [5, 3, 1], [8, 5, 1], [9, 10, 1], [4, 63, 1], [5, 64, 1], [3, 65, 1], [2, 257, 1],
    [3, 1000, 1], [2, 3, 4], [3, 5, 5], [2, 10, 7], [2, 300, 3], [1, 4, 1]];
  for (const [N, C, D] of shapes) for (const prof of ['sym', 'mix', 'big']) {
    const size = N * C * D, rows = N * D;
    const x = prof === 'big' ? values(size, 'sym').map((v) => v * 3000) : values(size, prof);
    const t = Array.from({ length: rows }, () => (rnd() < 0.15 ? -100 : Math.floor(rnd() * C)));
    const y = values(size, 'unit'), w = values(C, 'unit'), go = values(rows, 'sym');
    for (const probs of [false, true]) for (const hasW of [false, true]) for (const eps of [0, 0.1]) for (const out of [0, 1, 2, 3]) for (const hasGo of [false, true]) {
      const scale = rnd() < 0.5 ? 1 / rows : 0.37;
      run(`cross_entropy_${dt} [${N},${C},${D}] ${prof} probs=${probs} w=${hasW} eps=${eps} out=${out} go=${hasGo}`, `cross_entropy_${dt}`, dt,
        [['f', x], probs ? null : ['i', t], probs ? ['f', y] : null, hasW ? ['f', w] : null, out & 1 ? ['o', rows] : null, out & 2 ? ['o', size] : null, hasGo ? ['f', go] : null],
        (q) => [q[0], q[1], q[2], q[3], N, C, D, -100, eps, q[4], q[5], scale, q[6]]);
      if (!probs && eps === 0) {
        run(`nll_${dt} [${N},${C},${D}] ${prof} w=${hasW} out=${out} go=${hasGo}`, `nll_${dt}`, dt,
          [['f', x], ['i', t], hasW ? ['f', w] : null, out & 1 ? ['o', rows] : null, out & 2 ? ['o', size] : null, hasGo ? ['f', go] : null],
          (q) => [q[0], q[1], q[2], N, C, D, -100, q[3], q[4], scale, q[5]]);
      }
    }
    for (const log of [0, 1]) run(`softmax_${dt} [${N},${C},${D}] ${prof} log=${log}`, `softmax_${dt}`, dt, [['f', x], ['o', size]], (q) => [q[0], q[1], N, C, D, log]);
    if (D === 1) {
      const tm = Array.from({ length: N * C }, () => Math.floor(rnd() * (C + 1)) - 1);
      for (const p2 of [0, 1]) for (const hasW of [false, true]) for (const out of [0, 1, 2, 3]) {
        run(`multi_margin_${dt} [${N},${C}] p2=${p2} w=${hasW} out=${out}`, `multi_margin_${dt}`, dt,
          [['f', x], ['i', t.map((v) => (v < 0 ? 0 : v))], hasW ? ['f', w] : null, out & 1 ? ['o', N] : null, out & 2 ? ['o', size] : null, out === 3 ? ['f', go] : null],
          (q) => [q[0], q[1], q[2], N, C, p2, 0.7, q[3], q[4], 0.5, q[5]]);
      }
      for (const out of [1, 3]) {
        run(`multilabel_margin_${dt} [${N},${C}] out=${out}`, `multilabel_margin_${dt}`, dt,
          [['f', x], ['i', tm], ['ob', C + 16], ['o', N], out & 2 ? ['o', size] : null, ['f', go]],
          (q) => [q[0], q[1], q[2], N, C, q[3], q[4], 0.5, out === 3 ? q[5] : 0]);
      }
    }
  }
}

function rowLosses(dt) {
  for (const [N, D] of [[1, 1], [3, 4], [5, 7], [4, 64], [2, 257]]) for (const prof of ['sym', 'mix']) {
    const a = values(N * D, prof), b = values(N * D, prof), c = values(N * D, 'sym');
    const yc = values(N, 'pm1'); yc[0] = 0.5;
    const go = values(N, 'sym');
    for (const out of [0, 1, 2, 3]) for (const hasGo of [false, true]) {
      run(`cosine_embedding_${dt} [${N},${D}] ${prof} out=${out}`, `cosine_embedding_${dt}`, dt,
        [['f', a], ['f', b], ['f', yc], out & 1 ? ['o', N] : null, out & 2 ? ['o', N * D] : null, out & 2 ? ['o', N * D] : null, hasGo ? ['f', go] : null],
        (q) => [q[0], q[1], q[2], N, D, 0.2, q[3], q[4], q[5], 0.5, q[6]]);
      for (const [qn, swap, cosine] of [[2, 0, 0], [1, 1, 0], [3, 0, 0], [2, 1, 1]]) {
        run(`triplet_${dt} [${N},${D}] ${prof} q=${qn} swap=${swap} cos=${cosine} out=${out}`, `triplet_${dt}`, dt,
          [['f', a], ['f', b], ['f', c], out & 1 ? ['o', N] : null, out & 2 ? ['o', N * D] : null, out & 2 ? ['o', N * D] : null, out & 2 ? ['o', N * D] : null, hasGo ? ['f', go] : null],
          (q) => [q[0], q[1], q[2], N, D, 1, qn, 1e-6, swap, cosine, q[3], q[4], q[5], q[6], 0.5, q[7]]);
      }
      for (const k of [1, D]) for (const full of [0, 1]) {
        const v = values(N * D / k, 'unit'); v[0] = 0;
        run(`gaussian_nll_${dt} [${N},${D}] k=${k} full=${full} out=${out}`, `gaussian_nll_${dt}`, dt,
          [['f', a], ['f', b], ['f', v], out & 1 ? ['o', N * D] : null, out & 2 ? ['o', N * D] : null, out & 2 ? ['o', N * D / k] : null, hasGo ? ['f', values(N * D, 'sym')] : null],
          (q) => [q[0], q[1], q[2], N * D, k, 1e-6, full, q[3], q[4], q[5], 0.5, q[6]]);
      }
    }
  }
  for (const [T, N, C, S] of [[5, 2, 4, 2], [12, 3, 6, 4], [3, 2, 3, 3]]) for (const zeroInf of [0, 1]) for (const hasGrad of [false, true]) {
    const lp = values(T * N * C, 'sym').map((v) => v - 3);
    const inLens = Array.from({ length: N }, (_, i) => (i === 0 ? T : Math.max(0, T - 1 - i)));
    const tgLens = Array.from({ length: N }, (_, i) => (i === N - 1 ? 0 : Math.min(S, 1 + i)));
    const offsets = tgLens.map((_, i) => i * S);
    const targets = Array.from({ length: N * S }, () => 1 + Math.floor(rnd() * (C - 1)));
    const width = 2 * S + 1;
    run(`ctc_${dt} T=${T} N=${N} C=${C} zi=${zeroInf} grad=${hasGrad}`, `ctc_${dt}`, dt,
      [['f', lp], ['i', targets], ['i', offsets], ['i', inLens], ['i', tgLens], ['f', values(N, 'unit')], ['o', N], hasGrad ? ['o', T * N * C] : null, ['oi', 2 * (2 * T * width + C)]],
      (q) => [q[0], q[1], q[2], q[3], q[4], T, N, C, 0, zeroInf, q[6], q[7], q[5], q[8], width]);
  }
}

console.log(`${calls} calls, ${failures} with differences (${nanOnly} elements differ only in NaN bits)`);
if (process.env.SHOWNAN) console.log(nanSeen);
process.exit(failures ? 1 : 0);
