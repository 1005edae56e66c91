#!/usr/bin/env node
// The `losskit` command: `score` and `merge` (src/cli/score.ts, src/cli/merge.ts). Errors go to stderr as one
// line naming the file and the problem; the exit code is 2 for the command line, 1 for a file (errors.ts).
import { MERGE_HELP, mergeArgs, SCORE_HELP, scoreArgs } from './args.js';
import { CliError, usageError } from './errors.js';
import { merge } from './merge.js';
import { serveIfWorker } from './pool.js';
import { sample } from './sample.js';
import { score } from './score.js';

const USAGE = `losskit: score saved predictions from the command line

  losskit score --input FILE[:KEY] --target FILE[:KEY] [options]   (losskit score --help)
  losskit merge STATE.json... [--json]                             (losskit merge --help)
  losskit score --sample                                           (a small embedded example)`;

async function run(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'score') {
    const a = scoreArgs(rest);
    if (a === 'help') process.stdout.write(`${SCORE_HELP}\n`);
    else if (a === 'sample') await sample();
    else await score(a);
  } else if (command === 'merge') {
    const a = mergeArgs(rest);
    if (a === 'help') process.stdout.write(`${MERGE_HELP}\n`);
    else merge(a);
  } else if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
  } else {
    throw usageError(`unknown command '${command}' (score or merge)`);
  }
}

/** Any other error while a file is read or scored is a problem of the files (exit code 1). */
function report(err: unknown): number {
  const e = err instanceof CliError ? err : new CliError(err instanceof Error && /^Losskit/.test(err.name) ? 2 : 1, err instanceof Error ? err.message : String(err));
  process.stderr.write(`losskit: ${e.message}\n`);
  return e.exitCode;
}

if (!serveIfWorker()) {
  run(process.argv.slice(2)).then(
    () => { process.exitCode = 0; },
    (err) => { process.exitCode = report(err); },
  );
}
