import {
  launchRampAt,
  launchRampFactors,
  learnLaunchRamp,
  MATURE_DAYS,
  RAMP_DAYS,
  rampBeyondForecast,
  recentLevel,
} from './launch-ramp';
import { BUCKET_DAYS, MIN_SKUS, RUN_DOWN_BASE_DAYS } from './run-down';

/** The generator's ramp: 1 − e^(−(age + 1) / 30). */
const ramp = (age: number) => 1 - Math.exp(-(age + 1) / 30);
/** Peers with a yearly wave and a trend: the season and the shop's growth the ramp must not be taken for. */
const peersFrom = (start: number) => (i: number) =>
  1000 * (1 + 0.4 * Math.sin((2 * Math.PI * (start + i)) / 365)) * (1 + (start + i) / 2000);

/** A SKU launched on day `start`: `share` of its peers' demand once mature, × `curve(age)` before. */
function launched(share: number, start: number, length: number, curve: (age: number) => number) {
  const peers = Array.from({ length }, (_, i) => peersFrom(start)(i));
  return { y: peers.map((p, i) => share * p * curve(i)), peers };
}

describe('learnLaunchRamp', () => {
  it("recovers a panel's ramp against its peers, through their season and trend, shrunk a little toward 1", () => {
    const panel = [0.01, 0.05, 0.002, 0.03, 0.02, 0.008, 0.04, 0.015, 0.006, 0.025].map((share, i) =>
      launched(share, 37 * i, RAMP_DAYS + MATURE_DAYS + 20 * i, ramp),
    );
    const p = learnLaunchRamp(panel)!;
    expect(p.skus).toBe(10);
    // bucket 0 covers ages 0…13, whose mean ramp is about 0.21; 10 SKUs against a prior of 3 keep 10/13 of its log
    const bucket0 = Array.from({ length: 14 }, (_, a) => ramp(a)).reduce((s, v) => s + v, 0) / 14;
    expect(p.buckets[0]).toBeCloseTo(Math.exp((10 / 13) * Math.log(bucket0)), 1);
    expect(launchRampAt(p, 45)).toBeCloseTo(Math.exp((10 / 13) * Math.log(ramp(45))), 1);
    expect(launchRampAt(p, RAMP_DAYS + 20)).toBe(1);
    // continuous: no step between neighbouring days
    for (let a = 0; a < RAMP_DAYS + 20; a++)
      expect(Math.abs(launchRampAt(p, a + 1) - launchRampAt(p, a))).toBeLessThan(0.06);
  });

  it('learns "no ramp" from SKUs that sold at their level from the first day, however their peers moved', () => {
    const panel = Array.from({ length: 6 }, (_, i) => launched(0.01 * (i + 1), 50 * i, 300, () => 1));
    const p = learnLaunchRamp(panel)!;
    p.buckets.forEach((b) => expect(b).toBeCloseTo(1, 6));
    launchRampFactors(p, 20, 40).forEach((f) => expect(f).toBeCloseTo(1, 6));
  });

  it('needs MIN_SKUS launched SKUs that sold long enough, and leaves out days that are not demand', () => {
    const long = RAMP_DAYS + MATURE_DAYS;
    const few = Array.from({ length: MIN_SKUS - 1 }, () => launched(0.01, 0, long, ramp));
    const short = Array.from({ length: 5 }, () => launched(0.01, 0, long - 1, ramp));
    expect(learnLaunchRamp([...few, ...short])).toBeUndefined();
    // three SKUs launched into a shutdown over their first 60 days: those days say nothing, the SKUs are left out
    const closed = Array.from({ length: 3 }, () => {
      const s = launched(0.01, 0, long, () => 1);
      const skip = s.y.map((_, i) => i < 60);
      return { ...s, y: s.y.map((v, i) => (skip[i] ? 0 : v)), skip };
    });
    const p = learnLaunchRamp([
      ...closed,
      ...Array.from({ length: 3 }, () => launched(0.01, 0, long, () => 1)),
    ])!;
    expect(p.skus).toBe(3);
    p.buckets.forEach((b) => expect(b).toBeCloseTo(1, 6));
  });
});

describe('launchRampFactors', () => {
  const p = { buckets: [0.2, 0.4, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98], skus: 20 };

  it('adds only the climb still to come: the future ramp over the ramp where the level was read', () => {
    const age = 40;
    const f = launchRampFactors(p, age, 62);
    let base = 0;
    for (let a = age - RUN_DOWN_BASE_DAYS + 1; a <= age; a++) base += launchRampAt(p, a);
    base /= RUN_DOWN_BASE_DAYS;
    expect(f[0]).toBeCloseTo(launchRampAt(p, age + 1) / base, 10);
    expect(f[61]).toBeCloseTo(launchRampAt(p, age + 62) / base, 10);
    expect(launchRampFactors(p, age, 140)[139]).toBeCloseTo(1 / base, 10);
    // rising, then flat once mature
    for (let k = 1; k < f.length; k++) expect(f[k]).toBeGreaterThanOrEqual(f[k - 1] - 1e-12);
    expect(f[0]).toBeGreaterThan(1);
  });

  it('is 1 for a mature SKU, one that launched before the data, or without a profile', () => {
    expect(launchRampFactors(p, RAMP_DAYS + BUCKET_DAYS + RUN_DOWN_BASE_DAYS, 30)).toEqual(
      new Array(30).fill(1),
    );
    expect(launchRampFactors(p, undefined, 30)).toEqual(new Array(30).fill(1));
    expect(launchRampFactors(undefined, 10, 30)).toEqual(new Array(30).fill(1));
  });

  it('stays within ×/÷ 3 for a SKU a day old', () => {
    const steep = { buckets: [0.05, 0.5, 1, 1, 1, 1, 1, 1, 1], skus: 40 };
    const f = launchRampFactors(steep, 0, 62);
    expect(Math.max(...f)).toBe(3);
  });
});

describe('rampBeyondForecast', () => {
  const ramp = [1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5];
  it('adds only the climb a flat forecast lacks, and nothing a forecast already climbing has', () => {
    const flat = new Array(14).fill(10);
    expect(rampBeyondForecast(ramp, flat, 10)).toEqual(ramp);
    // the forecast already grows 1.25× in week 1 and 1.5× in week 2: 1.2 → 1 (never below), 1.5 → 1
    const climbing = [...new Array(7).fill(12.5), ...new Array(7).fill(15)];
    expect(rampBeyondForecast(ramp, climbing, 10)).toEqual(new Array(14).fill(1));
    // half of it: the rest
    const half = new Array(14).fill(11);
    rampBeyondForecast(ramp, half, 10).forEach((f, k) => expect(f).toBeCloseTo(ramp[k] / 1.1, 12));
  });
  it('a fall after a launch likewise, and no level: the ramp as it is', () => {
    const fall = new Array(7).fill(0.8);
    expect(rampBeyondForecast(fall, new Array(7).fill(9), 10)).toEqual(new Array(7).fill(0.8 / 0.9));
    expect(rampBeyondForecast(fall, new Array(7).fill(12), 10)).toEqual(fall);
    expect(rampBeyondForecast(ramp, new Array(14).fill(30), 0)).toEqual(ramp);
  });
  it('reads the level from the last four weeks', () => {
    expect(recentLevel([...new Array(30).fill(100), ...new Array(28).fill(4)])).toBe(4);
    expect(recentLevel([NaN, 2, 4])).toBe(3);
  });
});
