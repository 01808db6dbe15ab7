import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { readRecords } from '../format/reader';
import { FILE_NAMES, RecordKind, SalesLine } from '../format/records';
import { generate, GenerateSummary } from './generate';
import { STORY } from './story';

const tiny = { scale: 0.0001, skus: 12 };

// Each generation takes about a second; the CPU is shared.
jest.setTimeout(60_000);

const dirs: string[] = [];
function outDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'datagen-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function filesOf(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(dir, { recursive: true }) as string[])
    if (name.endsWith('.csv') || name.endsWith('.json')) files.set(name, readFileSync(join(dir, name)));
  return files;
}

describe('generate', () => {
  let dir: string;
  let summary: GenerateSummary;

  beforeAll(async () => {
    dir = outDir();
    summary = await generate({ out: dir, seed: 7, ...tiny });
  });

  it('writes the same bytes for the same seed, and different data for another seed', async () => {
    const again = outDir();
    await generate({ out: again, seed: 7, ...tiny });
    const other = outDir();
    await generate({ out: other, seed: 8, ...tiny });
    const first = filesOf(dir);
    const second = filesOf(again);
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [name, bytes] of first) expect(second.get(name)?.equals(bytes)).toBe(true);
    expect(
      filesOf(other)
        .get(FILE_NAMES.sales_lines)
        ?.equals(first.get(FILE_NAMES.sales_lines) as Buffer),
    ).toBe(false);
  });

  it('writes files that the reader accepts without a single reject', async () => {
    const skus = new Set<string>();
    const kinds: RecordKind[] = ['skus', 'supply_terms', 'business_events', 'sales_lines', 'returns'];
    for (const kind of kinds) {
      let rows = 0;
      for await (const row of readRecords(kind, join(dir, FILE_NAMES[kind]), {
        knownSkus: kind === 'skus' ? undefined : skus,
      })) {
        if (!row.ok) throw new Error(`${kind}: ${JSON.stringify(row.reject)}`);
        if (kind === 'skus') skus.add((row.record as { sku: string }).sku);
        rows++;
      }
      expect(rows).toBeGreaterThan(0);
    }
    expect(skus.size).toBe(tiny.skus);
  });

  it('tells the story: growth, no sales while closed, a recovery, returns after their sale', async () => {
    const unitsByMonth = new Map<string, number>();
    const orderDay = new Map<string, string>();
    let lines = 0;
    for await (const row of readRecords('sales_lines', join(dir, FILE_NAMES.sales_lines))) {
      if (!row.ok) continue;
      const r: SalesLine = row.record;
      lines++;
      expect(r.day < STORY.shutdownStart || r.day >= STORY.reopening).toBe(true);
      expect(r.day <= STORY.dataEnd).toBe(true);
      unitsByMonth.set(r.day.slice(0, 7), (unitsByMonth.get(r.day.slice(0, 7)) ?? 0) + r.quantity);
      orderDay.set(r.orderId, r.day);
    }
    // Volume is calibrated in units; with very few SKUs more lines merge within orders, hence the tolerance.
    expect(Math.abs(lines / (STORY.linesAtScale1 * tiny.scale) - 1)).toBeLessThan(0.25);
    expect(summary.lines).toBe(lines);
    const year = (y: number) =>
      [...unitsByMonth].filter(([m]) => m.startsWith(`${y}`)).reduce((a, [, u]) => a + u, 0);
    expect(year(2023)).toBeGreaterThan(1.5 * year(2018));
    // January 2025 (first weeks of recovery) sells less than June 2025.
    expect(unitsByMonth.get('2025-01') as number).toBeLessThan(unitsByMonth.get('2025-06') as number);

    for await (const row of readRecords('returns', join(dir, FILE_NAMES.returns))) {
      if (!row.ok) continue;
      const sold = orderDay.get(row.record.orderId);
      expect(sold).toBeDefined();
      expect(row.record.day > (sold as string)).toBe(true);
      expect(row.record.day < STORY.shutdownStart || row.record.day >= STORY.reopening).toBe(true);
    }
  });

  it('declares the shutdown and reopening in business_events.csv', () => {
    const events = parse(readFileSync(join(dir, FILE_NAMES.business_events)), { columns: true }) as Record<
      string,
      string
    >[];
    expect(events.filter((e) => e.kind !== 'promotion')).toEqual([
      expect.objectContaining({
        kind: 'shutdown',
        starts_on: STORY.shutdownStart,
        ends_on: STORY.shutdownEnd,
        scope: 'all',
      }),
      expect.objectContaining({ kind: 'reopening', starts_on: STORY.reopening, scope: 'all' }),
    ]);
    expect(events.some((e) => e.kind === 'promotion' && e.starts_on >= STORY.truthStart)).toBe(true);
  });

  it('writes the held-out truth for every day of July–August 2025 with the noise-free mean', () => {
    const truth = parse(readFileSync(join(dir, 'truth', 'daily_truth.csv')), { columns: true }) as Record<
      string,
      string
    >[];
    const days = new Set(truth.map((t) => t.date));
    expect(days.size).toBe(62);
    expect([...days].sort()[0]).toBe(STORY.truthStart);
    expect(truth.length % 62).toBe(0);
    const quantity = truth.reduce((a, t) => a + Number(t.quantity), 0);
    const expected = truth.reduce((a, t) => a + Number(t.expected), 0);
    expect(expected).toBeGreaterThan(0);
    // Realised units scatter around the generator's mean.
    expect(Math.abs(quantity / expected - 1)).toBeLessThan(0.3);
  });
});
