import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { originFromSales, readPanelDataset, scaleHistoryOf } from './origin';

/** A tiny shop in salescast's format, like online_retail: A sells in July, B only in March, C in October. */
function writeShop(dir: string, badLine: boolean): void {
  writeFileSync(
    join(dir, 'skus.csv'),
    [
      'sku,name,category,unit_price,launched_on,discontinued_on',
      'A,Mug,giftware,2.5,2011-01-03,',
      'B,Bag,giftware,1.0,2011-01-03,',
      'C,Lamp,giftware,9.0,2011-01-03,',
      '',
    ].join('\n'),
  );
  const lines = [
    'order_id,line_no,sku,quantity,unit_price,ordered_at',
    '1,1,A,4,2.5,2011-01-03T09:00:00Z',
    '2,1,B,3,1.0,2011-03-10T09:00:00Z',
    '3,1,A,6,2.5,2011-07-05T10:00:00Z',
    '4,1,A,2,2.5,2011-10-04T10:00:00Z',
    '5,1,C,1,9.0,2011-10-05T10:00:00Z',
    '6,1,A,1,2.5,2011-12-09T10:00:00Z',
  ];
  if (badLine) lines.splice(2, 0, '9,1,A,-5,2.5,2011-02-01T09:00:00Z');
  writeFileSync(join(dir, 'sales_lines.csv'), lines.join('\n') + '\n');
}

describe('the panel reader (online_retail and any data set in salescast format)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'bench-panel-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a bad row with its file and line number and keeps the good rows', async () => {
    writeShop(dir, true);
    const { dataset, rejects } = await readPanelDataset(dir);
    expect(rejects.total).toBe(1);
    // The header is line 1; the bad row was inserted as the third line.
    expect(rejects.report()).toMatch(/sales_lines\.csv line 3: .*quantity/);
    expect(dataset.rows.sales_lines).toBe(6);
  });

  it('says "no rows skipped" on clean data', async () => {
    writeShop(dir, false);
    expect((await readPanelDataset(dir)).rejects.report()).toBe('no rows skipped');
  });

  it('forecasts the SKUs that sold in the last three months, with the next days as truth (0 without a line)', async () => {
    writeShop(dir, false);
    const { dataset } = await readPanelDataset(dir);
    const origin = originFromSales('shop', dataset, { asOf: '2011-09-30', horizon: 61, activeMonths: 3 });
    // A sold in July; B last sold in March; C had not sold yet.
    expect(origin.selection.series.map((s) => s.sku.sku)).toEqual(['A']);
    expect(origin.truth).toHaveLength(61);
    expect(origin.truth[0]).toEqual({ sku: 'A', date: '2011-10-01', quantity: 0 });
    expect(origin.truth.find((t) => t.date === '2011-10-04')?.quantity).toBe(2);
    expect(origin.truth.reduce((a, t) => a + t.quantity, 0)).toBe(2);
    expect(origin.prices.get('A')).toBe(2.5);
    expect(origin.previousActual('A', '2011-09')).toBe(0);
    expect(origin.previousActual('A', '2011-07')).toBe(6);
    expect(origin.rule).toMatch(/2011-07-01 and 2011-09-30: 1/);
  });

  it('refuses an origin whose horizon runs past the data', async () => {
    writeShop(dir, false);
    const { dataset } = await readPanelDataset(dir);
    expect(() =>
      originFromSales('shop', dataset, { asOf: '2011-11-30', horizon: 61, activeMonths: 3 }),
    ).toThrow(/runs past the last sale/);
  });

  it('scales MASE on the last year only, with disrupted days left out', () => {
    const y = Array.from({ length: 400 }, (_, i) => i);
    const h = scaleHistoryOf(y, [{ kind: 'shutdown', window: { start: 390, end: 395 } }]);
    expect(h).toHaveLength(365);
    expect(h[0]).toBe(35);
    expect(h.filter(Number.isNaN)).toHaveLength(5);
  });
});
