import { createWriteStream, WriteStream } from 'node:fs';
import { once } from 'node:events';
import { csvLine } from './csv';
import { Reject } from './reader';

/**
 * Collects rejects: writes each to `rejects.csv` (file,line,reason,raw) as it comes and counts them
 * per file, so a command can say how many rows it skipped and where to look.
 */
export class RejectLog {
  private readonly counts = new Map<string, number>();
  private stream?: WriteStream;
  private pending = '';

  /** @param path where to write rejects.csv; omit to only count (e.g. in tests). */
  constructor(private readonly path?: string) {}

  add(reject: Reject): void {
    this.counts.set(reject.file, (this.counts.get(reject.file) ?? 0) + 1);
    if (!this.path) return;
    this.open();
    this.pending += csvLine([reject.file, reject.line, reject.reason, reject.raw]);
    if (this.pending.length > 1 << 16) this.flush();
  }

  get total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  /** Rejected rows per file name. */
  byFile(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  /** One line for a log, e.g. `skipped 3 rows (sales_lines.csv: 2, returns.csv: 1) -> out/rejects.csv`. */
  summary(): string {
    if (this.total === 0) return 'no rows skipped';
    const parts = [...this.counts].map(([f, n]) => `${f}: ${n}`).join(', ');
    return `skipped ${this.total} row${this.total === 1 ? '' : 's'} (${parts})${this.path ? ` -> ${this.path}` : ''}`;
  }

  private open(): void {
    if (this.stream || !this.path) return;
    this.stream = createWriteStream(this.path);
    this.pending = csvLine(['file', 'line', 'reason', 'raw']);
  }

  private flush(): void {
    if (this.stream && this.pending) this.stream.write(this.pending);
    this.pending = '';
  }

  /** Writes what is buffered and closes the file (header only when nothing was rejected). */
  async close(): Promise<void> {
    this.open();
    if (!this.stream) return;
    this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}
