// The `losskit` command line, run as a user runs it (the built bin in a child process) on files written by the
// formats' own writers (tools/gen-cli-fixtures.py: numpy, the safetensors layout, csv/json; tools/gen-cli-arrow.py:
// pyarrow), against PyTorch and scikit-learn (test/fixtures/cli/expected.json).
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, CLI, FIXTURES, json, run } from './helpers/cli.js';

const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'losskit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Relative closeness: the references are float64 on the stored values, as the CLI computes by default. */
function close(got: Record<string, unknown>, want: Record<string, unknown>, keys: string[], tol = 1e-12): void {
  for (const k of keys) {
    expect(got[k], k).toBeTypeOf('number');
    expect(Math.abs((got[k] as number) - (want[k] as number)), k).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want[k] as number)));
  }
}

const npyFloat64 = (path: string): Float64Array => {
  const bytes = readFileSync(path);
  const header = bytes.readUInt16LE(8) + 10;
  expect(bytes.subarray(10, header).toString('latin1')).toContain("'descr': '<f8'");
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset + header, bytes.byteOffset + bytes.length));
};

describe('every format gives the references', () => {
  const multiclass = ['count', 'loss', 'accuracy', 'topK', 'perplexity'];
  const metrics = ['--metrics', 'accuracy,topK,perplexity', '--top-k', '3'];
  it.each([
    ['.npy float32 and int64', 'logits.npy', 'labels.npy'],
    ['.npy float64', 'logits-f64.npy', 'labels.npy'],
    ['.npz stored', 'preds-stored.npz:logits', 'preds-stored.npz:labels'],
    ['.npz deflated', 'preds-deflated.npz:logits', 'preds-deflated.npz:labels'],
    ['.safetensors', 'preds.safetensors:logits', 'preds.safetensors:labels'],
    ['Arrow IPC, LZ4_FRAME, FixedSizeList', 'preds.arrow:logits', 'preds.arrow:label'],
    ['Arrow IPC, ZSTD, List', 'preds-zstd.arrow:ragged', 'preds-zstd.arrow:label'],
    ['Parquet', 'preds.parquet:logits', 'preds.parquet:label'],
    ['CSV, every column but the target', 'preds.csv', 'preds.csv:label'],
    ['CSV, named columns', 'preds.csv:c0,c1,c2,c3,c4', 'preds.csv:label'],
    ['JSON lines, arrays and objects', 'preds.jsonl', 'labels.jsonl:label'],
  ])('%s', async (_, input, target) => {
    const got = await json(['score', '--input', input, '--target', target, ...metrics]);
    expect(Object.keys(got).sort()).toEqual([...multiclass].sort());
    close(got, expected.multiclass, multiclass);
  });

  it('weights and label smoothing of the loss (PyTorch cross_entropy), perplexity unweighted', async () => {
    const got = await json(['score', '--input', 'logits.npy', '--target', 'labels.npy', '--weight', 'weight.npy', '--label-smoothing', '0.1']);
    close(got, expected.weighted, ['count', 'loss', 'accuracy', 'perplexity']);
  });

  it('[B, T, V] float16 language-model logits with --class-dim -1, from .npy and .safetensors', async () => {
    for (const input of ['lm-logits.npy', 'preds.safetensors:lm']) {
      close(await json(['score', '--input', input, '--target', 'lm-labels.npy', '--class-dim', '-1']), expected.lm, ['count', 'loss', 'accuracy', 'perplexity']);
    }
  });

  it('binary: one logit per 0/1 target (BCE with logits, accuracy, AUROC)', async () => {
    const got = await json(['score', '--input', 'binary-logits.npy', '--target', 'binary-labels.npy', '--metrics', 'accuracy,auroc']);
    close(got, expected.binary, ['count', 'loss', 'accuracy', 'auroc']);
    // binned (--thresholds): exact for probabilities rounded to multiples of 1/T, so near the exact value for a large T
    const binned = await json(['score', '--input', 'binary-logits.npy', '--target', 'binary-labels.npy', '--metrics', 'auroc', '--thresholds', '100000']);
    expect(Math.abs(binned.auroc - expected.binary.auroc)).toBeLessThan(1e-3);
    const coarse = await json(['score', '--input', 'binary-logits.npy', '--target', 'binary-labels.npy', '--metrics', 'auroc', '--thresholds', '3']);
    expect(Math.abs(coarse.auroc - expected.binary.auroc)).toBeGreaterThan(1e-3); // (3 bins: ties, so not the exact value)
  });

  it('float targets: mseLoss by default, any element-wise loss of the registry by --loss', async () => {
    close(await json(['score', '--input', 'pred.npy', '--target', 'truth.npy']), expected.regression, ['loss']);
    expect((await json(['score', '--input', 'pred.npy', '--target', 'truth.npy', '--loss', 'huberLoss'])).loss).toBeCloseTo(expected.regression.huber, 14);
  });

  it('--dtype float32 computes in float32: near the float64 references, not equal to the float64 run', async () => {
    const args = ['score', '--input', 'logits.npy', '--target', 'labels.npy', '--weight', 'weight.npy', '--label-smoothing', '0.1'];
    const f32 = await json([...args, '--dtype', 'float32']);
    close(f32, expected.weighted, ['count', 'accuracy', 'perplexity', 'loss'], 1e-6);
    expect(f32.loss).not.toBe((await json(args)).loss);
  });

  it('the table names the loss and every metric', async () => {
    const r = await cli(['score', '--input', 'logits.npy', '--target', 'labels.npy']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/count\s+46\n/);
    expect(r.stdout).toMatch(/loss\s+2\.823947\s+\(crossEntropy, mean\)/);
    expect(r.stdout).toMatch(/accuracy\s+0\.1956522/);
    expect(r.stderr).toBe('');
  });
});

