import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GLOBAL_MODEL, GLOBAL_MIN_SERIES, loadEngine } from '@salescast/forecasting';
import { generatedOrigin } from './panel-datasets';
import { runPanelOrigin } from './run-panel';

let root: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'salescast-run-panel-'));
  await loadEngine();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('runPanelOrigin, member rows', () => {
  // a generated world (scale 0.002: a few dozen SKUs, seven years) and a global fit: a minute on a busy machine
  it("gives the global model's own row the paths the panel fits for it, as `salescast forecast` does", async () => {
    const { origin } = await generatedOrigin(3, { scale: 0.002, preset: 'varied', cacheRoot: root, seed: 1 });
    const series = origin.selection.series.slice(0, GLOBAL_MIN_SERIES + 2);
    const keep = new Set(series.map((s) => s.sku.sku));
    const table = await runPanelOrigin(
      {
        ...origin,
        selection: { ...origin.selection, series },
        truth: origin.truth.filter((t) => keep.has(t.sku)),
      },
      { members: ['seasonal_ratio', GLOBAL_MODEL], memberRows: true, peer: 'skip', workers: 1, seed: 1 },
    );
    const row = table.rows.find((r) => r.method === GLOBAL_MODEL && r.kind === 'member');
    expect(row).toBeDefined();
    // before, every SKU "failed → naive_level": the member looked for paths nobody had fitted
    expect(row!.note ?? '').not.toMatch(/failed/);
    expect(row!.wape_month).not.toBeNull();
    const naive = table.rows.find((r) => r.method === 'naive_level')!;
    expect(row!.wape_month).not.toBe(naive.wape_month);
  }, 300_000);
});
