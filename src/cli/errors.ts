// The CLI's one error type: its exit code says where the problem lies. 2: the command line alone shows it
// (unknown flag, metric or loss, a bad value, a missing --input, an unknown extension); 1: opening or reading a
// file shows it (missing, unreadable, corrupt, dtype, shapes, class index).
export class CliError extends Error {
  constructor(readonly exitCode: 1 | 2, message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** A problem of the command line (exit code 2). */
export const usageError = (message: string): CliError => new CliError(2, message);

/** A problem of a file's contents (exit code 1), prefixed with the file it comes from. */
export const fileError = (file: string, message: string): CliError => new CliError(1, `${file}: ${message}`);
