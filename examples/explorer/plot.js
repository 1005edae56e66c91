// Plain-SVG charts for the explorer: line charts with axes, signed bar charts, histograms. Each draws into
// an <svg> with a viewBox, so it scales with the page's width.
const NS = 'http://www.w3.org/2000/svg';
const W = 480, H = 260, M = { left: 52, right: 12, top: 14, bottom: 36 };

function el(tag, attrs = {}, text) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function reset(svg, label) {
  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
}

/** About n round tick values covering [lo, hi]. */
export function ticks(lo, hi, n = 5) {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / n, mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((s) => s * mag).find((s) => s >= raw);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

const fmtTick = (v) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(0) : String(+v.toPrecision(4)));

function frame(svg, x0, x1, y0, y1, xLabel, yLabel, xTicks = true) {
  const sx = (x) => M.left + ((x - x0) / (x1 - x0 || 1)) * (W - M.left - M.right);
  const sy = (y) => H - M.bottom - ((y - y0) / (y1 - y0 || 1)) * (H - M.top - M.bottom);
  const g = svg.appendChild(el('g', { class: 'axes' }));
  for (const t of ticks(y0, y1)) {
    g.append(el('line', { x1: M.left, x2: W - M.right, y1: sy(t), y2: sy(t), class: t === 0 ? 'zero' : 'grid' }));
    g.append(el('text', { x: M.left - 6, y: sy(t) + 4, 'text-anchor': 'end' }, fmtTick(t)));
  }
  for (const t of xTicks ? ticks(x0, x1, 6) : []) {
    g.append(el('line', { x1: sx(t), x2: sx(t), y1: M.top, y2: H - M.bottom, class: t === 0 ? 'zero' : 'grid' }));
    g.append(el('text', { x: sx(t), y: H - M.bottom + 16, 'text-anchor': 'middle' }, fmtTick(t)));
  }
  if (xLabel) g.append(el('text', { x: (M.left + W - M.right) / 2, y: H - 4, 'text-anchor': 'middle', class: 'label' }, xLabel));
  if (yLabel) g.append(el('text', { x: 12, y: M.top + 4, class: 'label' }, yLabel));
  return { sx, sy };
}

function extent(arrays, pad = 0.05) {
  let lo = Infinity, hi = -Infinity;
  for (const a of arrays) for (const v of a) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (lo === Infinity) return [0, 1];
  const p = (hi - lo || 1) * pad;
  return [lo - p, hi + p];
}

/**
 * Lines over a shared x: series [{ ys, cls, label }], optional vertical markers [{ x, cls, label }] and
 * points [{ x, y, cls }].
 */
export function lineChart(svg, { xs, series, markers = [], points = [], xLabel, yLabel, yRange }) {
  reset(svg, `${yLabel ?? ''} over ${xLabel ?? ''}`);
  const [y0, y1] = yRange ?? extent(series.map((s) => s.ys));
  const { sx, sy } = frame(svg, xs[0], xs[xs.length - 1], y0, y1, xLabel, yLabel);
  const clip = (y) => Math.min(Math.max(y, y0), y1);
  for (const s of series) {
    let d = '';
    for (let i = 0; i < xs.length; i++) {
      if (!Number.isFinite(s.ys[i])) continue;
      d += `${d ? 'L' : 'M'}${sx(xs[i]).toFixed(1)},${sy(clip(s.ys[i])).toFixed(1)}`;
    }
    svg.append(el('path', { d, class: `line ${s.cls}`, 'data-series': s.label }));
  }
  for (const m of markers) {
    svg.append(el('line', { x1: sx(m.x), x2: sx(m.x), y1: M.top, y2: H - M.bottom, class: `marker ${m.cls}` }));
    if (m.label) svg.append(el('text', { x: sx(m.x) + 4, y: M.top + 26 + (m.row ?? 0) * 14, class: `marker-label ${m.cls}` }, m.label));
  }
  for (const p of points) svg.append(el('circle', { cx: sx(p.x), cy: sy(clip(p.y)), r: p.r ?? 4, class: `point ${p.cls}` }));
  legend(svg, series);
}

function legend(svg, series) {
  let x = W - M.right;
  for (const s of [...series].reverse()) {
    const t = el('text', { x, y: M.top + 10, 'text-anchor': 'end', class: `legend ${s.cls}` }, s.label);
    svg.append(t);
    x -= 14 + 8 * s.label.length;
  }
}

