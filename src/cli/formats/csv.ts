// CSV with a header row: `file.csv:col1,col2,…` picks columns (one is a column vector), else every column but
// those another file spec of the same file names (the target's), which must all be numeric. Read line by line.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileError } from '../errors.js';
import { openFile, type FileSpec, type Numbers, type Source } from './source.js';

const split = (line: string): string[] => line.split(',').map((s) => s.trim().replace(/^"(.*)"$/, '$1'));

async function* lines(path: string): AsyncIterable<string> {
  const rl = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of rl) if (line.trim() !== '') yield line;
}

/** The header and the number of data rows (one pass). */
async function scan(path: string): Promise<{ header: string[]; rows: number }> {
  let header: string[] | undefined, rows = 0;
  for await (const line of lines(path)) {
    if (header === undefined) header = split(line);
    else rows++;
  }
  if (header === undefined) throw fileError(path, 'is empty (a CSV needs a header row)');
  return { header, rows };
}

/** `exclude`: the columns to leave out when no columns are named (the target's). */
export async function openCsv(spec: FileSpec, exclude: readonly string[] = []): Promise<Source> {
  await (await openFile(spec.path)).close();
  const { header, rows } = await scan(spec.path);
  const names = spec.key !== undefined ? spec.key.split(',') : header.filter((h) => !exclude.includes(h));
  const columns = names.map((n) => {
    const i = header.indexOf(n);
    if (i < 0) throw fileError(spec.label, `no column '${n}' (the header has ${header.join(', ')})`);
    return i;
  });
  if (columns.length === 0) throw fileError(spec.label, 'has no columns to read');
  async function* pieces(from: number): AsyncIterable<Numbers> {
    const skipRows = Math.floor(from / columns.length);
    let row = -1;
    for await (const line of lines(spec.path)) {
      if (row++ < skipRows) continue;
      const cells = split(line);
      const values = columns.map((c) => Number(cells[c]));
      const bad = values.findIndex((v, k) => cells[columns[k]] === undefined || cells[columns[k]] === '' || Number.isNaN(v) && !/^nan$/i.test(cells[columns[k]]));
      if (bad >= 0) throw fileError(spec.label, `row ${row - 1}, column '${names[bad]}': '${cells[columns[bad]] ?? ''}' is not a number`);
      yield row - 1 === skipRows ? values.slice(from % columns.length) : values;
    }
  }
  return { name: spec.label, dtype: 'float64', shape: columns.length === 1 ? [rows] : [rows, columns.length], pieces };
}
