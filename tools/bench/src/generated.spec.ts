import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { buildProgram } from './cli';
import { ensureGenerated, generatedCacheDir, generatorFingerprint, splitStory } from './datasets/generated';
import { scorePanelMethod, PanelMethod } from './panel/metrics';
import { panelTruth } from './panel/origin';

let root: string;
beforeAll(() => (root = mkdtempSync(join(tmpdir(), 'salescast-generated-'))));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A hand-made data set: SKU A sells 1 a day in June and, in the files, also in July (which must not leak). */
function handMade(dir: string): void {
  mkdirSync(join(dir, 'truth'), { recursive: true });
  writeFileSync(
    join(dir, 'skus.csv'),
    'sku,name,category,unit_price,launched_on,discontinued_on\nA,A,toys,2.00,2025-01-01,\nB,B,toys,10.00,2025-01-01,\nC,C,toys,1.00,2025-08-15,\n',
  );
  const lines = ['order_id,line_no,sku,quantity,unit_price,ordered_at'];
  let order = 0;
  for (let d = 1; d <= 30; d++) {
    const day = `2025-06-${String(d).padStart(2, '0')}`;
    lines.push(`O${++order},1,A,1,2.00,${day}T10:00:00Z`);
    if (d % 2 === 0) lines.push(`O${++order},1,B,3,10.00,${day}T11:00:00Z`);
  }
  lines.push(`O${++order},1,A,50,2.00,2025-07-02T10:00:00Z`); // after the as-of day
  writeFileSync(join(dir, 'sales_lines.csv'), lines.join('\n') + '\n');
  const truth = ['sku,date,quantity,expected,p10,p90'];
  for (const sku of ['A', 'B', 'C'])
    for (const date of ['2025-06-30', '2025-07-01', '2025-07-02', '2025-08-31', '2025-09-01'])
      truth.push(`${sku},${date},${sku === 'A' ? 2 : 4},1.5,0,3`);
  writeFileSync(join(dir, 'truth', 'daily_truth.csv'), truth.join('\n') + '\n');
}

describe('splitStory (the history / truth split)', () => {
  it('ends every series on the as-of day, leaks no later sale, keeps only the horizon of forecast SKUs', async () => {
    const dir = join(root, 'hand');
    handMade(dir);
    const split = await splitStory(dir, { asOf: '2025-06-30', horizon: 62 });
    const a = split.selection.series.find((s) => s.series.id === 'A')!;
    expect(a.series.start).toBe('2025-06-01');
    expect(a.series.y).toHaveLength(30);
    expect(Math.max(...a.series.y)).toBe(1); // the 50 units of 2 July are not in the history
    expect(split.selection.series.map((s) => s.series.id).sort()).toEqual(['A', 'B']); // C has no sale yet
    const dates = [...new Set(split.truth.map((t) => t.date))].sort();
    expect(dates).toEqual(['2025-07-01', '2025-07-02', '2025-08-31']);
    expect(new Set(split.truth.map((t) => t.sku))).toEqual(new Set(['A', 'B']));
    expect(split.oracle[0]).toMatchObject({ mean: 1.5, p10: 0, p90: 3 });
    expect(split.oracle).toHaveLength(split.truth.length);
  });
});

