// `losskit score`: open the files, decide what is scored, then stream: a fixed partition of the (shard's) rows
// into chunks, read in order, scored here or on workers, their results added in chunk order.
import { LosskitRangeError, LosskitTypeError } from '../errors.js';
import { LOSSES } from '../losses/registry.js';
import type { CreateMetricsOptions } from '../metrics/types.js';
import type { FloatArray } from '../types.js';
import type { ScoreArgs } from './args.js';
import type { Chunk, Scored, Settings } from './chunk.js';
import { fileError, usageError } from './errors.js';
import { fileSpec, formatOf, openSource, type Source } from './formats/index.js';
import { chunksOf, countOf } from './formats/source.js';
import { layoutOf, type Layout } from './layout.js';
import { takesOption } from './losses.js';
import { NpyWriter, printJson, printTable, writeJsonFile } from './output.js';
import { localScorer, workerScorer } from './pool.js';
import { Progress } from './progress.js';
import { Totals } from './totals.js';

/** Values per chunk when --chunk-rows is not given: 16 MB of float64 (a chunk's size never depends on --threads). */
const CHUNK_VALUES = 1 << 21;

/** The loss's options from the flags: each flag must apply to the loss. */
function lossOptions(a: ScoreArgs, layout: Layout, weight: number[] | undefined): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const set = (flag: string, key: string, value: unknown, given: boolean): void => {
    if (value === undefined) return;
    if (takesOption(layout.loss, key)) o[key] = value;
    else if (given) throw usageError(`--${flag} does not apply to ${layout.loss} (its options: ${Object.keys(LOSSES[layout.loss].options).join(', ')})`);
  };
  set('weight', 'weight', weight, true);
  set('label-smoothing', 'labelSmoothing', a.labelSmoothing, true);
  set('ignore-index', 'ignoreIndex', a.ignoreIndex, false);
  return o;
}

function metricOptions(a: ScoreArgs, layout: Layout, o: Record<string, unknown>): CreateMetricsOptions | null {
  if (layout.task === null) return null;
  const m: Record<string, unknown> = { metrics: layout.metrics, task: layout.task, ignoreIndex: a.ignoreIndex };
  if (layout.task === 'multiclass') Object.assign(m, { classes: layout.width, weight: o.weight, labelSmoothing: o.labelSmoothing });
  if (layout.metrics.includes('topK')) m.topK = a.topK;
  if (a.bins !== undefined) m.bins = a.bins;
  if (a.thresholds !== undefined) m.thresholds = a.thresholds;
  if (a.probabilities) m.probabilities = true;
  for (const k of Object.keys(m)) if (m[k] === undefined) delete m[k];
  return m as unknown as CreateMetricsOptions;
}

async function weightOf(a: ScoreArgs, layout: Layout): Promise<number[] | undefined> {
  if (a.weight === undefined) return undefined;
  const w = await openSource(fileSpec(a.weight), a.format);
  const n = countOf(w.shape);
  const expected = layout.kind === 'class' ? layout.width : n;
  if (n !== expected) throw fileError(w.name, `has ${n} weights; ${layout.loss} over ${layout.width} classes needs ${expected}`);
  const values: number[] = [];
  for await (const chunk of chunksOf(w, 0, n, Math.max(n, 1), (k) => new Float64Array(k))) values.push(...chunk);
  await w.close?.();
  return values;
}

/** Class indices of a chunk, checked: an integer in [0, C) or the ignore index; `first` is the chunk's first row. */
function classIndices(values: Float64Array, C: number, ignore: number, first: number, name: string): Int32Array {
  const t = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(Number.isInteger(v) && ((v >= 0 && v < C) || v === ignore))) {
      throw fileError(name, `row ${first + i}: class index ${v} is out of range [0, ${C}) (and not the ignore index ${ignore})`);
    }
    t[i] = v;
  }
  return t;
}

/** A library error of a chunk, as the file and the row it comes from. */
function chunkError(err: unknown, input: Source, target: Source, firstRow: number, width: number, kind: Layout['kind']): Error {
  if (!(err instanceof LosskitRangeError || err instanceof LosskitTypeError || (err instanceof Error && /^Losskit/.test(err.name)))) return err as Error;
  const m = /^(input|target)\[(\d+)\]: (.*)$/.exec((err as Error).message);
  if (m === null) return fileError(`${input.name} / ${target.name}`, `rows from ${firstRow}: ${(err as Error).message}`);
  const isInput = m[1] === 'input', i = Number(m[2]);
  const perRow = isInput || kind === 'element' ? width : 1;
  return fileError(isInput ? input.name : target.name, `row ${firstRow + Math.floor(i / perRow)}: ${m[3]}`);
}

