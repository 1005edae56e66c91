// What the Arrow and Parquet readers share: a column's rows (numbers, or lists of one length) checked and
// flattened, and the message for a reader package that is not installed.
import { CliError, fileError } from '../errors.js';
import type { Numbers } from './source.js';

/** The packages of the optional readers, pinned as package.json's peerDependencies. */
export const READER_PACKAGES = { arrow: 'apache-arrow lz4js fzstd', parquet: 'hyparquet' } as const;

/** Imports a reader package, or says what to install (exit code 1: the command line is right, this install lacks it). */
export async function load<T>(what: keyof typeof READER_PACKAGES, name: string, importer: () => Promise<T>): Promise<T> {
  try {
    return await importer();
  } catch {
    throw new CliError(1, `${name}: reading ${what === 'arrow' ? 'Arrow IPC' : 'Parquet'} needs the optional packages: npm install ${READER_PACKAGES[what]}`);
  }
}

/** Rows `first`.. of a column as one flat run of numbers, each row `width` values (a scalar column: width 1). */
export function flatRows(rows: ArrayLike<unknown>, width: number, first: number, name: string): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows.length; r++) {
    const v = rows[r];
    const values = typeof v === 'number' || typeof v === 'bigint' ? [v] : v == null ? null : Array.from(v as ArrayLike<unknown>);
    if (values === null) throw fileError(name, `row ${first + r} is null`);
    if (values.length !== width) throw fileError(name, `row ${first + r} has ${values.length} values, row 0 has ${width}`);
    for (const x of values) {
      if (typeof x !== 'number' && typeof x !== 'bigint') throw fileError(name, `row ${first + r} holds a ${typeof x}, not a number`);
      out.push(Number(x));
    }
  }
  return out;
}

/** A row's width: 1 for a number, its length for a list. */
export const widthOf = (v: unknown): number => (typeof v === 'number' || typeof v === 'bigint' || v == null ? 1 : (v as ArrayLike<unknown>).length);

/** The elements from `from` on of row runs that start at row 0 (skipping whole runs before it). */
export async function* fromElement(runs: AsyncIterable<{ first: number; values: Numbers }>, width: number, from: number): AsyncIterable<Numbers> {
  for await (const { first, values } of runs) {
    const start = from - first * width;
    if (start >= values.length) continue;
    yield start > 0 ? Array.prototype.slice.call(values, start) as number[] : values;
  }
}
