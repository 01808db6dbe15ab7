import { RejectLog } from '@salescast/datagen';
import { Dataset } from '../dataset/load-dataset';
import { actualsFor } from './actuals';

describe('actualsFor', () => {
  it('reads the units sold on each forecast SKU-day, 0 on days without sales, nothing after the data ends', () => {
    const day = (iso: string) => Math.round(Date.parse(iso) / 86_400_000);
    const dataset: Dataset = {
      dir: 'x',
      skus: new Map([['A', { sku: 'A', name: 'A', category: 'c', unitPrice: 1, launchedOn: '2020-01-01' }]]),
      terms: new Map(),
      events: [],
      daily: new Map([
        ['A', { units: new Map([[day('2025-06-01'), 4]]), revenue: new Map(), returned: new Map() }],
      ]),
      firstDay: day('2025-01-01'),
      lastDay: day('2025-06-02'),
      rows: {},
      rejects: new RejectLog(),
    };
    const forecast = ['2025-06-01', '2025-06-02', '2025-06-03'].map((date) => ({ sku: 'A', date, mean: 1 }));
    expect(actualsFor([...forecast, { sku: 'Z', date: '2025-06-01', mean: 1 }], dataset)).toEqual([
      { sku: 'A', date: '2025-06-01', quantity: 4 },
      { sku: 'A', date: '2025-06-02', quantity: 0 },
    ]);
  });
});
