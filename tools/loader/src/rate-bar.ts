import { basename } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';

export interface RateBar {
  /** (Re)starts the bar for one file, measured in bytes read. */
  start(label: string, totalBytes: number): void;
  /** Bytes read and items done so far (items/s is computed from them). */
  update(bytes: number, items: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr with throughput (`rows/s`, `events/s`) for the loader's commands; silent
 * when stderr is not a terminal (CI logs, pipes, tests).
 */
export function rateBar(unit: string): RateBar {
  if (!process.stderr.isTTY)
    return { start: () => undefined, update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: `{file} [{bar}] {percentage}% | {items} ${unit} | {rate} ${unit}/s | {eta_formatted} left`,
      hideCursor: true,
      etaBuffer: 20,
    },
    Presets.shades_classic,
  );
  let started = 0;
  let running = false;
  return {
    start: (label, totalBytes) => {
      if (running) bar.stop();
      started = Date.now();
      running = true;
      bar.start(totalBytes, 0, { file: basename(label).padEnd(18), items: 0, rate: 0 });
    },
    update: (bytes, items) => {
      const seconds = Math.max((Date.now() - started) / 1000, 1e-3);
      bar.update(bytes, {
        items: items.toLocaleString('en-US'),
        rate: Math.round(items / seconds).toLocaleString('en-US'),
      });
    },
    stop: () => {
      if (running) bar.stop();
      running = false;
    },
  };
}
