// Calibration from a tally's confidence bins: the per-bin table and its l1 / l2 / max gap.
import type { Tally } from './tally.js';
import type { CalibrationNorm, ReliabilityBin } from './types.js';

/** Each equal-width bin: its edges, rows, mean confidence and accuracy (NaN when empty). */
export function reliabilityTable(tally: Tally): ReliabilityBin[] {
  const bins = tally.binCount.length;
  const table: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const count = tally.binCount[b];
    table.push({
      lower: b / bins,
      upper: (b + 1) / bins,
      count,
      confidence: tally.binConfidence[b] / count,
      accuracy: tally.binCorrect[b] / count,
    });
  }
  return table;
}

/** l1 = Σ (n_b/N)·|acc_b - conf_b|, l2 = its root mean square, max = the largest gap of a non-empty bin. NaN over no rows. */
export function calibrationGap(tally: Tally, norm: CalibrationNorm): number {
  if (tally.count === 0) return NaN;
  let total = 0;
  for (let b = 0; b < tally.binCount.length; b++) {
    const n = tally.binCount[b];
    if (n === 0) continue;
    const gap = Math.abs(tally.binCorrect[b] - tally.binConfidence[b]) / n;
    if (norm === 'max') total = Math.max(total, gap);
    else total += (n / tally.count) * (norm === 'l1' ? gap : gap * gap);
  }
  return norm === 'l2' ? Math.sqrt(total) : total;
}
