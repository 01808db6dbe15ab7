import { defineModel, PathForecast } from '../../core/model-support';
import { ModelFitError } from '../../core/types';
import { autoEts, etsForecast, EtsFit } from '../ets/ets-core';
import { stl } from './stl';

export interface StlfParams {
  /** The last full cycle of the STL seasonal component (empty when the series was not decomposed). */
  lastSeason: number[];
  /** Non-seasonal ETS fitted to the seasonally adjusted series. */
  ets: EtsFit;
}

/** STL seasonal window used by stlf (forecast::stlf's classic default). */
const STLF_SEASONAL_WINDOW = 13;

/**
 * STL + ETS, as R's `forecast::stlf`: decompose with STL (seasonal window 13, not robust), forecast the
 * seasonally adjusted series with the best non-seasonal ETS by AICc (N/A/Ad trend, A or M error), and
 * add the last cycle of the seasonal component back (a seasonal naive of the seasonal). Intervals are
 * the ETS ones, shifted by the same seasonal (the seasonal is treated as known, as stlf does).
 * A series with period ≤ 1 or fewer than two full cycles is not decomposed (plain non-seasonal ETS).
 * Unlike seasonal ETS, works for long periods (weekly data, m = 52).
 */
export const stlfModel = defineModel<StlfParams>({
  name: 'stlf',
  family: 'statistical',
  capabilities: {
    needsSeasonality: true,
    usesExogenous: false,
    minHistory: 5,
    handlesMissing: false,
    nativeIntervals: true,
  },
  schemaVersion: 1,
  fit: (y, context) => {
    const m = context.seasonPeriod;
    const seasonal =
      m > 1 && y.length >= 2 * m ? stl(y, m, { seasonalWindow: STLF_SEASONAL_WINDOW }).seasonal : null;
    const adjusted = seasonal ? y.map((v, t) => v - seasonal[t]) : y;
    const ets = autoEts(adjusted, 1, context.seed ?? 1, false);
    if (!ets)
      throw new ModelFitError(
        'stlf',
        `no ETS model fits the seasonally adjusted series (${y.length} observations)`,
      );
    return { lastSeason: seasonal ? seasonal.slice(y.length - m) : [], ets };
  },
  forecast: (p, horizon): PathForecast => {
    const m = p.lastSeason.length;
    const shift = Array.from({ length: horizon }, (_, k) => (m > 0 ? p.lastSeason[k % m] : 0));
    const base = etsForecast(p.ets, horizon);
    const mean = base.mean.map((v, k) => v + shift[k]);
    if ('sd' in base) return { mean, sd: base.sd };
    return {
      mean,
      intervals: (levels) => {
        const raw = base.intervals(levels);
        const out: ReturnType<typeof base.intervals> = {};
        for (const [level, band] of Object.entries(raw))
          out[Number(level)] = {
            lower: band.lower.map((v, k) => v + shift[k]),
            upper: band.upper.map((v, k) => v + shift[k]),
          };
        return out;
      },
    };
  },
});
