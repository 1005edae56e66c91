// Progress on stderr, one line redrawn: rows done of total, rows/s, ETA. Drawn at most 10 times a second; the
// final state is always drawn, and ends the line.
export class Progress {
  readonly #total: number;
  readonly #start = performance.now();
  #last = -Infinity;

  constructor(total: number, readonly enabled: boolean) {
    this.#total = total;
  }

  update(done: number): void {
    const now = performance.now();
    if (!this.enabled || now - this.#last < 100) return;
    this.#last = now;
    this.#draw(done, now);
  }

  finish(done: number): void {
    if (!this.enabled) return;
    this.#draw(done, performance.now());
    process.stderr.write('\n');
  }

  #draw(done: number, now: number): void {
    const seconds = (now - this.#start) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? (this.#total - done) / rate : NaN;
    const pct = this.#total > 0 ? (100 * done) / this.#total : 100;
    const n = (v: number): string => Math.round(v).toLocaleString('en-US');
    const etaText = Number.isFinite(eta) ? `ETA ${eta.toFixed(eta < 10 ? 1 : 0)}s` : 'ETA -';
    process.stderr.write(`\r\x1b[K${n(done)} / ${n(this.#total)} rows (${pct.toFixed(1)}%)  ${n(rate)} rows/s  ${etaText}`);
  }
}