describe('scoring a generated split (panel metrics)', () => {
  it('scores every row on the same SKU-days, with direction from June and the oracle beside', async () => {
    const dir = join(root, 'hand-score');
    handMade(dir);
    const split = await splitStory(dir, { asOf: '2025-06-30', horizon: 62 });
    const truth = panelTruth(split.dataset, split.selection, split.truth);
    // Truth: A 2 + 2 in July, 2 on 31 Aug; B 4 + 4, 4. June: A 30 units, B 45.
    const flat = (value: number): PanelMethod['rows'] =>
      split.truth.map((t) => ({ sku: t.sku, date: t.date, mean: value, p10: value - 1, p90: value + 1 }));
    const ours = scorePanelMethod({ method: 'ours', kind: 'ours', rows: flat(3), secondsPerSku: 1 }, truth);
    expect(ours.skus).toBe(2);
    expect(ours.topSkus).toBe(1); // B: 12 units × 10 beats A: 6 × 2
    // Months: A Jul 4 vs 6, A Aug 2 vs 3, B Jul 8 vs 6, B Aug 4 vs 3 → |e| 2 + 1 + 2 + 1 = 6 over 18 units.
    expect(ours.wape_month).toBeCloseTo((100 * 6) / 18);
    expect(ours.mape_month).toBeCloseTo((100 * (0.5 + 0.5 + 0.25 + 0.25)) / 4);
    expect(ours.accuracy_top).toBeCloseTo(100 - 25);
    // Direction on B (top): June 45 → July 8 down, forecast 6 down: right; July 8 → Aug 4 down, forecast 3 down: right.
    expect(ours.direction_top).toBe(1);
    expect(ours.coverage80).toBe(1); // A's 2 and B's 4 units are inside [2, 4] every day
    const oracle = scorePanelMethod({ method: 'oracle', kind: 'oracle', rows: split.oracle }, truth);
    expect(oracle.seconds_per_sku).toBeNull();
    expect(oracle.wape_month).not.toBeNull();
  });
});

describe('ensureGenerated (the cache)', () => {
  it('generates once into <cache>/generated-<seed>-<scale>-<generator hash> and reuses it', async () => {
    const fp = generatorFingerprint();
    expect(fp).toMatch(/^[0-9a-f]{8}$/);
    const options = { seed: 5, scale: 0.0002, cacheRoot: root };
    const first = await ensureGenerated(options);
    expect(first).toEqual({ dir: generatedCacheDir(options), reused: false });
    expect(first.dir).toBe(join(root, `generated-5-0.0002-${fp}`));
    const truth = parse(readFileSync(join(first.dir, 'truth', 'daily_truth.csv')), {
      columns: true,
    }) as Array<Record<string, string>>;
    // The oracle's p10–p90 covers at least 80 % of the realised days (whole units).
    const inside = truth.filter(
      (t) => Number(t.quantity) >= Number(t.p10) && Number(t.quantity) <= Number(t.p90),
    );
    expect(inside.length / truth.length).toBeGreaterThan(0.8);
    expect((await ensureGenerated(options)).reused).toBe(true);
    expect((await ensureGenerated({ ...options, seed: 6 })).reused).toBe(false);
    // The varied world of the same seed is another data set, in its own folder, with its knobs in the manifest.
    const varied = await ensureGenerated({ ...options, preset: 'varied' });
    expect(varied.dir).toBe(join(root, `generated-varied1-5-0.0002-${fp}`));
    const manifest = JSON.parse(readFileSync(join(varied.dir, 'manifest.json'), 'utf8'));
    expect(manifest.world.seasonStrength).toHaveLength(8);
  }, 90_000);
});

describe('--dataset generated options', () => {
  const parseArgs = (...args: string[]) =>
    buildProgram()
      .exitOverride()
      .configureOutput({ writeErr: () => undefined, writeOut: () => undefined })
      .parse(['node', 'bench', ...args])
      .opts();

  it('accepts the generated story with its seed and scale', () => {
    expect(
      parseArgs('--dataset', 'generated', '--scale', '0.02', '--data-seed', '7', '--preset', 'story'),
    ).toMatchObject({
      dataset: 'generated',
      scale: 0.02,
      dataSeed: 7,
      preset: 'story',
    });
  });

  it('defaults to the varied world and reads a seed list and the peer mode', () => {
    expect(parseArgs('--dataset', 'generated', '--seeds', '1,2, 3', '--peer', 'cache-only')).toMatchObject({
      preset: 'varied',
      seeds: [1, 2, 3],
      peer: 'cache-only',
      memberRows: true,
    });
    expect(() => parseArgs('--dataset', 'generated', '--peer', 'maybe')).toThrow(/maybe/);
  });

  it('takes online_retail with --top and origins', () => {
    expect(
      parseArgs('--dataset', 'online_retail', '--top', '50', '--origins', '2011-09-30', '--no-member-rows'),
    ).toMatchObject({ dataset: 'online_retail', top: 50, origins: ['2011-09-30'], memberRows: false });
  });
});
