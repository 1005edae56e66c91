// Loss and gradient curves over the prediction for one target, and how MSE and L1 react to an outlier.
// Every number comes from losskit: one call with reduction 'none' evaluates a whole curve.
import * as lk from 'losskit';
import { lineChart } from './plot.js';

const POINTS = 241;

// domain: the prediction's range; param: the option a slider sets; grad: the gradient chart's y range; target:
// the target a loss starts at (default 0 for real-valued losses, else 1).
export const LOSSES = {
  mseLoss: {
    label: 'MSE', domain: 'real',
    story: 'Loss (x − y)², gradient 2(x − y): the gradient shrinks to zero as the prediction nears the target, so steps slow down near the optimum, and it grows with the error, so a far-off sample (an outlier) pulls hardest.',
  },
  l1Loss: {
    label: 'L1', domain: 'real',
    story: 'Loss |x − y|, gradient sign(x − y): the gradient stays ±1 however close the prediction is (no slowing down near the optimum), and an outlier pulls no harder than any other sample, so L1 is less moved by outliers.',
  },
  huberLoss: {
    label: 'Huber', domain: 'real', param: { name: 'delta', min: 0.1, max: 3, step: 0.1, value: 1 },
    story: 'Quadratic within δ of the target, linear beyond: MSE’s gentle landing near the optimum, with L1’s gradient bounded by δ for outliers.',
  },
  smoothL1Loss: {
    label: 'Smooth L1', domain: 'real', param: { name: 'beta', min: 0, max: 3, step: 0.1, value: 1 },
    story: 'Huber divided by β: quadratic within β, then the L1 line with gradient ±1. β = 0 is exactly L1.',
  },
  logCoshLoss: {
    label: 'Log-cosh', domain: 'real',
    story: 'log(cosh(x − y)), Keras’s log_cosh: about (x − y)²/2 near the target and |x − y| − log 2 far from it, like Huber but smooth everywhere; its gradient tanh(x − y) is bounded by 1, so an outlier pulls no harder than any other sample.',
  },
  meanAbsolutePercentageError: {
    label: 'MAPE', domain: 'real', target: 1,
    story: '100·|y − x| / max(|y|, 1e-7), Keras’s mean_absolute_percentage_error: L1 measured in percent of the target, so the same miss costs ten times more on a target ten times smaller, and a target of 0 costs 10⁹·|x|. Its gradient ±100/|y| never shrinks near the optimum.',
  },
  meanSquaredLogarithmicError: {
    label: 'MSLE', domain: 'real', target: 1,
    story: '(log(1 + x) − log(1 + y))², Keras’s mean_squared_logarithmic_error: MSE on a log scale, so it weighs ratios rather than differences and forgives overshooting more than undershooting. Predictions below 1e-7 count as 1e-7: the curve is flat there, with gradient 0.',
  },
  hingeLoss: {
    label: 'Hinge', domain: 'logit',
    story: 'max(1 − y·x, 0), Keras’s hinge, on a score x with target ±1 (a call whose targets are all 0 or 1 reads them as 2y − 1, so here 0 means −1): nothing to pay once the score is on the right side by a margin of 1, linear otherwise; the gradient −y drops to 0 at the margin (0 at the kink itself).',
  },
  squaredHingeLoss: {
    label: 'Squared hinge', domain: 'logit',
    story: 'max(1 − y·x, 0)², Keras’s squared_hinge: the hinge squared, so its gradient −2y·max(1 − y·x, 0) fades smoothly to 0 at the margin instead of jumping, and large violations cost quadratically.',
  },
  binaryCrossEntropy: {
    label: 'BCE', domain: 'probability', grad: [-12, 12],
    story: 'On a probability p: −[y log p + (1 − y) log(1 − p)]. The loss grows without bound as a confident prediction turns out wrong (PyTorch clamps each log at −100), and the gradient blows up near 0 and 1.',
  },
  binaryCrossEntropyWithLogits: {
    label: 'BCE with logits', domain: 'logit',
    story: 'The same loss on a raw score z, p = σ(z), computed stably: the gradient σ(z) − y stays within [−1, 1] and is never NaN, while the loss grows linearly for confident mistakes.',
  },
};

const RANGES = { real: [-3, 3], probability: [0.01, 0.99], logit: [-6, 6] };

/** The x grid of a curve: around the target for real-valued losses, the domain otherwise. */
function grid(domain, target) {
  const [a, b] = domain === 'real' ? [target - 3, target + 3] : RANGES[domain];
  return Float64Array.from({ length: POINTS }, (_, i) => a + ((b - a) * i) / (POINTS - 1));
}

/** Loss and gradient per point: d loss_i / d x_i, from one fused call with reduction 'none'. */
export function curve(fn, xs, target, opts = {}) {
  const r = lk[fn + 'WithGrad'](xs, new Float64Array(xs.length).fill(target), { ...opts, reduction: 'none' });
  return { loss: r.loss, grad: r.grad };
}

