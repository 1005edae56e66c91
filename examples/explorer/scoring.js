// Scoring a file of predictions and targets: parse CSV or JSON, choose a loss, and see the mean loss, the
// histogram of per-sample losses and the worst samples; a classifier's file (class scores, or one probability
// or logit per sample with 0/1 targets) also gets accuracy, top-k, perplexity, calibration error, the Brier score
// and a reliability diagram. Bad data gets losskit's own error message.
import * as lk from 'losskit';
import { histogram, reliabilityChart } from './plot.js';

export const SCORERS = {
  mseLoss: { label: 'MSE', kind: 'pointwise' },
  l1Loss: { label: 'L1', kind: 'pointwise' },
  huberLoss: { label: 'Huber (δ = 1)', kind: 'pointwise' },
  binaryCrossEntropy: { label: 'BCE (probabilities)', kind: 'pointwise' },
  binaryCrossEntropyWithLogits: { label: 'BCE with logits', kind: 'pointwise' },
  crossEntropy: { label: 'Cross-entropy (logits per class)', kind: 'classes' },
  nllLoss: { label: 'NLL (log-probabilities per class)', kind: 'classes' },
};
const TARGET_NAMES = ['target', 'label', 'y', 'class'];
const WORST = 10;
const BINS = 10;

const numeric = (s) => s.trim() !== '' && Number.isFinite(Number(s));

/** CSV: a header naming a target column (else the last column is the target); every other column predicts. */
export function parseCsv(text) {
  const rows = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l) => l.split(/[,;\t]/));
  if (rows.length === 0) throw new Error('the file has no rows');
  const header = rows[0].some((c) => !numeric(c)) ? rows.shift().map((c) => c.trim().toLowerCase()) : null;
  const width = (header ?? rows[0]).length;
  if (width < 2) throw new Error('expected at least two columns: prediction(s) and target');
  const named = header ? header.findIndex((h) => TARGET_NAMES.includes(h)) : -1;
  const ti = named >= 0 ? named : width - 1;
  return fromRows(rows.map((r, i) => {
    if (r.length !== width) throw new Error(`line ${i + (header ? 2 : 1)}: ${r.length} columns, expected ${width}`);
    const bad = r.findIndex((c) => !numeric(c));
    if (bad >= 0) throw new Error(`line ${i + (header ? 2 : 1)}, column ${bad + 1}: "${r[bad]}" is not a number`);
    const v = r.map(Number);
    return { prediction: v.filter((_, j) => j !== ti), target: v[ti] };
  }));
}

/** JSON: { predictions, targets } or [{ prediction, target }]; a prediction is a number or a row of scores. */
export function parseJson(text) {
  const d = JSON.parse(text);
  const rows = Array.isArray(d) ? d : Array.isArray(d?.predictions) && Array.isArray(d?.targets)
    ? (d.predictions.length === d.targets.length ? d.predictions.map((p, i) => ({ prediction: p, target: d.targets[i] }))
      : fail(`${d.predictions.length} predictions but ${d.targets.length} targets`))
    : fail('expected { "predictions": [...], "targets": [...] } or [{ "prediction": ..., "target": ... }]');
  return fromRows(rows.map((r, i) => {
    const p = [r?.prediction].flat();
    if (!p.every(Number.isFinite) || !Number.isFinite(r?.target)) fail(`sample ${i}: prediction and target must be numbers`);
    return { prediction: p, target: r.target };
  }));
}

function fail(msg) {
  throw new Error(msg);
}

function fromRows(rows) {
  if (rows.length === 0) throw new Error('the file has no samples');
  const c = rows[0].prediction.length;
  if (rows.some((r) => r.prediction.length !== c)) throw new Error('every sample needs the same number of predictions');
  const predictions = new Float64Array(rows.length * c);
  rows.forEach((r, i) => predictions.set(r.prediction, i * c));
  return { n: rows.length, classes: c, predictions, targets: rows.map((r) => r.target) };
}

