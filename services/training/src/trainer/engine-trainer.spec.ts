import { EngineTrainer } from './engine-trainer';

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
