// Arrow IPC (file or stream format, Feather v2): `file.arrow:column`; a FixedSizeList or List column is one row
// per entry. apache-arrow reads it one record batch at a time; the LZ4_FRAME and ZSTD codecs pyarrow compresses
// with by default are registered from lz4js and fzstd. All three load only when an Arrow file is read.
import { fileError, usageError } from '../errors.js';
import { fromElement, flatRows, load, widthOf } from './columns.js';
import { openFile, type FileSpec, type Numbers, type Source } from './source.js';

type Arrow = typeof import('apache-arrow');

let loaded: Promise<Arrow> | undefined;

async function arrowWithCodecs(name: string): Promise<Arrow> {
  return (loaded ??= load('arrow', name, async () => {
    const [arrow, lz4, zstd] = await Promise.all([import('apache-arrow'), import('lz4js'), import('fzstd')]);
    arrow.compressionRegistry.set(arrow.CompressionType.LZ4_FRAME, { decode: (d) => Uint8Array.from(lz4.decompress(d)) });
    // (arrow views the bytes as 64-bit arrays in place: they must start at a multiple of 8)
    const aligned = (b: Uint8Array): Uint8Array => (b.byteOffset % 8 === 0 ? b : b.slice());
    arrow.compressionRegistry.set(arrow.CompressionType.ZSTD, { decode: (d) => aligned(zstd.decompress(d)) });
    return arrow;
  }));
}

/** Each record batch's rows of the column, from the start of the file. */
async function* batches(arrow: Arrow, spec: FileSpec, column: string): AsyncIterable<{ first: number; rows: ArrayLike<unknown> }> {
  const fh = await openFile(spec.path);
  try {
    const reader = await arrow.RecordBatchReader.from(fh);
    let first = 0;
    for await (const batch of reader) {
      const vector = batch.getChild(column);
      if (vector === null) throw fileError(spec.label, `no column '${column}' (it has ${batch.schema.fields.map((f) => f.name).join(', ')})`);
      const rows = vector.toArray() as ArrayLike<unknown>;
      yield { first, rows };
      first += batch.numRows;
    }
  } catch (err) {
    if (err instanceof Error && err.name === 'CliError') throw err;
    throw fileError(spec.label, `is not a readable Arrow IPC file (${(err as Error).message})`);
  } finally {
    await fh.close();
  }
}

export async function openArrow(spec: FileSpec): Promise<Source> {
  if (spec.key === undefined) throw usageError(`${spec.path}: name the column (${spec.path}:COLUMN)`);
  const arrow = await arrowWithCodecs(spec.label);
  let rows = 0, width = -1;
  for await (const b of batches(arrow, spec, spec.key)) {
    if (width < 0 && b.rows.length > 0) width = widthOf(b.rows[0]);
    rows += b.rows.length;
  }
  width = Math.max(width, 1);
  async function* runs(): AsyncIterable<{ first: number; values: Numbers }> {
    for await (const b of batches(arrow, spec, spec.key!)) yield { first: b.first, values: flatRows(b.rows, width, b.first, spec.label) };
  }
  return { name: spec.label, dtype: 'float64', shape: width === 1 ? [rows] : [rows, width], pieces: (from) => fromElement(runs(), width, from) };
}
