// JSON lines: one array (or number) per line, or one object per line with a field (`file.jsonl:field`) that
// holds the array or number. Read line by line; the first pass counts the rows and the row length.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileError } from '../errors.js';
import { openFile, type FileSpec, type Numbers, type Source } from './source.js';

async function* records(spec: FileSpec): AsyncIterable<{ row: number; values: number[] }> {
  const rl = createInterface({ input: createReadStream(spec.path), crlfDelay: Infinity });
  let row = 0;
  for await (const line of rl) {
    if (line.trim() === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw fileError(spec.label, `line of row ${row} is not JSON`);
    }
    if (spec.key !== undefined) {
      if (typeof v !== 'object' || v === null || !(spec.key in v)) throw fileError(spec.label, `row ${row} has no field '${spec.key}'`);
      v = (v as Record<string, unknown>)[spec.key];
    }
    const values = Array.isArray(v) ? v : [v];
    if (!values.every((x) => typeof x === 'number')) throw fileError(spec.label, `row ${row} is not a number or an array of numbers`);
    yield { row: row++, values: values as number[] };
  }
}

export async function openJsonl(spec: FileSpec): Promise<Source> {
  await (await openFile(spec.path)).close();
  let rows = 0, width = -1;
  for await (const { row, values } of records(spec)) {
    if (width < 0) width = values.length;
    else if (values.length !== width) throw fileError(spec.label, `row ${row} has ${values.length} values, row 0 has ${width}`);
    rows++;
  }
  if (rows === 0) throw fileError(spec.label, 'has no rows');
  async function* pieces(from: number): AsyncIterable<Numbers> {
    const skipRows = Math.floor(from / width);
    for await (const { row, values } of records(spec)) {
      if (row < skipRows) continue;
      yield row === skipRows ? values.slice(from % width) : values;
    }
  }
  return { name: spec.label, dtype: 'float64', shape: width === 1 ? [rows] : [rows, width], pieces };
}
