import { matchedComparisons, PolicyPoint, SimulationResult } from './run-simulation';
import { simulationReport, simulationTable } from './simulation-output';

const outcome = (
  fillRate: number,
  inventoryTurns: number,
  averageStockValue: number,
  stockoutDays: number,
) => ({
  policy: '',
  days: 100,
  skus: 1,
  fillRate,
  stockoutDays,
  unitsLost: 0,
  averageStockUnits: averageStockValue,
  averageStockValue,
  inventoryTurns,
  holdingCost: 0,
  lostSalesCost: 0,
  orders: 0,
});
const points: PolicyPoint[] = [
  { family: 'salescast', parameter: 0.8, outcome: outcome(0.9, 20, 50, 10) },
  { family: 'salescast', parameter: 0.95, outcome: outcome(0.98, 12, 100, 2) },
  { family: 'naive', parameter: 1, outcome: outcome(0.94, 10, 75, 30) },
  { family: 'naive', parameter: 3, outcome: outcome(0.999, 3, 300, 1) },
  { family: 'oracle', parameter: 0.9, outcome: outcome(0.92, 30, 30, 8) },
  { family: 'oracle', parameter: 1, outcome: outcome(1, 25, 40, 0) },
];

describe('matched comparisons', () => {
  const [m, out] = matchedComparisons(points);

  it("reads salescast's turns at the naive fill rate and its stockout days at the naive stock", () => {
    // fill 0.94 is halfway between 0.90 and 0.98: turns 16 against the naive 10
    expect(m.turnsGain).toBeCloseTo(0.6);
    expect(m.salescastServiceLevelAtFill).toBeCloseTo(0.875);
    // stock 75 is halfway between 50 and 100: 6 stockout days against 30
    expect(m.stockoutDaysCut).toBeCloseTo(0.8);
    expect(m.oracleTurnsGain).toBeCloseTo(28.75 / 10 - 1); // a quarter of the way from 0.92 to 1.00
  });

  it('says n/a rather than extrapolate outside the curve', () => {
    expect(out.turnsGain).toBeUndefined();
    expect(out.stockoutDaysCut).toBeUndefined();
    const result: SimulationResult = {
      from: '2025-03-01',
      to: '2025-06-08',
      skus: 1,
      origins: ['2025-02-28'],
      points,
      matched: [m, out],
      seconds: 1,
    };
    expect(simulationTable(result)).toContain(
      'naive ×3.00 (fill 99.90 %, 3.00 turns, 1 stockout days): at the same fill rate salescast turns n/a',
    );
    expect(simulationReport(result, 'T')).toContain('<svg');
  });
});
