// Prints the closing line CI reads: "N passed, N failed" (vitest's own summary is not that line).
import type { Reporter } from 'vitest/reporters';

export default class SummaryReporter implements Reporter {
  onFinished(files: { tasks: unknown[] }[] = []): void {
    let passed = 0, failed = 0;
    const visit = (t: { type?: string; result?: { state?: string }; tasks?: unknown[] }): void => {
      if (t.type === 'test') {
        if (t.result?.state === 'pass') passed++;
        else if (t.result?.state === 'fail') failed++;
      }
      for (const c of t.tasks ?? []) visit(c as never);
    };
    for (const f of files) visit(f as never);
    if (files.some((f) => (f as { result?: { state?: string } }).result?.state === 'fail' && !(f as { tasks: unknown[] }).tasks.length)) failed++;
    console.log(`\n${passed} passed, ${failed} failed`);
  }
}
