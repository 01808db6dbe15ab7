import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTruthRows } from './read-rows';

describe('readTruthRows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'salescast-truth-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("keeps the truth's own band where the file has one, and leaves it out where it has none", async () => {
    const banded = file('banded.csv', 'sku,date,quantity,expected,p10,p90\nA,2025-07-01,3,2.5,1,5\n');
    expect(await readTruthRows(banded)).toEqual([
      { sku: 'A', date: '2025-07-01', quantity: 3, p10: 1, p90: 5 },
    ]);
    expect(await readTruthRows(banded, 'expected')).toEqual([
      { sku: 'A', date: '2025-07-01', quantity: 2.5, p10: 1, p90: 5 },
    ]);
    const plain = file('plain.csv', 'sku,date,quantity\nA,2025-07-01,3\n');
    expect(await readTruthRows(plain)).toEqual([{ sku: 'A', date: '2025-07-01', quantity: 3 }]);
  });

  it('names the file, line and column of a band that is not a number', async () => {
    const bad = file('bad.csv', 'sku,date,quantity,p10,p90\nA,2025-07-01,3,1,5\nA,2025-07-02,3,x,5\n');
    await expect(readTruthRows(bad)).rejects.toThrow(/bad\.csv:3: 'p10' is not a number: 'x'/);
  });
});