describe('--per-sample', () => {
  it('writes one float64 loss per row (ignored rows 0), as reduction none', async () => {
    const out = join(dir, 'per-sample.npy');
    expect((await cli(['score', '--input', 'logits.npy', '--target', 'labels.npy', '--per-sample', out, '--chunk-rows', '10'])).status).toBe(0);
    const got = npyFloat64(out);
    expect(got.length).toBe(48);
    got.forEach((v, i) => expect(Math.abs(v - expected.multiclass.perSample[i])).toBeLessThan(1e-12));
    expect(got[3]).toBe(0);
  });

  it('a failed run leaves no file, not even the temporary one', async () => {
    const out = join(dir, 'failed.npy');
    const r = await cli(['score', '--input', 'logits.npy', '--target', 'bad-labels.npy', '--per-sample', out, '--chunk-rows', '4']);
    expect(r.status).toBe(1);
    expect(readdirSync(dir).filter((f) => f.startsWith('failed'))).toEqual([]);
  });
});

describe('shards, states and threads', () => {
  const args = ['score', '--input', 'logits.npy', '--target', 'labels.npy', '--metrics', 'accuracy,perplexity,auroc,confusionMatrix', '--chunk-rows', '7'];

  it('three shards merged equal the unsharded run (sums within float64 rounding, counts exactly)', async () => {
    const states = [0, 1, 2].map((i) => join(dir, `shard-${i}.json`));
    for (const [i, s] of states.entries()) expect((await cli([...args, '--shard', `${i}/3`, '--state', s])).status).toBe(0);
    const merged = await cli(['merge', ...states, '--json']);
    expect(merged.status).toBe(0);
    const whole = await json(args), got = JSON.parse(merged.stdout);
    expect(got.count).toBe(whole.count);
    expect(got.confusionMatrix).toEqual(whole.confusionMatrix);
    close(got, whole, ['loss', 'accuracy', 'perplexity', 'auroc'], 1e-14);
    close(got, expected.multiclass, ['count', 'loss', 'accuracy', 'perplexity']);
  });

  it('shard i/n scores rows [floor(iN/n), floor((i+1)N/n))', async () => {
    const state = join(dir, 'range.json');
    await cli([...args, '--shard', '1/5', '--state', state]);
    expect(JSON.parse(readFileSync(state, 'utf8')).range).toEqual([9, 19]);
  });

  it('a missing shard is warned about; states of other options do not merge', async () => {
    const a = join(dir, 'a.json'), b = join(dir, 'b.json');
    await cli([...args, '--shard', '0/2', '--state', a]);
    await cli(['score', '--input', 'logits.npy', '--target', 'labels.npy', '--shard', '1/2', '--state', b]);
    expect((await cli(['merge', a])).stderr).toContain('warning: the states cover 24 of 48 rows');
    expect((await cli(['merge', a, '--quiet'])).stderr).toBe('');
    const r = await cli(['merge', a, b]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${b}: was scored with other options than ${a}`);
  });

  it('--threads 2 is bit-identical to --threads 1 (result and per-sample file)', async () => {
    const runs = [];
    for (const t of ['1', '2']) {
      const out = join(dir, `threads-${t}.npy`);
      const r = await cli([...args, '--threads', t, '--per-sample', out, '--json']);
      expect(r.status).toBe(0);
      runs.push({ stdout: r.stdout, bytes: readFileSync(out) });
    }
    expect(runs[1].stdout).toBe(runs[0].stdout);
    expect(runs[1].bytes.equals(runs[0].bytes)).toBe(true);
  });
});

describe('errors name the file and the problem; exit code 2 for the command line, 1 for a file', () => {
  const io = ['--input', 'logits.npy', '--target', 'labels.npy'];
  it.each([
    [2, ['score', ...io, '--metric', 'accuracy'], "unknown flag --metric (did you mean '--metrics'?)"],
    [2, ['score', ...io, '--metrics', 'acuracy'], "--metrics: unknown metric 'acuracy' (did you mean 'accuracy'?)"],
    [2, ['score', ...io, '--loss', 'crossEntropi'], "--loss: unknown loss 'crossEntropi' (did you mean 'crossEntropy'?)"],
    [2, ['score', ...io, '--loss', 'ctcLoss'], "--loss: unknown loss 'ctcLoss'"],
    [2, ['score', ...io, '--top-k', '0'], "--top-k: expected an integer >= 1, got '0'"],
    [2, ['score', ...io, '--class-dim', '2'], "--class-dim: expected 1 or -1, got '2'"],
    [2, ['score', ...io, '--ignore-index=-1.5'], "--ignore-index: expected an integer, got '-1.5'"],
    [2, ['score', ...io, '--label-smoothing', '2'], "--label-smoothing: expected a number in [0, 1], got '2'"],
    [2, ['score', ...io, '--threads', 'many'], "--threads: expected an integer >= 1, got 'many'"],
    [2, ['score', ...io, '--shard', '3/3'], "--shard: expected i/n with 0 <= i < n"],
    [2, ['score', '--target', 'labels.npy'], '--input FILE is required'],
    [2, ['score', '--input', 'logits.txt', '--target', 'labels.npy'], "logits.txt: unknown format '.txt'"],
    [2, ['score', '--input', 'pred.npy', '--target', 'truth.npy', '--label-smoothing', '0.1'], '--label-smoothing does not apply to mseLoss'],
    [2, ['frobnicate'], "unknown command 'frobnicate'"],
    [2, ['merge'], 'merge: name the state files'],
    [1, ['score', '--input', 'missing.npy', '--target', 'labels.npy'], 'missing.npy: no such file'],
    [1, ['score', '--input', 'corrupt.npy', '--target', 'labels.npy'], 'corrupt.npy: has a corrupt .npy header'],
    [1, ['score', '--input', 'logits-fortran.npy', '--target', 'labels.npy'], 'logits-fortran.npy: is in Fortran order'],
    [1, ['score', '--input', 'objects.npy', '--target', 'labels.npy'], 'objects.npy: holds an object array'],
    [1, ['score', '--input', 'logits.npy', '--target', 'binary-labels.npy'], 'binary-labels.npy: has 40 values (shape [40]), which fit neither the 48 rows nor the 240 values of logits.npy'],
    [1, ['score', '--input', 'logits.npy', '--target', 'bad-labels.npy', '--chunk-rows', '4'], 'bad-labels.npy: row 7: class index 5 is out of range [0, 5)'],
    [1, ['score', '--input', 'logits.npy', '--target', 'labels.npy', '--shape', '48,4'], 'logits.npy: --shape [48, 4] has 192 values, the file 240'],
    [1, ['score', '--input', 'logits.npy', '--target', 'labels.npy', '--weight', 'logits-c4.npy'], 'logits-c4.npy: has 192 weights; crossEntropy over 5 classes needs 5'],
    [1, ['score', '--input', 'preds-stored.npz:nope', '--target', 'labels.npy'], "preds-stored.npz:nope: no array 'nope' in the .npz (it holds logits, labels)"],
    [1, ['score', '--input', 'preds.safetensors:nope', '--target', 'labels.npy'], "preds.safetensors:nope: no tensor 'nope'"],
    [1, ['score', '--input', 'preds.parquet:nope', '--target', 'labels.npy'], "preds.parquet:nope: no column 'nope'"],
    [1, ['score', '--input', 'preds.csv:c9', '--target', 'preds.csv:label'], "preds.csv:c9: no column 'c9'"],
    [1, ['score', '--input', 'preds.csv:id,c1', '--target', 'preds.csv:label'], "preds.csv:id,c1: row 0, column 'id': 'r0' is not a number"],
    [1, ['score', '--input', 'corrupt.npy:a', '--target', 'corrupt.npy:b', '--format', 'parquet'], 'corrupt.npy:b: is not a readable Parquet file'],
    [1, ['merge', 'missing.json'], 'missing.json: no such file'],
    [1, ['merge', 'expected.json'], 'expected.json: is not a state written by losskit score --state'],
    [1, ['score', ...io, '--per-sample', '/nonexistent-dir/out.npy'], '/nonexistent-dir/out.npy: cannot be written'],
  ])('exit %i: %j', async (code, args, message) => {
    const r = await cli(args as string[]);
    expect(r.status).toBe(code);
    expect(r.stderr).toContain(`losskit: ${message}`);
    expect(r.stdout).toBe('');
  });

  it.each(['1', '2'])("a loss's domain error names the file and the row (of the whole file, not the chunk), --threads %s", async (threads) => {
    const r = await cli(['score', '--input', 'binary-logits.npy', '--target', 'binary-labels.npy', '--loss', 'binaryCrossEntropy', '--shard', '1/2', '--chunk-rows', '3', '--threads', threads]);
    expect(r.status).toBe(1);
    const row = Number(/^losskit: binary-logits\.npy: row (\d+): (-?[\d.]+) is not a probability/.exec(r.stderr)?.[1]);
    expect(row).toBeGreaterThanOrEqual(20);
    // the row it names holds the value it names
    const value = Number(/row \d+: (-?[\d.e-]+)/.exec(r.stderr)![1]);
    const bytes = readFileSync(join(FIXTURES, 'binary-logits.npy'));
    const stored = new Float32Array(bytes.buffer.slice(bytes.byteOffset + 128, bytes.byteOffset + bytes.length));
    expect(stored[row]).toBe(value);
  });

  it('negative values in both forms', async () => {
    const a = await json(['score', '--input', 'lm-logits.npy', '--target', 'lm-labels.npy', '--class-dim', '-1', '--ignore-index', '-100']);
    const b = await json(['score', '--input', 'lm-logits.npy', '--target', 'lm-labels.npy', '--class-dim=-1', '--ignore-index=-100']);
    expect(b).toEqual(a);
  });

  it('--help for each command', async () => {
    expect((await cli(['score', '--help'])).stdout).toContain('losskit score --input FILE[:KEY] --target FILE[:KEY]');
    expect((await cli(['merge', '--help'])).stdout).toContain('losskit merge STATE.json...');
  });
});

describe('progress', () => {
  const args = ['score', '--input', 'logits.npy', '--target', 'labels.npy', '--chunk-rows', '5'];
  /** The run under a pseudo-terminal (script -q), its output as the terminal shows it. */
  const onTerminal = async (extra: string[]): Promise<string> => {
    const command = [process.execPath, CLI, ...args, ...extra].map((a) => `'${a}'`).join(' ');
    const r = await run('script', ['-q', '-e', '-c', command, '/dev/null']);
    expect(r.status).toBe(0);
    return r.stdout;
  };

  it('on a terminal: rows done of total, rows/s, ETA on one redrawn line; the final state drawn, ending the line', async () => {
    const out = await onTerminal([]);
    expect(out).toMatch(/\r\x1b\[K48 \/ 48 rows \(100\.0%\)\s+[\d,]+ rows\/s\s+ETA [\d.]+s\r?\n/);
  });

  it('--quiet silences it on a terminal; a pipe gets none; --progress forces it', async () => {
    expect(await onTerminal(['--quiet'])).not.toContain('rows/s');
    expect((await cli(args)).stderr).toBe('');
    expect((await cli([...args, '--progress'])).stderr).toMatch(/48 \/ 48 rows.*\n$/);
  });
});

it('npm start: the embedded sample, scored and shown', async () => {
  const r = await cli(['score', '--sample']);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('$ losskit score --input logits.npy --target labels.npy');
  expect(r.stdout).toMatch(/count\s+256\n/);
});

describe('streaming', () => {
  it('a 262 MB .npy is scored in bounded memory (the child\'s own peak resident size)', async () => {
    // [65536, 1000] float32 written 4 MB at a time: this process never holds the file (a child's peak RSS
    // starts from its parent's resident size at spawn)
    const N = 65536, C = 1000, block = 1024;
    const input = join(dir, 'big.npy'), target = join(dir, 'big-labels.npy');
    const header = (descr: string, shape: string): Buffer => {
      const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`.padEnd(117, ' ') + '\n';
      return Buffer.concat([Buffer.from([0x93]), Buffer.from('NUMPY'), Buffer.from([1, 0, 118, 0]), Buffer.from(dict)]);
    };
    const fd = openSync(input, 'w');
    writeSync(fd, header('<f4', `(${N}, ${C})`));
    const rows = new Float32Array(block * C);
    for (let r = 0; r < N; r += block) {
      for (let i = 0; i < rows.length; i++) rows[i] = ((i * 7919 + r) % 1000) / 250 - 2;
      writeSync(fd, new Uint8Array(rows.buffer));
    }
    closeSync(fd);
    const labels = Int32Array.from({ length: N }, (_, i) => (i * 31) % C);
    const fdl = openSync(target, 'w');
    writeSync(fdl, header('<i4', `(${N},)`));
    writeSync(fdl, new Uint8Array(labels.buffer));
    closeSync(fdl);
    const r = await cli(['score', '--input', input, '--target', target, '--json'], ['--import', join(FIXTURES, '..', '..', 'helpers', 'max-rss.mjs')]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).count).toBe(N);
    const maxRssMb = Number(/maxRSS (\d+)/.exec(r.stderr)![1]) / 1024;
    expect(maxRssMb).toBeLessThan(200); // the file alone is 262 MB; read whole, float64 twice that
    expect(existsSync(input)).toBe(true);
  }, 120_000);
});
