import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InFlight, kindsToPublish, paceDelayMs } from './publish';

describe('paceDelayMs', () => {
  it('waits until the sent events match the rate', () => expect(paceDelayMs(5000, 1000, 2000)).toBe(3000));
  it('does not wait when behind the rate or without one', () => {
    expect(paceDelayMs(5000, 1000, 6000)).toBe(0);
    expect(paceDelayMs(5000, undefined, 0)).toBe(0);
  });
});

describe('InFlight', () => {
  it('never runs more than its limit at once and finishes everything', async () => {
    const gate = new InFlight(2);
    let running = 0;
    let peak = 0;
    let done = 0;
    for (let i = 0; i < 6; i++)
      await gate.submit(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        done++;
      });
    await gate.drain();
    expect(peak).toBe(2);
    expect(done).toBe(6);
  });

  it('rethrows the first failure on drain', async () => {
    const gate = new InFlight(3);
    await gate.submit(() => Promise.reject(new Error('broker said no')));
    await expect(gate.drain()).rejects.toThrow('broker said no');
  });
});

describe('kindsToPublish', () => {
  const dir = mkdtempSync(join(tmpdir(), 'publish-kinds-'));
  writeFileSync(join(dir, 'sales_lines.csv'), '');
  writeFileSync(join(dir, 'skus.csv'), '');
  it('takes the kinds whose files exist, SKU master first', () =>
    expect(kindsToPublish(dir)).toEqual(['skus', 'sales_lines']));
  it('names a requested kind whose file is missing', () =>
    expect(() => kindsToPublish(dir, ['returns'])).toThrow(/returns\.csv/));
});