export function setupCurves(root) {
  const $ = (s) => root.querySelector(s);
  const select = $('#curve-loss'), target = $('#curve-target'), pred = $('#curve-pred'), param = $('#curve-param');
  for (const [fn, l] of Object.entries(LOSSES)) select.append(new Option(l.label, fn));

  const configure = () => {
    const l = LOSSES[select.value];
    const real = l.domain === 'real';
    Object.assign(target, real ? { min: -2, max: 2, step: 0.05 } : { min: 0, max: 1, step: 0.05 });
    target.value = String(l.target ?? (real ? 0 : 1));
    const [a, b] = real ? [-3, 3] : RANGES[l.domain];
    Object.assign(pred, { min: a, max: b, step: l.domain === 'probability' ? 0.01 : 0.05 });
    pred.value = String(real ? 1.5 : l.domain === 'logit' ? -2 : 0.2);
    $('#curve-param-row').hidden = !l.param;
    if (l.param) {
      Object.assign(param, { min: l.param.min, max: l.param.max, step: l.param.step });
      param.value = String(l.param.value);
      $('#curve-param-name').textContent = l.param.name;
    }
    $('#curve-story').textContent = l.story;
    draw();
  };

  const draw = () => {
    const fn = select.value, l = LOSSES[fn];
    const t = Number(target.value), p = Number(pred.value);
    const opts = l.param ? { [l.param.name]: Number(param.value) } : {};
    const xs = grid(l.domain, t);
    const { loss, grad } = curve(fn, xs, t, opts);
    const at = curve(fn, Float64Array.of(p), t, opts);
    const marker = [{ x: t, cls: 'target', label: `target ${t}` }];
    if (p >= xs[0] && p <= xs[xs.length - 1]) marker.push({ x: p, cls: 'pred', label: 'prediction', row: 1 });
    lineChart($('#curve-loss-chart'), { xs, series: [{ ys: loss, cls: 'loss', label: 'loss' }], markers: marker, points: [{ x: p, y: at.loss[0], cls: 'pred' }], xLabel: 'prediction', yLabel: 'loss' });
    lineChart($('#curve-grad-chart'), { xs, series: [{ ys: grad, cls: 'grad', label: 'gradient' }], markers: marker, points: [{ x: p, y: at.grad[0], cls: 'pred' }], xLabel: 'prediction', yLabel: 'd loss / d prediction', yRange: l.grad });
    $('#curve-target-value').textContent = t.toFixed(2);
    $('#curve-pred-value').textContent = p.toFixed(3);
    $('#curve-param-value').textContent = Number(param.value).toFixed(1);
    $('#curve-at-loss').textContent = at.loss[0].toFixed(4);
    $('#curve-at-grad').textContent = at.grad[0].toFixed(4);
  };

  select.addEventListener('change', configure);
  for (const input of [target, pred, param]) input.addEventListener('input', draw);
  configure();
  setupOutlier(root);
}

// Outliers: the constant prediction that minimises the mean loss over a small data set with one outlier.
const INLIERS = [0.7, 0.85, 0.95, 1.0, 1.05, 1.2];

/** Mean loss of every candidate constant c over the data, from one batched call. */
export function meanLossPerCandidate(fn, candidates, data) {
  const n = data.length, inputs = new Float64Array(candidates.length * n), targets = new Float64Array(candidates.length * n);
  candidates.forEach((c, i) => { inputs.fill(c, i * n, (i + 1) * n); targets.set(data, i * n); });
  const each = lk[fn](inputs, targets, { reduction: 'none' });
  return candidates.map((_, i) => each.subarray(i * n, (i + 1) * n).reduce((s, v) => s + v, 0) / n);
}

function setupOutlier(root) {
  const $ = (s) => root.querySelector(s);
  const slider = $('#outlier');
  const draw = () => {
    const data = [...INLIERS, Number(slider.value)];
    const hi = Math.max(...data) + 0.5;
    const cs = Array.from({ length: Math.round((hi + 0.5) * 100) + 1 }, (_, i) => -0.5 + i / 100); // steps of 0.01
    const best = {};
    const series = ['mseLoss', 'l1Loss'].map((fn) => {
      const m = meanLossPerCandidate(fn, cs, data);
      const i = m.indexOf(Math.min(...m));
      best[fn] = cs[i];
      const top = Math.max(...m);
      return { ys: m.map((v) => v / top), cls: fn === 'mseLoss' ? 'loss' : 'grad', label: `${LOSSES[fn].label} (scaled)` };
    });
    lineChart($('#outlier-chart'), {
      xs: cs, series, xLabel: 'constant prediction c', yLabel: 'mean loss / its maximum', yRange: [0, 1.05],
      markers: [
        { x: best.mseLoss, cls: 'loss', label: `MSE best ${best.mseLoss.toFixed(2)}` },
        { x: best.l1Loss, cls: 'grad', label: `L1 best ${best.l1Loss.toFixed(2)}`, row: 1 },
      ],
      points: data.map((x) => ({ x, y: 0, cls: 'data', r: 3.5 })),
    });
    const mean = data.reduce((s, v) => s + v, 0) / data.length;
    const median = [...data].sort((a, b) => a - b)[(data.length - 1) / 2];
    $('#outlier-value').textContent = Number(slider.value).toFixed(1);
    $('#outlier-mse').textContent = best.mseLoss.toFixed(2);
    $('#outlier-l1').textContent = best.l1Loss.toFixed(2);
    $('#outlier-mean').textContent = mean.toFixed(2);
    $('#outlier-median').textContent = median.toFixed(2);
  };
  slider.addEventListener('input', draw);
  draw();
}
