// Running the real `losskit` bin (dist/cli.js, as npm installs it) in a child process.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/serve.mjs';

export const CLI = join(repoRoot, 'dist', 'cli.js');
export const FIXTURES = join(repoRoot, 'test', 'fixtures', 'cli');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A command run in the fixtures' directory (stdin, stdout and stderr are pipes: no terminal), without blocking
 * this process (the test runner's worker must keep answering it).
 */
export function run(command: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: FIXTURES });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** `losskit ...args`. */
export const cli = (args: readonly string[], nodeArgs: readonly string[] = []): Promise<Run> => run(process.execPath, [...nodeArgs, CLI, ...args]);

/** The one JSON object of a --json run (which must succeed). */
export async function json(args: readonly string[]): Promise<Record<string, number>> {
  const r = await cli([...args, '--json']);
  if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
