import { EngineTrainer, panelAdjustments } from './engine-trainer';
import { TrainingSeries } from './trainer.port';

describe('EngineTrainer', () => {
  it("forecasts a SKU 0 from its planned end of sale on (the SKU master's discontinued_on)", async () => {
    const trainer = await EngineTrainer.create({ horizon: 21 }, 0);
    try {
      const quantities = Array.from({ length: 120 }, (_, t) => 5 + (t % 7) + (t % 3)); // 2025-01-01 … 2025-04-30
      const [ending, selling] = await trainer.train([
        { sku: 'ENDING', start: '2025-01-01', quantities, endOfSale: '2025-05-08' },
        { sku: 'SELLING', start: '2025-01-01', quantities },
      ]);
      if (ending instanceof Error || selling instanceof Error)
        throw ending instanceof Error ? ending : selling;
      // 2025-05-01 … 05-07 are sold; from 05-08 on not
      expect(ending.forecast.slice(0, 7).every((v) => v > 0)).toBe(true);
      expect(ending.forecast.slice(7)).toEqual(new Array(14).fill(0));
      expect(selling.forecast.every((v) => v > 0)).toBe(true);
    } finally {
      await trainer.close();
    }
  }, 60_000);
});

describe('EngineTrainer and promotions', () => {
  const day = (i: number) => new Date(Date.UTC(2023, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
  const DAYS = 600;
  /** A SKU selling ~6 a day, ×1.6 during its two sale weeks (the first a year after clean weeks, its baseline). */
  const promoted = (id: string, first: number): TrainingSeries => {
    const weeks = [first, first + 200];
    const quantities = Array.from({ length: DAYS }, (_, t) => {
      const on = weeks.some((w) => t >= w && t < w + 7);
      return Math.round((on ? 1.6 : 1) * (5 + (t % 3)));
    });
    return {
      sku: id,
      start: day(0),
      quantities,
      events: weeks.map((w) => ({
        kind: 'promotion',
        startsOn: day(w),
        endsOn: day(w + 6),
        scope: `sku:${id}`,
      })),
    };
  };
  // a sale planned for the SKU that never had one, days 3–9 of the horizon
  const planned: TrainingSeries['events'] = [
    { kind: 'promotion', startsOn: day(DAYS + 3), endsOn: day(DAYS + 9), scope: 'sku:NEW' },
  ];
  const fresh: TrainingSeries = {
    sku: 'NEW',
    start: day(0),
    quantities: Array.from({ length: DAYS }, (_, t) => 5 + (t % 3)),
    events: planned,
  };

  it("learns the store's promotion lift in the panel stage, and a SKU without past promotions of its own borrows it", async () => {
    const trainer = await EngineTrainer.create({ horizon: 14, members: ['seasonal_ratio'] }, 0);
    try {
      const panel = [...Array.from({ length: 8 }, (_, i) => promoted(`P${i}`, 380 + 7 * i)), fresh];
      const { promotionPrior } = await trainer.fitPanel(panel);
      expect(promotionPrior?.skus).toBe(8);
      expect(Math.exp(promotionPrior!.logLift)).toBeGreaterThan(1.4);
      const [alone, borrowed] = await trainer.train([fresh, { ...fresh, promotionPrior }]);
      if (alone instanceof Error || borrowed instanceof Error)
        throw alone instanceof Error ? alone : borrowed;
      // alone it has no evidence of any lift; with the store's prior its sale days are lifted, the others not
      expect(borrowed.forecast[5] / alone.forecast[5]).toBeGreaterThan(1.4);
      expect(borrowed.forecast[12]).toBeCloseTo(alone.forecast[12], 6);
    } finally {
      await trainer.close();
    }
  }, 60_000);
});

describe('panelAdjustments (what the run applies after its reconciliation)', () => {
  const day = (i: number) => new Date(Date.UTC(2023, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
  const AS_OF = 599; // 2024-08-22
  /** A SKU first sold on day `from`: `rate(age)` units a day up to as-of (0 from an end of sale on). */
  const sku = (
    id: string,
    from: number,
    rate: (age: number) => number,
    endOfSale?: number,
  ): TrainingSeries => ({
    sku: id,
    start: day(from),
    quantities: Array.from({ length: AS_OF - from + 1 }, (_, a) =>
      endOfSale !== undefined && from + a >= endOfSale ? 0 : rate(a),
    ),
    category: 'home',
    ...(endOfSale !== undefined && { endOfSale: day(endOfSale) }),
  });
  // two SKUs on sale from the first day; four that ended after running down to a third over their last 56 days;
  // four launched within the data at a third of their level for 28 days; one launched 20 days ago; one ending
  // 61 days after as-of
  const panel = [
    sku('P1', 0, () => 500),
    sku('P2', 0, () => 500),
    ...[400, 450, 500, 550].map((end, i) => sku(`E${i}`, 0, (a) => (end - a <= 56 ? 4 : 12), end)),
    ...[40, 70, 100, 130].map((from, i) => sku(`L${i}`, from, (a) => (a < 28 ? 3 : 9))),
    sku('YOUNG', AS_OF - 20, () => 3),
    sku('ENDING', 0, () => 10, AS_OF + 61),
  ];

  it('learns them from the whole panel as the CLI does: a young SKU climbs, one ending runs down', () => {
    const factors = panelAdjustments(panel, 70);
    expect([...factors.keys()].sort()).toEqual(['ENDING', 'YOUNG']); // the others: all 1, left out
    const young = factors.get('YOUNG')!;
    expect(young.factors).toBeUndefined();
    expect(young.ramp!.level).toBe(3);
    expect(young.ramp!.factors[69]).toBeGreaterThan(1.5); // from a third of its level toward all of it
    const ending = factors.get('ENDING')!;
    expect(ending.ramp).toBeUndefined();
    expect(ending.factors![59]).toBeLessThan(0.6);
    expect(ending.factors!.slice(60)).toEqual(new Array(10).fill(0));
  });

  it('prices in a list price that just moved, from the revenues the feature store serves', () => {
    // twenty SKUs whose price rose 20 % once, demand falling by 1.2^−1.5; one repriced four days ago
    const priced = (id: string, change: number, respond = true): TrainingSeries => {
      const price = Array.from({ length: AS_OF + 1 }, (_, i) => (i < change ? 10 : 12));
      const quantities = price.map((p) => (respond ? Math.round(100 * Math.pow(p / 10, -1.5)) : 100));
      return { sku: id, start: day(0), quantities, revenues: quantities.map((q, i) => q * price[i]) };
    };
    const factors = panelAdjustments(
      [
        ...Array.from({ length: 20 }, (_, i) => priced(`S${i}`, 100 + 20 * i)),
        priced('NOW', AS_OF - 3, false),
      ],
      10,
    );
    expect([...factors.keys()]).toEqual(['NOW']);
    factors.get('NOW')!.factors!.forEach((f) => expect(f).toBeLessThan(0.9));
  });

  it('comes back from fitPanel, with the aggregates a run over every SKU is reconciled with or without them', async () => {
    const trainer = await EngineTrainer.create({ horizon: 14, members: ['snaive'] }, 0);
    try {
      const fit = await trainer.fitPanel(panel, { aggregates: true });
      expect(fit.aggregates?.total).toHaveLength(14);
      expect([...fit.adjustments!.keys()].sort()).toEqual(['ENDING', 'YOUNG']);
      expect(fit.adjustments!.get('YOUNG')).toEqual(panelAdjustments(panel, 14).get('YOUNG'));
      // a run of a few SKUs (drift) gets them too, for its batches to apply
      expect((await trainer.fitPanel(panel)).adjustments).toEqual(fit.adjustments);
    } finally {
      await trainer.close();
    }
  }, 60_000);
});