/** The loss a data set most likely wants. */
export function suggest(data) {
  if (data.classes > 1) return 'crossEntropy';
  const unit = data.predictions.every((v) => v >= 0 && v <= 1) && data.targets.every((t) => t === 0 || t === 1);
  return unit ? 'binaryCrossEntropy' : 'mseLoss';
}

/** Per-sample losses and the mean, through losskit. */
export function score(data, fn) {
  const s = SCORERS[fn];
  if (s.kind === 'pointwise' && data.classes !== 1) {
    throw new Error(`${s.label} compares one prediction per sample; this file has ${data.classes} per sample (try cross-entropy)`);
  }
  let targets;
  if (s.kind === 'classes') {
    const bad = data.targets.findIndex((t) => !Number.isInteger(t));
    if (bad >= 0) throw new Error(`sample ${bad}: a class target must be an integer, got ${data.targets[bad]}`);
    targets = Int32Array.from(data.targets);
  } else {
    targets = Float64Array.from(data.targets);
  }
  const opts = s.kind === 'classes' ? { shape: [data.n, data.classes] } : {};
  const losses = lk[fn](data.predictions, targets, { ...opts, reduction: 'none' });
  return { losses, mean: lk[fn](data.predictions, targets, { ...opts, reduction: 'mean' }) };
}

/** Which metrics a file supports: class scores with class-index targets, or one score per sample with 0/1 targets. */
function classifierLayout(data) {
  const t = data.targets;
  if (data.classes > 1) return t.every((v) => Number.isInteger(v) && v >= 0 && v < data.classes) ? { task: 'multiclass' } : null;
  if (!t.every((v) => v === 0 || v === 1)) return null;
  // probabilities when every prediction lies in [0, 1], logits otherwise
  return { task: 'binary', probabilities: data.predictions.every((v) => v >= 0 && v <= 1) };
}

/** Rows of non-negative scores summing to 1 are probabilities: their logs are log-probabilities, which softmax maps back. */
function asLogits(data) {
  const c = data.classes, p = data.predictions;
  for (let i = 0; i < data.n; i++) {
    let sum = 0;
    for (let j = 0; j < c; j++) { if (p[i * c + j] < 0) return { scores: p, probabilities: false }; sum += p[i * c + j]; }
    if (Math.abs(sum - 1) > 1e-6) return { scores: p, probabilities: false };
  }
  return { scores: p.map((v) => Math.log(Math.max(v, 1e-12))), probabilities: true };
}

/** Accuracy, top-k, perplexity, calibration error, Brier score and the reliability bins through losskit, or null. */
export function classifierMetrics(data) {
  const layout = classifierLayout(data);
  if (!layout) return null;
  const multi = layout.task === 'multiclass';
  const { scores, probabilities } = multi ? asLogits(data) : { scores: data.predictions, probabilities: layout.probabilities };
  const opts = { ...layout, shape: multi ? [data.n, data.classes] : [data.n], bins: BINS };
  const topK = multi && data.classes > 2 ? Math.min(3, data.classes - 1) : undefined;
  const targets = Int32Array.from(data.targets);
  return {
    ...lk.classificationMetrics(scores, targets, { ...opts, topK }),
    k: topK, probabilities, bins: lk.reliabilityDiagram(scores, targets, opts),
  };
}

