// Prints the closing line CI reads: "N passed, N failed" (vitest's own summary is not that line). A test
// that did not pass counts as failed: failed, skipped, or not run because its file's set-up failed.
import type { Reporter } from 'vitest/reporters';

type Task = { type?: string; result?: { state?: string }; tasks?: Task[] };

export default class SummaryReporter implements Reporter {
  onFinished(files: Task[] = []): void {
    let passed = 0, failed = 0;
    const visit = (t: Task): void => {
      if (t.type === 'test') {
        if (t.result?.state === 'pass') passed++;
        else failed++;
      }
      for (const c of t.tasks ?? []) visit(c);
    };
    for (const f of files) {
      visit(f);
      if (f.result?.state === 'fail' && !f.tasks?.length) failed++;
    }
    console.log(`\n${passed} passed, ${failed} failed`);
  }
}
