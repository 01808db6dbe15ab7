import { COLUMNS, validateRow } from '@salescast/datagen';
import { canonicalDay, dayNumber, dayText, FieldKind } from './canonical-rows';

const SALES: FieldKind[] = ['text', 'count', 'text', 'count', 'price', 'timestamp'];
const day = (line: string) => canonicalDay(Buffer.from(line), 0, Buffer.byteLength(line), SALES);

/** The reference: what validateRow (and the table's whole-quantity rule) makes of the same line. */
function reference(line: string) {
  const fields = line.split(',');
  const r = validateRow('sales_lines', (c) => fields[COLUMNS.sales_lines.indexOf(c)]);
  if (!r.ok || !Number.isInteger(r.record.quantity)) return undefined;
  return r.record;
}

describe('canonicalDay', () => {
  it('passes the lines salescast writes, with their day', () => {
    expect(day('O000000001,1,SKU-00068,1,7.99,2018-01-01T07:00:37Z')).toBe(20180101);
    expect(day('O1,12,SKU-1,3,0,2024-02-29T23:59:59.123456789+00:00')).toBe(20240229);
    expect(day('O1,1,A B,3,10.5,2024-03-01T10:00-0000')).toBe(20240301);
  });

  it.each([
    ['a space around a field', 'O1, 1,SKU-1,1,1.00,2024-03-01T10:00:00Z'],
    ['a trailing space', 'O1 ,1,SKU-1,1,1.00,2024-03-01T10:00:00Z'],
    ['a quote', '"O1",1,SKU-1,1,1.00,2024-03-01T10:00:00Z'],
    ['non-ASCII text', 'Ö1,1,SKU-1,1,1.00,2024-03-01T10:00:00Z'],
    ['a tab', 'O\t1,1,SKU-1,1,1.00,2024-03-01T10:00:00Z'],
    ['an empty field', ',1,SKU-1,1,1.00,2024-03-01T10:00:00Z'],
    ['a leading zero', 'O1,01,SKU-1,1,1.00,2024-03-01T10:00:00Z'],
    ['line 0', 'O1,0,SKU-1,1,1.00,2024-03-01T10:00:00Z'],
    ['a decimal quantity', 'O1,1,SKU-1,1.0,1.00,2024-03-01T10:00:00Z'],
    ['a quantity past integer', 'O1,1,SKU-1,2147483648,1.00,2024-03-01T10:00:00Z'],
    ['a negative price', 'O1,1,SKU-1,1,-1.00,2024-03-01T10:00:00Z'],
    ['a price without digits before the point', 'O1,1,SKU-1,1,.5,2024-03-01T10:00:00Z'],
    ['a price of 16 integer digits', 'O1,1,SKU-1,1,1234567890123456,2024-03-01T10:00:00Z'],
    ['an exponent', 'O1,1,SKU-1,1,1e3,2024-03-01T10:00:00Z'],
    ['a day that does not exist', 'O1,1,SKU-1,1,1.00,2023-02-29T10:00:00Z'],
    ['a year before 1000', 'O1,1,SKU-1,1,1.00,0024-02-29T10:00:00Z'],
    ['hour 24', 'O1,1,SKU-1,1,1.00,2024-03-01T24:00:00Z'],
    ['a local offset', 'O1,1,SKU-1,1,1.00,2024-03-01T10:00:00+01:00'],
    ['no zone', 'O1,1,SKU-1,1,1.00,2024-03-01T10:00:00'],
    ['ten fraction digits', 'O1,1,SKU-1,1,1.00,2024-03-01T10:00:00.1234567890Z'],
    ['a missing field', 'O1,1,SKU-1,1,2024-03-01T10:00:00Z'],
    ['an extra field', 'O1,1,SKU-1,1,1.00,2024-03-01T10:00:00Z,x'],
  ])('leaves %s to the reference path', (_, line) => expect(day(line)).toBe(-1));

  it('never passes a line that the reference would reject or read differently', () => {
    // canonical lines, then every single-character mutation of them that keeps the field count
    const seeds = [
      'O000000001,1,SKU-00068,1,7.99,2018-01-01T07:00:37Z',
      'X9,999999999,S,12,0.5,2024-02-29T23:59:59.5+00:00',
      'O7,3,SKU-1,2,100,2000-12-31T00:00Z',
    ];
    const alphabet = ['0', '1', '9', ' ', '.', '-', '+', ':', 'T', 'Z', 'e', 'a', '"', '\t', 'é'];
    let checked = 0;
    for (const seed of seeds)
      for (let i = 0; i <= seed.length; i++)
        for (const ch of [...alphabet, '']) {
          for (const line of [
            seed.slice(0, i) + ch + seed.slice(i + 1),
            seed.slice(0, i) + ch + seed.slice(i),
          ]) {
            const d = day(line);
            if (d < 0) continue;
            checked++;
            const ref = reference(line);
            expect({ line, accepted: ref !== undefined }).toEqual({ line, accepted: true });
            const raw = line.split(',');
            // the raw field text is what goes to PostgreSQL: it must mean what the reference read
            expect([
              raw[0],
              Number(raw[1]),
              raw[2],
              Number(raw[3]),
              Number(raw[4]),
              raw[5],
              dayText(d),
            ]).toEqual([
              ref?.orderId,
              ref?.lineNo,
              ref?.sku,
              ref?.quantity,
              ref?.unitPrice,
              ref?.orderedAt,
              ref?.day,
            ]);
          }
        }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('dayText / dayNumber', () => {
  it('round-trip', () => {
    expect(dayText(20240301)).toBe('2024-03-01');
    expect(dayNumber('2024-03-01')).toBe(20240301);
  });
});
