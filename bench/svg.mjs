// A plain SVG bar chart of the loss+gradient results at 1M elements and the cross-entropy shapes:
// ns per element on a log scale, one bar per implementation.
const COLORS = ['#1b6ac9', '#6aa5e8', '#b3d0f2', '#7a7a7a', '#c2c2c2', '#e8873a', '#f2c14e', '#2e9e57', '#88d1a1'];

export function chart(results, impls) {
  const rows = results.filter(({ w }) => w.mode === 'grad' && (w.N > 1 || w.n === 1 << 20));
  const barH = 9, groupGap = 14, left = 250, width = 900, top = 40;
  const all = rows.flatMap(({ ns }) => impls.map((i) => ns[i]).filter((v) => v > 0));
  const lo = Math.floor(Math.log10(Math.min(...all, 0.1))), hi = Math.ceil(Math.log10(Math.max(...all, 10)));
  const xOf = (v) => left + ((Math.log10(v) - lo) / (hi - lo)) * (width - left - 20);
  const groupH = impls.length * barH + groupGap;
  const height = top + rows.length * groupH + 60;
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<text x="10" y="20" font-size="14">losskit loss+gradient, float32: ns per element (log scale, lower is better)</text>`];
  for (let k = lo; k <= hi; k++) {
    const x = xOf(10 ** k);
    out.push(`<line x1="${x}" y1="${top - 5}" x2="${x}" y2="${height - 50}" stroke="#ddd"/><text x="${x}" y="${height - 38}" text-anchor="middle">${10 ** k}</text>`);
  }
  rows.forEach(({ w, ns }, r) => {
    const y0 = top + r * groupH;
    out.push(`<text x="10" y="${y0 + (impls.length * barH) / 2 + 4}">${w.fn} ${w.label}</text>`);
    impls.forEach((impl, i) => {
      const v = ns[impl];
      if (!(v > 0)) return;
      out.push(`<rect x="${left}" y="${y0 + i * barH}" width="${Math.max(1, xOf(v) - left)}" height="${barH - 1}" fill="${COLORS[i % COLORS.length]}"><title>${impl}: ${v.toFixed(3)} ns</title></rect>`);
    });
  });
  impls.forEach((impl, i) => {
    const x = 10 + (i % 5) * 175, y = height - 22 + Math.floor(i / 5) * 14;
    out.push(`<rect x="${x}" y="${y - 9}" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/><text x="${x + 14}" y="${y}">${impl}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
