import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATEGORIES } from './categories';
import { buildCatalog } from './catalog';
import { dayNumber } from './days';
import { DemandModel } from './demand';
import { generate } from './generate';
import { Rng } from './rng';
import { DAYS } from './story';
import { isStoryWorld, STORY_WORLD, VARIED_RANGES, variedWorld, worldOf } from './world';

jest.setTimeout(60_000);

const catalogOf = (knobs: Parameters<typeof worldOf>[0], count = 400) =>
  buildCatalog(new Rng(11), count, worldOf(knobs), new Rng(12));

describe('world knobs', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("keeps the story's bytes when no knob is changed (the sample and the tests stay valid)", async () => {
    const a = mkdtempSync(join(tmpdir(), 'world-'));
    const b = mkdtempSync(join(tmpdir(), 'world-'));
    const c = mkdtempSync(join(tmpdir(), 'world-'));
    dirs.push(a, b, c);
    await generate({ out: a, seed: 5, scale: 0.0001, skus: 12 });
    await generate({ out: b, seed: 5, scale: 0.0001, skus: 12, world: { ...STORY_WORLD } });
    await generate({
      out: c,
      seed: 5,
      scale: 0.0001,
      skus: 12,
      world: { seasonStrength: CATEGORIES.map(() => 0) },
    });
    for (const name of readdirSync(a, { recursive: true }) as string[]) {
      if (!name.includes('.')) continue;
      expect(readFileSync(join(b, name)).equals(readFileSync(join(a, name)))).toBe(true);
    }
    expect(readFileSync(join(c, 'sales_lines.csv')).equals(readFileSync(join(a, 'sales_lines.csv')))).toBe(
      false,
    );
    expect(JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8')).world).toBeUndefined();
    expect(JSON.parse(readFileSync(join(c, 'manifest.json'), 'utf8')).world.seasonStrength).toEqual(
      CATEGORIES.map(() => 0),
    );
  });

  it("seasonStrength scales each category's yearly season: 0 is flat", () => {
    const garden = CATEGORIES.findIndex((c) => c.name === 'garden');
    const [plan] = buildCatalog(new Rng(3), 200).filter(
      (p) => p.category === garden && p.launch < DAYS.historyStart && p.discontinued === undefined,
    );
    const ratio = (strength: number) => {
      const s = CATEGORIES.map(() => 1);
      s[garden] = strength;
      const model = new DemandModel([plan], [], 1, s);
      const at = (iso: string) => {
        model.startDay(dayNumber(iso));
        return model.expected(plan);
      };
      // Same weekday (Wednesdays), spring peak vs. autumn, away from holidays and promotions.
      return at('2019-05-15') / at('2019-10-16');
    };
    // Only growth separates the two days of a flat season (5 months of 15 % a year: < 7 %).
    expect(Math.abs(ratio(0) - 1)).toBeLessThan(0.07);
    expect(ratio(1)).toBeGreaterThan(2);
    expect(ratio(2)).toBeGreaterThan(ratio(1));
  });

  it('neverRecoverShare, trendBreakShare, establishedShare, discontinueScale and intermittentShare act as named', () => {
    expect(catalogOf({ neverRecoverShare: 1 }).every((p) => p.recovery.cap <= 0.6)).toBe(true);
    expect(catalogOf({}).filter((p) => p.recovery.cap <= 0.6).length).toBeLessThan(40);
    expect(catalogOf({ trendBreakShare: 1 }).every((p) => p.trendBreak !== undefined)).toBe(true);
    expect(catalogOf({}).some((p) => p.trendBreak !== undefined)).toBe(false);
    expect(catalogOf({ establishedShare: 1 }).every((p) => p.launch < DAYS.historyStart)).toBe(true);
    expect(catalogOf({ establishedShare: 0 }).every((p) => p.launch > DAYS.historyStart)).toBe(true);
    expect(catalogOf({ discontinueScale: 0 }).some((p) => p.discontinued !== undefined)).toBe(false);
    const discontinued = (k: number) =>
      catalogOf({ discontinueScale: k }).filter((p) => p.discontinued).length;
    expect(discontinued(2)).toBeGreaterThan(1.5 * discontinued(1));
    // Slow movers are the popularity × 0.08 draws: more of them, lower median popularity.
    const median = (k: number) => {
      const p = catalogOf({ intermittentShare: k }, 1000)
        .map((x) => x.popularity)
        .sort((a, b) => a - b);
      return p[500];
    };
    expect(median(0.6)).toBeLessThan(0.5 * median(0));
  });

  it('a trend break moves the level by its factor after its ramp', () => {
    const [plan] = catalogOf({ trendBreakShare: 1, establishedShare: 1, discontinueScale: 0 }, 1);
    const model = new DemandModel([plan], []);
    const br = plan.trendBreak!;
    const level = (day: number) => {
      model.startDay(day);
      return model.expected(plan);
    };
    const noBreak = new DemandModel([{ ...plan, trendBreak: undefined }], []);
    const day = br.day + br.rampDays + 10;
    noBreak.startDay(day);
    expect(level(day) / noBreak.expected({ ...plan, trendBreak: undefined })).toBeCloseTo(br.factor, 6);
  });

  it('the varied preset draws every knob per seed within its range, the same for the same seed', () => {
    const a = variedWorld(1);
    expect(variedWorld(1)).toEqual(a);
    expect(variedWorld(2)).not.toEqual(a);
    for (const seed of [1, 2, 3, 4, 5]) {
      const w = variedWorld(seed);
      expect(isStoryWorld(w)).toBe(false);
      for (const s of w.seasonStrength) {
        expect(s).toBeGreaterThanOrEqual(VARIED_RANGES.seasonStrength[0]);
        expect(s).toBeLessThan(VARIED_RANGES.seasonStrength[1]);
      }
      expect(worldOf(w)).toEqual(w);
    }
  });

  it('rejects knobs out of range, naming them', () => {
    expect(() => worldOf({ neverRecoverShare: 1.5 })).toThrow(/neverRecoverShare/);
    expect(() => worldOf({ seasonStrength: [1] })).toThrow(/seasonStrength/);
    expect(() => worldOf({ recoverySpread: -1 })).toThrow(/recoverySpread/);
    expect(isStoryWorld(worldOf())).toBe(true);
  });
});
