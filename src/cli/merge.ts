// `losskit merge`: the states of shards (--state) added in the order given, printed as an unsharded run would be.
import { readFileSync } from 'node:fs';
import type { MergeArgs } from './args.js';
import { fileError } from './errors.js';
import { printJson, printTable } from './output.js';
import { Totals, type ScoreState } from './totals.js';

function readState(path: string): ScoreState {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw fileError(path, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot be read (${(err as Error).message})`);
  }
  let s: ScoreState;
  try {
    s = JSON.parse(text);
  } catch {
    throw fileError(path, 'is not JSON');
  }
  if (s?.format !== 'losskit-score-state' || s.version !== 1) throw fileError(path, 'is not a state written by losskit score --state');
  return s;
}

export function merge(a: MergeArgs): void {
  const states = a.states.map((path) => ({ path, state: readState(path) }));
  const first = states[0];
  const totals = new Totals(first.state.settings);
  const same = JSON.stringify(first.state.settings);
  for (const { path, state } of states) {
    if (JSON.stringify(state.settings) !== same) throw fileError(path, `was scored with other options than ${first.path}: only states of the same command line merge`);
    try {
      totals.add({ count: state.count, lossSum: state.lossSum, denominator: state.denominator, state: state.metrics });
    } catch (err) {
      throw fileError(path, (err as Error).message);
    }
  }
  const rows = states.reduce((n, { state }) => n + state.range[1] - state.range[0], 0);
  const fileRows = first.state.fileRows;
  if (!a.quiet && rows !== fileRows) process.stderr.write(`losskit merge: warning: the states cover ${rows} of ${fileRows} rows\n`);
  const result = totals.result();
  if (a.json) printJson(result);
  else printTable(result, `losskit merge: ${states.length} states, ${rows} rows`, first.state.settings.loss);
}
