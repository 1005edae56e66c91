// Running the real `losskit` bin (dist/cli.js, as npm installs it) in a child process.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/serve.mjs';

export const CLI = join(repoRoot, 'dist', 'cli.js');
export const FIXTURES = join(repoRoot, 'test', 'fixtures', 'cli');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `losskit ...args` run in the fixtures' directory (stdin, stdout and stderr are pipes: no terminal). */
export function cli(args: readonly string[], nodeArgs: readonly string[] = []): Run {
  const r = spawnSync(process.execPath, [...nodeArgs, CLI, ...args], { cwd: FIXTURES, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same without blocking this process (a long run: the test runner must keep answering). */
export function cliAsync(args: readonly string[], nodeArgs: readonly string[] = []): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, CLI, ...args], { cwd: FIXTURES });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The one JSON object of a --json run (which must succeed). */
export function json(args: readonly string[]): Record<string, number> {
  const r = cli([...args, '--json']);
  if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
