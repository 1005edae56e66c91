// `losskit score --sample` (npm start): the package's own example predictions, written as .npy files to a
// temporary directory and scored as a user's files would be, printing the command it runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scoreArgs, type ScoreArgs } from './args.js';
import { NpyWriter } from './output.js';
import { score } from './score.js';

const ROWS = 256, CLASSES = 10;

/** A classifier's logits that are right about 70% of the time, and the labels (a fixed pseudo-random sequence). */
function examplePredictions(): { logits: Float64Array; labels: Float64Array } {
  let seed = 14;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const logits = new Float64Array(ROWS * CLASSES), labels = new Float64Array(ROWS);
  for (let r = 0; r < ROWS; r++) {
    labels[r] = Math.floor(random() * CLASSES);
    for (let c = 0; c < CLASSES; c++) logits[r * CLASSES + c] = 2 * random() - 1;
    logits[r * CLASSES + labels[r]] += 2 * random() + 0.3;
  }
  return { logits, labels };
}

function writeNpy(path: string, values: Float64Array, rows: number): void {
  const w = new NpyWriter(path);
  w.append(values);
  w.finish(rows);
}

export async function sample(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'losskit-sample-')), home = process.cwd();
  try {
    const { logits, labels } = examplePredictions();
    writeNpy(join(dir, 'logits.npy'), logits, ROWS);
    writeNpy(join(dir, 'labels.npy'), labels, ROWS);
    const argv = ['--input', 'logits.npy', '--target', 'labels.npy',
      '--metrics', 'accuracy,topK,perplexity,calibrationError,brierScore', '--top-k', '3', '--label-smoothing', '0.1'];
    process.stdout.write(`$ losskit score ${argv.join(' ')}\n\n`);
    process.chdir(dir);
    await score(scoreArgs(argv) as ScoreArgs);
  } finally {
    process.chdir(home);
    rmSync(dir, { recursive: true, force: true });
  }
}