function showClassifier($, data) {
  const m = classifierMetrics(data);
  $('#score-classifier').hidden = !m;
  if (!m) return;
  $('#metric-accuracy').textContent = m.accuracy.toFixed(4);
  $('#metric-topk-box').hidden = m.k === undefined;
  if (m.k !== undefined) {
    $('#metric-topk-label').textContent = `top-${m.k} accuracy`;
    $('#metric-topk').textContent = m.topK.toFixed(4);
  }
  $('#metric-perplexity').textContent = m.perplexity.toPrecision(5);
  $('#metric-ece').textContent = m.calibrationError.toFixed(4);
  $('#metric-brier').textContent = m.brierScore.toFixed(4);
  const read = data.classes > 1 ? (m.probabilities ? 'rows summing to 1, read as probabilities' : 'scores read as logits')
    : m.probabilities ? 'one probability per sample' : 'one logit per sample';
  $('#score-reading').textContent = `${read}; calibration error over ${BINS} equal-width bins.`;
  // binary bins hold the predicted probability of 1 and the fraction of 1s; multiclass ones the top class's
  const axes = data.classes > 1 ? { xLabel: 'confidence', yLabel: 'accuracy' } : { xLabel: 'predicted probability of 1', yLabel: 'fraction of 1s' };
  reliabilityChart($('#score-reliability'), m.bins, axes);
  $('#key-bar').textContent = axes.yLabel;
  $('#key-tick').textContent = axes.xLabel;
}

/** A sample file: a binary classifier's probabilities, mostly right, a few confidently wrong. */
export function sampleCsv(n = 500) {
  let s = 7;
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const lines = ['prediction,target'];
  for (let i = 0; i < n; i++) {
    const y = rand() < 0.5 ? 1 : 0;
    const confident = rand() < 0.04 ? 1 - y : y; // a few confident mistakes
    const p = Math.min(0.999, Math.max(0.001, 0.5 + (confident ? 1 : -1) * (0.1 + 0.39 * rand())));
    lines.push(`${p.toFixed(3)},${y}`);
  }
  return lines.join('\n');
}

export function setupScoring(root) {
  const $ = (s) => root.querySelector(s);
  const select = $('#score-loss'), drop = $('#score-drop'), file = $('#score-file');
  for (const [fn, s] of Object.entries(SCORERS)) select.append(new Option(s.label, fn));
  let data = null, name = '';

  const show = () => {
    $('#score-error').textContent = '';
    $('#score-results').hidden = true;
    $('#score-classifier').hidden = true;
    if (!data) return;
    try {
      const { losses, mean } = score(data, select.value);
      $('#score-name').textContent = name;
      $('#score-n').textContent = String(data.n);
      $('#score-mean').textContent = mean.toPrecision(5);
      histogram($('#score-hist'), losses, 24, 'per-sample loss');
      showClassifier($, data);
      const order = Array.from(losses.keys()).sort((a, b) => losses[b] - losses[a]).slice(0, WORST);
      $('#score-worst').replaceChildren(...order.map((i, rank) => {
        const tr = document.createElement('tr');
        const p = data.predictions.subarray(i * data.classes, (i + 1) * data.classes);
        for (const v of [rank + 1, i, [...p].map((x) => +x.toPrecision(4)).join(', '), data.targets[i], losses[i].toPrecision(5)]) {
          tr.append(Object.assign(document.createElement('td'), { textContent: String(v) }));
        }
        return tr;
      }));
      $('#score-results').hidden = false;
    } catch (e) {
      $('#score-error').textContent = e instanceof lk.LosskitError ? `losskit: ${e.message}` : String(e.message ?? e);
    }
  };

  const load = (text, fileName) => {
    name = fileName;
    try {
      data = /\.json$/i.test(fileName) || /^\s*[[{]/.test(text) ? parseJson(text) : parseCsv(text);
      select.value = suggest(data);
      show();
    } catch (e) {
      data = null;
      show();
      $('#score-error').textContent = `${fileName}: ${e.message}`;
    }
  };

  select.addEventListener('change', show);
  file.addEventListener('change', async () => { if (file.files[0]) load(await file.files[0].text(), file.files[0].name); });
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', async (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const f = e.dataTransfer?.files[0];
    if (f) load(await f.text(), f.name);
  });
  $('#score-sample').addEventListener('click', () => load(sampleCsv(), 'sample.csv'));
}
