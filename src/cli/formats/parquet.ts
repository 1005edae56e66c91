// Parquet: `file.parquet:column`, read one row group at a time by hyparquet (loaded only when a Parquet file is
// read); a list column is one row per entry.
import { fileError, usageError } from '../errors.js';
import { fromElement, flatRows, load, widthOf } from './columns.js';
import { openFile, type FileSpec, type Numbers, type Source } from './source.js';

export async function openParquet(spec: FileSpec): Promise<Source> {
  if (spec.key === undefined) throw usageError(`${spec.path}: name the column (${spec.path}:COLUMN)`);
  await (await openFile(spec.path)).close();
  const hp = await load('parquet', spec.label, () => import('hyparquet'));
  const column = spec.key;
  const file = await hp.asyncBufferFromFile(spec.path);
  let metadata: Awaited<ReturnType<typeof hp.parquetMetadataAsync>>;
  try {
    metadata = await hp.parquetMetadataAsync(file);
  } catch (err) {
    throw fileError(spec.label, `is not a readable Parquet file (${(err as Error).message})`);
  }
  const names = metadata.schema.slice(1).map((s) => s.name);
  if (!names.includes(column)) throw fileError(spec.label, `no column '${column}' (it has ${names.join(', ')})`);
  const groups = metadata.row_groups.map((g) => Number(g.num_rows));
  const rows = groups.reduce((a, b) => a + b, 0);
  const read = async (rowStart: number, rowEnd: number): Promise<unknown[]> =>
    (await hp.parquetReadObjects({ file, metadata, columns: [column], rowStart, rowEnd })).map((r) => r[column]);
  const width = rows === 0 ? 1 : widthOf((await read(0, 1))[0]);
  /** The row groups from the one holding row `fromRow` on. */
  async function* runs(fromRow: number): AsyncIterable<{ first: number; values: Numbers }> {
    let first = 0;
    for (const n of groups) {
      if (first + n > fromRow) yield { first, values: flatRows(await read(first, first + n), width, first, spec.label) };
      first += n;
    }
  }
  const pieces = (from: number): AsyncIterable<Numbers> => fromElement(runs(Math.floor(from / width)), width, from);
  return { name: spec.label, dtype: 'float64', shape: width === 1 ? [rows] : [rows, width], pieces };
}
