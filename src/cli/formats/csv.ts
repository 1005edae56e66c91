// CSV with a header row: `file.csv:col1,col2,…` picks columns (one is a column vector), else every numeric
// column (by the first data row) but those another file spec of the same file names (the target's). Read line
// by line.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileError } from '../errors.js';
import { openFile, type FileSpec, type Numbers, type Source } from './source.js';

const split = (line: string): string[] => line.split(',').map((s) => s.trim().replace(/^"(.*)"$/, '$1'));

async function* lines(path: string): AsyncIterable<string> {
  const rl = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of rl) if (line.trim() !== '') yield line;
}

/** The header, the first data row and the number of data rows (one pass). */
async function scan(path: string): Promise<{ header: string[]; first: string[]; rows: number }> {
  let header: string[] | undefined, first: string[] = [], rows = 0;
  for await (const line of lines(path)) {
    if (header === undefined) header = split(line);
    else if (rows++ === 0) first = split(line);
  }
  if (header === undefined) throw fileError(path, 'is empty (a CSV needs a header row)');
  return { header, first, rows };
}

const isNumber = (cell: string | undefined): boolean => cell !== undefined && cell !== '' && (!Number.isNaN(Number(cell)) || /^nan$/i.test(cell));

/** `exclude`: the columns to leave out when no columns are named (the target's). */
export async function openCsv(spec: FileSpec, exclude: readonly string[] = []): Promise<Source> {
  await (await openFile(spec.path)).close();
  const { header, first, rows } = await scan(spec.path);
  const names = spec.key !== undefined ? spec.key.split(',') : header.filter((h, i) => !exclude.includes(h) && (rows === 0 || isNumber(first[i])));
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
      const bad = columns.findIndex((c) => !isNumber(cells[c]));
      if (bad >= 0) throw fileError(spec.label, `row ${row - 1}, column '${names[bad]}': '${cells[columns[bad]] ?? ''}' is not a number`);
      yield row - 1 === skipRows ? values.slice(from % columns.length) : values;
    }
  }
  return { name: spec.label, dtype: 'float64', shape: columns.length === 1 ? [rows] : [rows, columns.length], pieces };
}