/** Bars for labelled values; signed values grow from zero. `fmt` labels each bar. */
export function barChart(svg, { labels, values, cls = () => '', fmt = (v) => v.toFixed(3), yLabel, highlight = -1 }) {
  reset(svg, yLabel ?? 'bar chart');
  const lo = Math.min(0, ...values), hi = Math.max(0, ...values);
  const [y0, y1] = lo === hi ? [0, 1] : [lo - (hi - lo) * 0.08 * (lo < 0), hi + (hi - lo) * 0.12];
  const bw = (W - M.left - M.right) / values.length;
  const { sy } = frame(svg, 0, 1, y0, y1, '', yLabel, false);
  values.forEach((v, i) => {
    const x = M.left + i * bw + bw * 0.15, top = sy(Math.max(v, 0)), bottom = sy(Math.min(v, 0));
    svg.append(el('rect', { x, y: top, width: bw * 0.7, height: Math.max(bottom - top, 0.5), class: `bar ${cls(i, v)}${i === highlight ? ' highlight' : ''}`, 'data-value': v }));
    svg.append(el('text', { x: x + bw * 0.35, y: (v >= 0 ? top - 4 : bottom + 12), 'text-anchor': 'middle', class: 'bar-value' }, fmt(v)));
    svg.append(el('text', { x: x + bw * 0.35, y: H - M.bottom + 16, 'text-anchor': 'middle', class: 'bar-label' }, labels[i]));
  });
}

/** A histogram of values in `bins` equal bins. */
export function histogram(svg, values, bins = 20, xLabel = '') {
  reset(svg, `histogram of ${xLabel}`);
  const [lo, hi0] = extent([values], 0);
  const hi = hi0 > lo ? hi0 : lo + 1;
  const counts = new Array(bins).fill(0);
  for (const v of values) if (Number.isFinite(v)) counts[Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins))]++;
  const { sx, sy } = frame(svg, lo, hi, 0, Math.max(...counts) * 1.1 || 1, xLabel, 'samples');
  counts.forEach((c, i) => {
    const x0 = sx(lo + (i / bins) * (hi - lo)), x1 = sx(lo + ((i + 1) / bins) * (hi - lo));
    svg.append(el('rect', { x: x0 + 0.5, y: sy(c), width: Math.max(x1 - x0 - 1, 0.5), height: sy(0) - sy(c), class: 'bar hist', 'data-count': c }));
  });
  return counts;
}

/**
 * A reliability diagram: per confidence bin, a bar up to the bin's accuracy, a tick at its mean confidence and
 * its sample count above both; the dashed diagonal is perfect calibration (the page's caption says so, which
 * keeps the plot free of a legend that would collide with the counts). `bins` as losskit's reliabilityDiagram
 * returns; the axis labels name what the bins hold (binary: the probability of 1 and the fraction of 1s).
 */
export function reliabilityChart(svg, bins, { xLabel = 'confidence', yLabel = 'accuracy' } = {}) {
  reset(svg, `reliability diagram: ${yLabel} against ${xLabel} per bin`);
  const { sx, sy } = frame(svg, 0, 1, 0, 1.1, xLabel, yLabel);
  svg.append(el('line', { x1: sx(0), y1: sy(0), x2: sx(1), y2: sy(1), class: 'diagonal' }));
  for (const b of bins) {
    const x0 = sx(b.lower) + 1, w = Math.max(sx(b.upper) - sx(b.lower) - 2, 0.5);
    const data = { 'data-lower': b.lower, 'data-count': b.count, 'data-accuracy': b.accuracy, 'data-confidence': b.confidence };
    if (b.count === 0) {
      svg.append(el('rect', { x: x0, y: sy(0), width: w, height: 0, class: 'bar reliability empty', ...data }));
      continue;
    }
    svg.append(el('rect', { x: x0, y: sy(b.accuracy), width: w, height: Math.max(sy(0) - sy(b.accuracy), 0.5), class: 'bar reliability', ...data }));
    svg.append(el('line', { x1: x0, x2: x0 + w, y1: sy(b.confidence), y2: sy(b.confidence), class: 'conf-tick' }));
    svg.append(el('text', { x: x0 + w / 2, y: sy(Math.max(b.accuracy, b.confidence)) - 6, 'text-anchor': 'middle', class: 'bar-value count' }, String(b.count)));
  }
}
