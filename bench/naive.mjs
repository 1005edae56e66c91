// What a user would write without losskit: straightforward JS, loss and gradient in separate loops, a new
// gradient array per call, Math.* functions. Each returns { loss, grad } for the mean reduction.
/** log Σ exp over row r (max-subtracted, as anyone would write it), and the max. */
function rowLse(x, o, C) {
  let m = -Infinity;
  for (let c = 0; c < C; c++) m = Math.max(m, x[o + c]);
  let sum = 0;
  for (let c = 0; c < C; c++) sum += Math.exp(x[o + c] - m);
  return { m, sum };
}

export const naive = {
  mseLoss(x, y) {
    const n = x.length;
    let s = 0;
    for (let i = 0; i < n; i++) s += (x[i] - y[i]) ** 2;
    const grad = new x.constructor(n);
    for (let i = 0; i < n; i++) grad[i] = (2 * (x[i] - y[i])) / n;
    return { loss: s / n, grad };
  },
  l1Loss(x, y) {
    const n = x.length;
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(x[i] - y[i]);
    const grad = new x.constructor(n);
    for (let i = 0; i < n; i++) grad[i] = Math.sign(x[i] - y[i]) / n;
    return { loss: s / n, grad };
  },
  binaryCrossEntropy(x, y) {
    const n = x.length;
    let s = 0;
    for (let i = 0; i < n; i++) s -= y[i] * Math.max(Math.log(x[i]), -100) + (1 - y[i]) * Math.max(Math.log(1 - x[i]), -100);
    const grad = new x.constructor(n);
    for (let i = 0; i < n; i++) grad[i] = (x[i] - y[i]) / Math.max(x[i] * (1 - x[i]), 1e-12) / n;
    return { loss: s / n, grad };
  },
  binaryCrossEntropyWithLogits(x, y) {
    const n = x.length;
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.max(x[i], 0) - x[i] * y[i] + Math.log1p(Math.exp(-Math.abs(x[i])));
    const grad = new x.constructor(n);
    for (let i = 0; i < n; i++) grad[i] = (1 / (1 + Math.exp(-x[i])) - y[i]) / n;
    return { loss: s / n, grad };
  },
  hingeLoss(x, y) {
    const n = x.length, binary = y.every((v) => v === 0 || v === 1);
    const t = binary ? y.map((v) => 2 * v - 1) : y;
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.max(1 - t[i] * x[i], 0);
    const grad = new x.constructor(n);
    for (let i = 0; i < n; i++) grad[i] = (1 - t[i] * x[i] > 0 ? -t[i] : 0) / n;
    return { loss: s / n, grad };
  },
  crossEntropy(x, t, N, C) {
    const grad = new x.constructor(N * C);
    let s = 0;
    for (let r = 0; r < N; r++) {
      const { m, sum } = rowLse(x, r * C, C);
      s += Math.log(sum) + m - x[r * C + t[r]];
      for (let c = 0; c < C; c++) grad[r * C + c] = Math.exp(x[r * C + c] - m) / sum / N;
      grad[r * C + t[r]] -= 1 / N;
    }
    return { loss: s / N, grad };
  },
  nllLoss(x, t, N, C) {
    const grad = new x.constructor(N * C);
    let s = 0;
    for (let r = 0; r < N; r++) {
      s -= x[r * C + t[r]];
      grad[r * C + t[r]] = -1 / N;
    }
    return { loss: s / N, grad };
  },
  // Keras's categorical focal loss from logits (alpha 0.25, gamma 2), index targets; gradient by hand
  categoricalFocalLoss(x, t, N, C) {
    const grad = new x.constructor(N * C);
    let s = 0;
    for (let r = 0; r < N; r++) {
      const o = r * C, { m, sum } = rowLse(x, o, C);
      const lp = x[o + t[r]] - m - Math.log(sum), p = Math.exp(lp), q = 1 - p;
      s += 0.25 * q ** 2 * -lp;
      const u = 0.25 * (2 * q * p * lp - q ** 2);
      for (let c = 0; c < C; c++) grad[o + c] = -(Math.exp(x[o + c] - m) / sum) * u / N;
      grad[o + t[r]] += u / N;
    }
    return { loss: s / N, grad };
  },
};

/** Keras's dice per row of [N, C]: 1 - 2·Σ x·y / (Σ y + Σ x + 1e-7), its mean and gradient. */
function diceRows(x, y, N, C, withGrad) {
  const grad = withGrad ? new x.constructor(N * C) : null;
  let s = 0;
  for (let r = 0; r < N; r++) {
    let p = 0, sx = 0, sy = 0;
    for (let c = r * C; c < (r + 1) * C; c++) { p += x[c] * y[c]; sx += x[c]; sy += y[c]; }
    const D = sy + sx + 1e-7;
    s += 1 - (2 * p) / D;
    if (grad) for (let c = r * C; c < (r + 1) * C; c++) grad[c] = ((2 * p) / (D * D) - (2 * y[c]) / D) / N;
  }
  return { loss: s / N, grad };
}
naive.diceLoss = (x, y, N, C) => diceRows(x, y, N, C, true);

// The forward pass alone, as simply written.
export const naiveForward = {
  mseLoss(x, y) { let s = 0; for (let i = 0; i < x.length; i++) s += (x[i] - y[i]) ** 2; return s / x.length; },
  l1Loss(x, y) { let s = 0; for (let i = 0; i < x.length; i++) s += Math.abs(x[i] - y[i]); return s / x.length; },
  binaryCrossEntropy: (x, y) => naive.binaryCrossEntropy(x, y).loss,
  binaryCrossEntropyWithLogits(x, y) {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += Math.max(x[i], 0) - x[i] * y[i] + Math.log1p(Math.exp(-Math.abs(x[i])));
    return s / x.length;
  },
  hingeLoss: (x, y) => naive.hingeLoss(x, y).loss,
  crossEntropy(x, t, N, C) {
    let s = 0;
    for (let r = 0; r < N; r++) {
      const { m, sum } = rowLse(x, r * C, C);
      s += Math.log(sum) + m - x[r * C + t[r]];
    }
    return s / N;
  },
  nllLoss(x, t, N) { let s = 0; for (let r = 0; r < N; r++) s -= x[r * (x.length / N) + t[r]]; return s / N; },
  categoricalFocalLoss: (x, t, N, C) => naive.categoricalFocalLoss(x, t, N, C).loss,
  diceLoss: (x, y, N, C) => diceRows(x, y, N, C, false).loss,
};
