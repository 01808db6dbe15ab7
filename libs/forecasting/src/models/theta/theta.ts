import { defineModel } from '../../core/model-support';
import { linearTrend } from '../../core/stats';
import { ModelFitError } from '../../core/types';
import { multiplicativeSeasonalAdjustment, seasonalIndexAt } from '../decomposition/classical';
import { fitEts } from '../ets/ets-core';

export interface ThetaParams {
  /** Multiplicative seasonal figure counted from the series' start ([1] when not seasonal). */
  figure: number[];
  n: number;
  /** SES smoothing parameter and final level on the seasonally adjusted series. */
  alpha: number;
  level: number;
  /** Half the slope of the linear trend of the adjusted series (the θ = 0 line's contribution). */
  drift: number;
  /** One-step innovation variance of the SES fit. */
  sigma2: number;
}

/**
 * The standard Theta method (Assimakopoulos & Nikolopoulos 2000) as R's `forecast::thetaf` computes it,
 * i.e. simple exponential smoothing with drift (Hyndman & Billah 2003):
 *  1. if the 90 % autocorrelation test at lag m says seasonal (isSeasonal), divide by the figure of a
 *     classical multiplicative decomposition;
 *  2. fit SES (ETS(A,N,N), α and ℓ0 by maximum likelihood = least squares) to the adjusted series x;
 *  3. forecast ℓ_n + b/2·((h − 1) + (1 − (1 − α)^n)/α), b = OLS slope of x on 0..n−1;
 *  4. multiply back by the seasonal figure.
 * Intervals: thetaf's σ·sqrt((h − 1)α² + 1), here also multiplied by the seasonal index (thetaf leaves
 * them on the adjusted scale, which understates the spread in high seasons).
 */
export const thetaModel = defineModel<ThetaParams>({
  name: 'theta',
  family: 'statistical',
  capabilities: {
    needsSeasonality: false,
    usesExogenous: false,
    minHistory: 5,
    // the drift is the slope of the last two years at most on daily data (M3's series are shorter)
    maxObservations: 730,
    handlesMissing: false,
    nativeIntervals: true,
  },
  schemaVersion: 1,
  fit: (y, context) => {
    const { adjusted, figure } = multiplicativeSeasonalAdjustment(y, context.seasonPeriod);
    const ses = fitEts(adjusted, { error: 'A', trend: 'N', season: 'N' }, 1);
    if (!ses)
      throw new ModelFitError('theta', `simple exponential smoothing failed on ${y.length} observations`);
    return {
      figure,
      n: y.length,
      alpha: Math.max(1e-10, ses.alpha),
      level: ses.level,
      drift: linearTrend(adjusted).slope / 2,
      sigma2: ses.sigma2,
    };
  },
  forecast: (p, horizon) => {
    const mean: number[] = [];
    const sd: number[] = [];
    const start = (1 - (1 - p.alpha) ** p.n) / p.alpha;
    for (let h = 1; h <= horizon; h++) {
      const s = seasonalIndexAt(p.figure, p.n + h - 1);
      mean.push((p.level + p.drift * (h - 1 + start)) * s);
      sd.push(Math.sqrt(p.sigma2 * ((h - 1) * p.alpha * p.alpha + 1)) * s);
    }
    return { mean, sd };
  },
});