/** Both files' chunks, in step: `rows` rows each (the last one shorter). */
async function* chunks(input: Source, target: Source, layout: Layout, a: ScoreArgs, start: number, end: number, rows: number): AsyncIterable<Chunk> {
  const Float = a.dtype === 'float32' ? Float32Array : Float64Array;
  const tw = layout.kind === 'class' ? 1 : layout.width, w = layout.width;
  const xs = chunksOf(input, start * w, end * w, rows * w, (n) => new Float(n))[Symbol.asyncIterator]();
  const ts = chunksOf(target, start * tw, end * tw, rows * tw, (n) => (layout.kind === 'class' ? new Float64Array(n) : new Float(n)))[Symbol.asyncIterator]();
  for (let index = 0, first = start; first < end; index++, first += rows) {
    const [x, t] = await Promise.all([xs.next(), ts.next()]);
    const n = Math.min(rows, end - first);
    const targetChunk = layout.kind === 'class' ? classIndices(t.value as Float64Array, w, a.ignoreIndex, first, target.name) : t.value as FloatArray;
    yield { index, rows: n, input: x.value as FloatArray, target: targetChunk };
  }
}

export async function score(a: ScoreArgs): Promise<void> {
  const inputSpec = fileSpec(a.input), targetSpec = fileSpec(a.target);
  formatOf(inputSpec, a.format);
  formatOf(targetSpec, a.format);
  if (a.weight !== undefined) formatOf(fileSpec(a.weight), a.format);
  if (a.state !== undefined && a.perSample !== undefined && a.state === a.perSample) throw usageError('--state and --per-sample name the same file');
  const target = await openSource(targetSpec, a.format);
  // a CSV input leaves out the target's columns when it is the same file and names none
  const exclude = inputSpec.path === targetSpec.path && targetSpec.key !== undefined ? targetSpec.key.split(',') : [];
  const input = await openSource(inputSpec, a.format, exclude);
  const layout = layoutOf(input, target, a);
  const weight = await weightOf(a, layout);
  const lossOpts = lossOptions(a, layout, weight);
  const settings: Settings = {
    loss: layout.loss, lossOptions: lossOpts, kind: layout.kind, dtype: a.dtype, width: layout.width,
    ignoreIndex: a.ignoreIndex, metrics: metricOptions(a, layout, lossOpts),
  };
  const totals = new Totals(settings); // checks the metric options (exit code 2)
  const N = layout.rows;
  const [start, end] = a.shard === undefined ? [0, N] : [Math.floor((a.shard.index * N) / a.shard.count), Math.floor(((a.shard.index + 1) * N) / a.shard.count)];
  const rows = a.chunkRows ?? Math.max(1, Math.floor(CHUNK_VALUES / layout.width));
  const scorer = a.threads > 1 ? workerScorer(settings, a.perSample !== undefined, a.threads) : localScorer(settings, a.perSample !== undefined);
  const perSample = a.perSample === undefined ? null : new NpyWriter(a.perSample);
  const progress = new Progress(end - start, !a.quiet && (a.progress || process.stderr.isTTY === true));
  let done = 0;
  const take = (s: Scored): void => {
    totals.add(s);
    if (perSample !== null) perSample.append(s.perSample!);
    done += s.rows;
    progress.update(done);
  };
  try {
    const inFlight: { first: number; result: Promise<Scored> }[] = [];
    const settle = async (): Promise<void> => {
      const { first, result } = inFlight.shift()!;
      take(await result.catch((err) => { throw chunkError(err, input, target, first, layout.width, layout.kind); }));
    };
    for await (const c of chunks(input, target, layout, a, start, end, rows)) {
      const first = start + c.index * rows;
      const result = scorer.score(c);
      result.catch(() => {}); // (awaited in order by settle(); a failure before its turn is not unhandled)
      inFlight.push({ first, result });
      if (inFlight.length >= 2 * a.threads) await settle();
    }
    while (inFlight.length) await settle();
    progress.finish(done);
    perSample?.finish(end - start);
  } catch (err) {
    perSample?.abort();
    throw err;
  } finally {
    await Promise.all([scorer.close(), input.close?.(), target.close?.()]);
  }
  if (a.state !== undefined) writeJsonFile(a.state, totals.stateOf([start, end], N));
  const result = totals.result();
  if (a.json) printJson(result);
  else printTable(result, `losskit score: ${input.name} against ${target.name}: ${end - start} rows${layout.kind === 'class' ? ` of ${layout.width} classes` : ''}${a.shard ? ` (shard ${a.shard.index}/${a.shard.count})` : ''}`, layout.loss);
}
