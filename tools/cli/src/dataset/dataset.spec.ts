import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RejectLog } from '@salescast/datagen';
import { buildDailySeries } from './daily-series';
import { loadDataset } from './load-dataset';
import { readStock } from './stock';

function dataset(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cli-dataset-'));
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const SKUS =
  'sku,name,category,unit_price,launched_on,discontinued_on\nA,Mug,kitchen,5,2020-01-01,\nB,Lamp,home,20,2020-01-01,\nC,Old,home,9,2020-01-01,2024-01-03\nD,Never sold,home,9,2024-01-01,\n';
const LINES =
  'order_id,line_no,sku,quantity,unit_price,ordered_at\n' +
  'O1,1,A,2,5,2024-01-01T10:00:00Z\n' +
  'O1,2,B,1,20,2024-01-01T10:00:00Z\n' +
  'O2,1,A,1,4,2024-01-03T23:59:59Z\n' +
  'O3,1,A,3,5,2024-01-06T08:00:00Z\n' +
  'O4,1,C,1,9,2024-01-02T08:00:00Z\n' +
  'O5,1,X,1,9,2024-01-02T08:00:00Z\n' + // unknown SKU
  'O2,1,A,1,4,2024-01-03T23:59:59Z\n' + // duplicate
  'O6,1,B,0,20,2024-01-04T08:00:00Z\n'; // zero quantity
const RETURNS =
  'return_id,order_id,sku,quantity,returned_at\nR1,O1,A,1,2024-01-05T09:00:00Z\nR2,O1,Z,1,2024-01-05T09:00:00Z\n';
const EVENTS =
  'kind,starts_on,ends_on,scope,description\nshutdown,2024-01-04,2024-01-05,all,closed\nreopening,2024-01-06,,all,open\npromotion,2024-01-06,2024-01-08,category:kitchen,mug sale\n';
const TERMS = 'sku,supplier,moq,lead_time_days\nA,S1,10,7\nB,S2,1,3\n';

describe('loadDataset + buildDailySeries', () => {
  it('aggregates gross daily units per SKU, maps events, and rejects bad rows with their reasons', async () => {
    const dir = dataset({
      'skus.csv': SKUS,
      'sales_lines.csv': LINES,
      'returns.csv': RETURNS,
      'business_events.csv': EVENTS,
      'supply_terms.csv': TERMS,
    });
    const rejects = new RejectLog();
    const data = await loadDataset(dir, { rejects });
    expect(rejects.byFile()).toEqual({ 'sales_lines.csv': 3, 'returns.csv': 1 });
    expect(data.rows).toMatchObject({
      skus: 4,
      sales_lines: 5,
      returns: 1,
      business_events: 3,
      supply_terms: 2,
    });

    const selection = buildDailySeries(data, {});
    expect(selection.asOf).toBe('2024-01-06');
    const a = selection.series.find((s) => s.sku.sku === 'A');
    expect(a?.series).toEqual({ id: 'A', freq: 'daily', start: '2024-01-01', y: [2, 0, 1, 0, 0, 3] });
    // Returns are reported, not netted out of demand.
    expect(a?.returned).toEqual([0, 0, 0, 0, 1, 0]);
    expect(a?.context.disruptions).toEqual([{ kind: 'shutdown', window: { start: 3, end: 5 } }]);
    expect(a?.context.promotions).toEqual([{ start: 5, end: 8 }]);
    expect(a?.revenueLastYear).toBeCloseTo(2 * 5 + 4 + 15);
    expect(a?.terms).toEqual({ sku: 'A', supplier: 'S1', moq: 10, leadTimeDays: 7 });
    expect(selection.series.map((s) => s.sku.sku)).toEqual(['A', 'B']); // by revenue: A 29 > B 20
    expect(selection.skipped).toEqual([
      { sku: 'C', reason: 'discontinued on 2024-01-03' },
      { sku: 'D', reason: 'no sales up to 2024-01-06' },
    ]);
  });

  it('cuts the history at --as-of and keeps only the top SKUs by revenue', async () => {
    const dir = dataset({ 'skus.csv': SKUS, 'sales_lines.csv': LINES });
    const data = await loadDataset(dir);
    const selection = buildDailySeries(data, { asOf: '2024-01-03', top: 1 });
    expect(selection.series.map((s) => [s.sku.sku, s.series.y])).toEqual([['B', [1, 0, 0]]]);
    expect(selection.skipped).toContainEqual({ sku: 'A', reason: 'not in the top 1 by revenue' });
  });

  it('names the missing file when a data set lacks sales_lines.csv', async () => {
    await expect(loadDataset(dataset({ 'skus.csv': SKUS }))).rejects.toThrow(/sales_lines\.csv not found/);
  });

  it('reads stock on hand and rejects unknown SKUs and bad quantities', () => {
    const dir = dataset({ 'stock.csv': 'sku,on_hand\nA,12\nB,-1\nQ,3\nA,4\n' });
    const path = join(dir, 'rejects.csv');
    const rejects = new RejectLog(path);
    const stock = readStock(join(dir, 'stock.csv'), new Set(['A', 'B']), rejects, '2025-06-30');
    expect([...stock]).toEqual([['A', { sku: 'A', asOf: '2025-06-30', onHand: 12, onOrder: 0 }]]);
    expect(rejects.total).toBe(3);
    return rejects
      .close()
      .then(() =>
        expect(readFileSync(path, 'utf8')).toContain(
          `stock.csv,3,"'on_hand' must be a number >= 0, got '-1'","B,-1"`,
        ),
      );
  });

  it('reads inventory.csv rows (on order, as of a day) and keeps the latest day per SKU', () => {
    const dir = dataset({
      'inventory.csv': 'sku,as_of,on_hand,on_order\nA,2025-06-29,5,0\nA,2025-06-30,7,20\nB,2025-06-30,1,x\n',
    });
    const rejects = new RejectLog();
    const stock = readStock(join(dir, 'inventory.csv'), new Set(['A', 'B']), rejects);
    expect(stock.get('A')).toEqual({ sku: 'A', asOf: '2025-06-30', onHand: 7, onOrder: 20 });
    expect(stock.has('B')).toBe(false);
    expect(rejects.total).toBe(1);
  });

  it('learns how demand ran down before the ends of sale of the SKUs that have already ended', async () => {
    // Four SKUs sold 10 a day from 2023-01-01 and ended on 2024-01-01, falling linearly to 3 a day over their
    // last 70 days; one more ends after as-of (forecast, not learned from); one ended too young to say.
    const day0 = Date.UTC(2023, 0, 1);
    const iso = (i: number) => new Date(day0 + i * 86_400_000).toISOString().slice(0, 10);
    const skus = ['sku,name,category,unit_price,launched_on,discontinued_on'];
    const lines = ['order_id,line_no,sku,quantity,unit_price,ordered_at'];
    const add = (sku: string, from: number, end: number) => {
      skus.push(`${sku},${sku},home,5,${iso(from)},${iso(end)}`);
      for (let i = from; i < end && i < 400; i++) {
        const d = end - i;
        const q = Math.round(d > 70 ? 10 : 3 + (7 * d) / 70);
        lines.push(`O${sku}${i},1,${sku},${q},5,${iso(i)}T10:00:00Z`);
      }
    };
    for (const sku of ['E1', 'E2', 'E3', 'E4']) add(sku, 0, 365);
    add('Young', 300, 365);
    add('Live', 0, 420);
    const data = await loadDataset(
      dataset({ 'skus.csv': skus.join('\n') + '\n', 'sales_lines.csv': lines.join('\n') + '\n' }),
    );
    const selection = buildDailySeries(data, { asOf: iso(399) });
    expect(selection.series.map((s) => s.sku.sku)).toEqual(['Live']);
    expect(selection.runDown?.skus).toBe(4);
    const [last, , , , , , firstOutside] = selection.runDown!.buckets;
    expect(last).toBeLessThan(0.6); // ~0.37 pulled toward 1 by 4 SKUs against a prior of 3
    expect(firstOutside).toBeCloseTo(1, 1);
  });

  it('learns how demand ramped up after the launches within the data, against the category, and dates each SKU', async () => {
    // Category "home": two SKUs on sale since the first day (the peers), whose demand doubles from day 200 on (the
    // shop's growth, not a ramp); four SKUs launched on days 30…90 sell 2 a day in their first 28 days, then 6
    // (a third, then the full share of the peers); one more launches 20 days before as-of.
    const day0 = Date.UTC(2023, 0, 1);
    const iso = (i: number) => new Date(day0 + i * 86_400_000).toISOString().slice(0, 10);
    const skus = ['sku,name,category,unit_price,launched_on,discontinued_on'];
    const lines = ['order_id,line_no,sku,quantity,unit_price,ordered_at'];
    const asOf = 399;
    const add = (sku: string, from: number, rate: (age: number, day: number) => number) => {
      skus.push(`${sku},${sku},home,5,${iso(from)},`);
      for (let i = from; i <= asOf; i++)
        lines.push(`O${sku}${i},1,${sku},${rate(i - from, i)},5,${iso(i)}T10:00:00Z`);
    };
    const grown = (day: number) => (day >= 200 ? 2 : 1);
    add('P1', 0, (_, day) => 300 * grown(day));
    add('P2', 0, (_, day) => 300 * grown(day));
    for (const [i, sku] of ['L1', 'L2', 'L3', 'L4'].entries())
      add(sku, 30 + 20 * i, (age, day) => (age < 28 ? 2 : 6) * grown(day));
    add('New', asOf - 20, () => 2);
    const selection = buildDailySeries(
      await loadDataset(
        dataset({ 'skus.csv': skus.join('\n') + '\n', 'sales_lines.csv': lines.join('\n') + '\n' }),
      ),
      { asOf: iso(asOf) },
    );
    const ramp = selection.launchRamp!;
    expect(ramp.skus).toBe(4); // New is too young to learn from; P1 and P2 were on sale from the data's first day
    // ages 1…13 and 14…27 sold a third of the mature share; from 28 on the full share, whatever the peers did
    expect(ramp.buckets[0]).toBeLessThan(0.6);
    expect(ramp.buckets[1]).toBeLessThan(0.6);
    ramp.buckets.slice(2).forEach((b) => expect(b).toBeCloseTo(1, 1));
    const age = (sku: string) => selection.series.find((s) => s.sku.sku === sku)!.launchAge;
    expect(age('New')).toBe(20);
    expect(age('L1')).toBe(asOf - 30);
    expect(age('P1')).toBeUndefined();
  });
});
