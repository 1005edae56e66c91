// The command line of `losskit score` and `losskit merge`: node's util.parseArgs, with negative numbers as
// values (`--class-dim -1` as well as `--ignore-index=-100`), unknown flags answered with the nearest known
// one, and every value checked here (exit code 2) before any file is opened.
import { availableParallelism } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { suggestion } from '../metrics/stream.js';
import { STREAM_METRICS } from '../metrics/stream.js';
import type { StreamMetricName } from '../metrics/types.js';
import type { LossName } from '../losses/registry.js';
import { usageError } from './errors.js';
import { FORMATS, type Format } from './formats/index.js';
import { SCORING_LOSSES } from './losses.js';

type Options = NonNullable<ParseArgsConfig['options']>;

const SCORE_OPTIONS = {
  input: { type: 'string' }, target: { type: 'string' }, format: { type: 'string' },
  loss: { type: 'string' }, metrics: { type: 'string' }, 'top-k': { type: 'string' }, bins: { type: 'string' }, thresholds: { type: 'string' },
  'ignore-index': { type: 'string' }, 'label-smoothing': { type: 'string' }, weight: { type: 'string' },
  shape: { type: 'string' }, 'class-dim': { type: 'string' }, dtype: { type: 'string' }, probabilities: { type: 'boolean' },
  json: { type: 'boolean' }, 'per-sample': { type: 'string' }, 'chunk-rows': { type: 'string' }, threads: { type: 'string' },
  shard: { type: 'string' }, state: { type: 'string' }, progress: { type: 'boolean' }, quiet: { type: 'boolean' },
  sample: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

const MERGE_OPTIONS = {
  json: { type: 'boolean' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export interface ScoreArgs {
  readonly input: string;
  readonly target: string;
  readonly format: Format | undefined;
  /** undefined: chosen from the files (crossEntropy, binaryCrossEntropyWithLogits or mseLoss). */
  readonly loss: LossName | undefined;
  /** undefined: accuracy and perplexity for class scores, none for element-wise predictions. */
  readonly metrics: StreamMetricName[] | undefined;
  readonly topK: number;
  readonly bins: number | undefined;
  /** Binned AUROC / average precision (memory independent of the rows); undefined: exact. */
  readonly thresholds: number | undefined;
  readonly ignoreIndex: number;
  readonly labelSmoothing: number | undefined;
  readonly weight: string | undefined;
  readonly shape: number[] | undefined;
  readonly classLast: boolean;
  readonly dtype: 'float32' | 'float64';
  readonly probabilities: boolean;
  readonly json: boolean;
  readonly perSample: string | undefined;
  /** undefined: about 2M elements per chunk. */
  readonly chunkRows: number | undefined;
  readonly threads: number;
  readonly shard: { index: number; count: number } | undefined;
  readonly state: string | undefined;
  readonly progress: boolean;
  readonly quiet: boolean;
}

export interface MergeArgs {
  readonly states: string[];
  readonly json: boolean;
  readonly quiet: boolean;
}

const NEGATIVE = /^-\d/;

/** `--flag -1` → `--flag=-1` for the flags that take a value (parseArgs reads '-1' as a flag otherwise). */
function joinNegatives(argv: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith('--') ? argv[i].slice(2) : '';
    if (options[name]?.type === 'string' && NEGATIVE.test(argv[i + 1] ?? '')) out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

function parse(argv: readonly string[], options: Options, positionals: boolean): ReturnType<typeof parseArgs> {
  try {
    return parseArgs({ args: joinNegatives(argv, options), options, strict: true, allowPositionals: positionals });
  } catch (err) {
    const flag = /'(-[^']*)'/.exec((err as Error).message)?.[1];
    if ((err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag !== undefined) {
      const known = Object.keys(options).map((k) => `--${k}`);
      throw usageError(`unknown flag ${flag}${suggestion(flag.replace(/=.*/, ''), known)}; see --help`);
    }
    throw usageError((err as Error).message);
  }
}

/** A number option: `check` says what it must be. */
function numberOf(flag: string, v: string | undefined, ok: (n: number) => boolean, what: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !ok(n)) throw usageError(`--${flag}: expected ${what}, got '${v}'`);
  return n;
}
const intAtLeast = (flag: string, v: string | undefined, min: number): number | undefined =>
  numberOf(flag, v, (n) => Number.isInteger(n) && n >= min, `an integer >= ${min}`);

function oneOf<T extends string>(flag: string, v: string | undefined, known: readonly T[], noun = flag): T | undefined {
  if (v === undefined || known.includes(v as T)) return v as T | undefined;
  throw usageError(`--${flag}: unknown ${noun} '${v}'${suggestion(v, known)}; known: ${known.join(', ')}`);
}

function threadsOf(v: string | undefined): number {
  if (v === 'auto') return availableParallelism();
  return intAtLeast('threads', v, 1) ?? 1;
}

function shardOf(v: string | undefined): ScoreArgs['shard'] {
  if (v === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(v);
  const index = Number(m?.[1]), count = Number(m?.[2]);
  if (!m || count < 1 || index >= count) throw usageError(`--shard: expected i/n with 0 <= i < n (e.g. 0/4), got '${v}'`);
  return { index, count };
}

function metricsOf(v: string | undefined): StreamMetricName[] | undefined {
  if (v === undefined) return undefined;
  const names = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw usageError('--metrics: expected a comma-separated list of metric names');
  return names.map((n) => oneOf('metrics', n, STREAM_METRICS, 'metric')!);
}

function shapeOf(v: string | undefined): number[] | undefined {
  if (v === undefined) return undefined;
  const dims = v.replace(/^\[|\]$/g, '').split(/[,x]/).map((d) => Number(d.trim()));
  if (dims.length === 0 || !dims.every((d) => Number.isInteger(d) && d >= 0)) throw usageError(`--shape: expected dimensions like 1024,1000, got '${v}'`);
  return dims;
}

export function scoreArgs(argv: readonly string[]): ScoreArgs | 'help' | 'sample' {
  const { values: o } = parse(argv, SCORE_OPTIONS, false) as { values: Record<string, string | boolean | undefined> };
  if (o.help) return 'help';
  if (o.sample) return 'sample';
  const s = (k: string): string | undefined => o[k] as string | undefined;
  if (s('input') === undefined) throw usageError('--input FILE is required (see --help)');
  if (s('target') === undefined) throw usageError('--target FILE is required (see --help)');
  if (o.quiet && o.progress) throw usageError('--quiet and --progress contradict each other');
  return {
    input: s('input')!, target: s('target')!,
    format: oneOf('format', s('format'), Object.keys(FORMATS) as Format[]),
    loss: oneOf('loss', s('loss'), SCORING_LOSSES),
    metrics: metricsOf(s('metrics')),
    topK: intAtLeast('top-k', s('top-k'), 1) ?? 5,
    bins: intAtLeast('bins', s('bins'), 1),
    thresholds: intAtLeast('thresholds', s('thresholds'), 1),
    ignoreIndex: numberOf('ignore-index', s('ignore-index'), Number.isInteger, 'an integer') ?? -100,
    labelSmoothing: numberOf('label-smoothing', s('label-smoothing'), (n) => n >= 0 && n <= 1, 'a number in [0, 1]'),
    weight: s('weight'),
    shape: shapeOf(s('shape')),
    classLast: numberOf('class-dim', s('class-dim'), (n) => n === 1 || n === -1, '1 or -1') === -1,
    dtype: oneOf('dtype', s('dtype'), ['float64', 'float32'] as const) ?? 'float64',
    probabilities: o.probabilities === true,
    json: o.json === true,
    perSample: s('per-sample'),
    chunkRows: intAtLeast('chunk-rows', s('chunk-rows'), 1),
    threads: threadsOf(s('threads')),
    shard: shardOf(s('shard')),
    state: s('state'),
    progress: o.progress === true,
    quiet: o.quiet === true,
  };
}

export function mergeArgs(argv: readonly string[]): MergeArgs | 'help' {
  const { values: o, positionals } = parse(argv, MERGE_OPTIONS, true);
  if (o.help) return 'help';
  if (positionals.length === 0) throw usageError('merge: name the state files (losskit merge a.json b.json ...)');
  return { states: positionals, json: o.json === true, quiet: o.quiet === true };
}

export const SCORE_HELP = `losskit score --input FILE[:KEY] --target FILE[:KEY] [options]

Scores saved predictions against targets, streaming the files in chunks.

Files (format by extension, or --format ${Object.keys(FORMATS).join('|')}):
  .npy  .npz:KEY  .safetensors:TENSOR  .arrow/.feather:COLUMN  .parquet:COLUMN
  .csv[:COL1,COL2,...] (header row; default: every column but the target's)  .jsonl[:FIELD]

Options (as the library's):
  --loss NAME            ${SCORING_LOSSES.join(', ')}
                         (default: crossEntropy for [N, C] scores with class indices,
                          binaryCrossEntropyWithLogits for one logit per integer 0/1 target, mseLoss for float targets)
  --metrics A,B,...      ${STREAM_METRICS.join(', ')}
                         (default: accuracy,perplexity for class scores)
  --top-k K              for the topK metric (default 5)
  --bins B               calibration bins (default 15)
  --thresholds T         auroc/averagePrecision binned in T (memory independent of N; default exact)
  --ignore-index I       target value of rows left out (default -100)
  --label-smoothing E    of the loss, in [0, 1]
  --weight FILE[:KEY]    per-class weights of the loss (C values)
  --shape D1,D2,...      the input's shape (default: the file's)
  --class-dim 1|-1       where the class scores lie: 1 ([N, C]) or -1 ([B, T, V] is rows of V)
  --dtype float64|float32  what the scores are computed in (default float64)
  --probabilities        binary input holds probabilities, not logits

Output:
  --json                 one JSON object: the metrics, count and loss
  --per-sample OUT.npy   one float64 loss per row (ignored rows 0)
  --state OUT.json       the mergeable state (see losskit merge)
  --progress / --quiet   force progress on stderr / silence progress and warnings

Scale:
  --chunk-rows R         rows per chunk (default: about 2M values)
  --threads N|auto       worker threads (results identical to --threads 1)
  --shard i/n            rows [floor(i*N/n), floor((i+1)*N/n)) only

Exit codes: 0 done, 2 bad command line, 1 a file cannot be read or does not fit.`;

export const MERGE_HELP = `losskit merge STATE.json... [--json] [--quiet]

Merges the states of shards (losskit score --shard i/n --state OUT.json) into the unsharded result.

Exit codes: 0 done, 2 bad command line, 1 a state cannot be read or was scored with other options.`;
