/** A one-line progress display on stderr: count, rate and, when the total is known, ETA. */
export class Progress {
  private readonly started = Date.now();
  private last = 0;

  constructor(
    private readonly label: string,
    private total?: number,
    private readonly unit = 'rows',
  ) {}

  setTotal(total: number): void {
    this.total = total;
  }

  /** done: items so far; fraction: share of the input consumed (bytes read / size) when counting is not exact. */
  update(done: number, fraction?: number): void {
    const now = Date.now();
    if (now - this.last < 250) return;
    this.last = now;
    process.stderr.write(`\r${this.line(done, fraction)}`);
  }

  done(final?: number): void {
    if (final !== undefined) process.stderr.write(`\r${this.line(final, 1)}`);
    process.stderr.write('\n');
  }

  private line(done: number, fraction?: number): string {
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    const rate = done / seconds;
    const share = fraction ?? (this.total ? done / this.total : undefined);
    const eta = share && share > 0 && share < 1 ? ` ETA ${formatSeconds(seconds / share - seconds)}` : '';
    const pct = share !== undefined ? ` ${(share * 100).toFixed(1)}%` : '';
    return `${this.label}: ${done.toLocaleString('en')} ${this.unit}${pct} ${Math.round(rate).toLocaleString('en')} ${this.unit}/s${eta}   `;
  }
}

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.ceil(s)}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${Math.ceil(s % 60)}s` : `${Math.floor(m / 60)}h${m % 60}m`;
}
