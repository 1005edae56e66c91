// Cross-entropy on one small class vector: editable logits, softmax bars, the per-class gradient, the
// prediction's entropy, and the worked example that tells nllLoss and crossEntropy apart.
import * as lk from 'losskit';
import { barChart } from './plot.js';

const START = [2.0, 1.0, 0.1, -1.0];
const EXAMPLE = { probs: [0.5, 0.1, 0.3], target: 2 };

/** Loss, softmax, gradient and entropy of one row of logits (all through losskit). */
export function analyse(logits, target) {
  const x = Float64Array.from(logits), shape = [1, x.length];
  const p = lk.softmax(x, { shape });
  const { loss, grad } = lk.crossEntropyWithGrad(x, Int32Array.of(target), { shape });
  // cross-entropy of the prediction with itself as the target distribution is its entropy, in nats
  const entropy = lk.crossEntropy(x, p, { shape });
  return { loss, probs: Array.from(p), grad: Array.from(grad), entropy };
}

/** The worked example: the same three numbers as log-probabilities (nllLoss) and as logits (crossEntropy). */
export function workedExample() {
  const t = Int32Array.of(EXAMPLE.target);
  return {
    nll: lk.nllLoss(Float64Array.from(EXAMPLE.probs, Math.log), t, { shape: [1, 3] }),
    ce: lk.crossEntropy(Float64Array.from(EXAMPLE.probs), t, { shape: [1, 3] }),
  };
}

export function setupClasses(root) {
  const $ = (s) => root.querySelector(s);
  const inputs = $('#ce-logits'), targetSel = $('#ce-target');
  let logits = [...START], target = 0;

  const renderInputs = () => {
    inputs.replaceChildren(...logits.map((v, i) => {
      const label = document.createElement('label');
      label.className = 'logit';
      const input = Object.assign(document.createElement('input'), { type: 'number', step: '0.1', value: String(v) });
      input.dataset.class = String(i);
      input.setAttribute('aria-label', `logit of class ${i}`);
      input.addEventListener('input', () => {
        if (input.value.trim() === '' || !Number.isFinite(Number(input.value))) return;
        logits[i] = Number(input.value);
        draw();
      });
      label.append(`class ${i}`, input);
      return label;
    }));
    targetSel.replaceChildren(...logits.map((_, i) => new Option(`class ${i}`, String(i))));
    targetSel.value = String(Math.min(target, logits.length - 1));
    target = Number(targetSel.value);
  };

  const draw = () => {
    const r = analyse(logits, target);
    const labels = logits.map((_, i) => `class ${i}`);
    barChart($('#ce-probs'), { labels, values: r.probs, yLabel: 'softmax probability', highlight: target, cls: () => 'prob' });
    barChart($('#ce-grad'), { labels, values: r.grad, yLabel: 'd loss / d logit', highlight: target, cls: (_, v) => (v < 0 ? 'neg' : 'pos'), fmt: (v) => v.toFixed(3) });
    $('#ce-loss').textContent = r.loss.toFixed(4);
    $('#ce-entropy').textContent = r.entropy.toFixed(4);
    $('#ce-max-entropy').textContent = Math.log(logits.length).toFixed(4);
  };

  targetSel.addEventListener('change', () => { target = Number(targetSel.value); draw(); });
  $('#ce-add').addEventListener('click', () => { if (logits.length < 10) { logits.push(0); renderInputs(); draw(); } });
  $('#ce-remove').addEventListener('click', () => { if (logits.length > 2) { logits.pop(); renderInputs(); draw(); } });
  $('#ce-example').addEventListener('click', () => {
    logits = [...EXAMPLE.probs];
    target = EXAMPLE.target;
    renderInputs();
    draw();
  });

  const w = workedExample();
  $('#ex-nll').textContent = w.nll.toFixed(4);
  $('#ex-ce').textContent = w.ce.toFixed(4);
  renderInputs();
  draw();
}
