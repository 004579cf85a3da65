/** Progress: a redrawn bar with counts and ETA on a TTY, otherwise a plain log line every few seconds. */
export interface ProgressCounts { done: number; ok: number; failed: number; cached: number }

export class Progress {
  private start = Date.now();
  private last = 0;
  private drawn = false;
  constructor(private total: number, private stream: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean } = process.stderr, private quiet = false) {}

  update(c: ProgressCounts, force = false): void {
    if (this.quiet) return;
    const now = Date.now();
    const tty = Boolean((this.stream as NodeJS.WriteStream).isTTY);
    if (!force && now - this.last < (tty ? 100 : 5000)) return;
    this.last = now;
    const secs = (now - this.start) / 1000;
    const rate = secs > 0 ? c.done / secs : 0;
    const eta = rate > 0 && this.total > c.done ? (this.total - c.done) / rate : 0;
    const tail = `${c.done}/${this.total} files · ok ${c.ok} · failed ${c.failed} · cached ${c.cached} · ${rate.toFixed(0)}/s · ETA ${fmtSecs(eta)}`;
    if (tty) {
      const width = 24;
      const filled = this.total ? Math.round((c.done / this.total) * width) : width;
      this.stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${tail}\x1b[K`);
      this.drawn = true;
    } else {
      this.stream.write(`build: ${tail}\n`);
    }
  }

  end(): void {
    if (this.drawn) this.stream.write('\n');
  }
}

export function fmtSecs(s: number): string {
  if (!Number.isFinite(s) || s <= 0) return '0s';
  if (s < 60) return `${Math.ceil(s)}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
