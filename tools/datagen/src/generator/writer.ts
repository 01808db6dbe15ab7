import { createWriteStream, WriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Buffered, back-pressure-aware file output: lines are collected in memory up to ~1 MB and written
 * as one chunk, waiting for 'drain' when the OS is slower than the generator. Keeps memory flat
 * however many lines go through.
 */
export class BufferedWriter {
  private parts: string[] = [];
  private size = 0;
  private readonly stream: WriteStream;
  /** Characters written so far (= bytes for ASCII content). */
  written = 0;

  constructor(
    readonly path: string,
    private readonly highWaterMark = 1 << 20,
  ) {
    this.stream = createWriteStream(path);
  }

  push(text: string): void {
    this.parts.push(text);
    this.size += text.length;
  }

  /** Writes the buffer if it is full; await it regularly (e.g. once per generated day). */
  async maybeFlush(): Promise<void> {
    if (this.size >= this.highWaterMark) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.written += this.size;
    this.size = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}
