import { defineModel } from '../../core/model-support';
import { Capabilities, FitContext, ModelFitError, ModelSpec } from '../../core/types';
import { autoEts, EtsComponents, etsForecast, EtsFit, etsName, fitEts, MAX_ETS_PERIOD } from './ets-core';

const capabilities = (minHistory: number, needsSeasonality: boolean): Capabilities => ({
  needsSeasonality,
  usesExogenous: false,
  minHistory,
  handlesMissing: false,
  nativeIntervals: true,
});

const seedOf = (context: FitContext) => context.seed ?? 1;

/** The reason fitEts returned null, for the error message. */
function whyNot(y: number[], components: EtsComponents, period: number): string {
  const multiplicative = components.error === 'M' || components.season === 'M';
  if (multiplicative && !y.every((v) => v > 0)) return 'multiplicative components need positive data';
  if (components.season !== 'N' && (period < 2 || period > MAX_ETS_PERIOD))
    return `seasonal ETS takes periods 2..${MAX_ETS_PERIOD}, got ${period} (stlf handles longer seasons)`;
  return `${y.length} observations are too few, or no parameters keep the forecasts in the model's domain`;
}

/** A spec for one fixed ETS model (e.g. Holt's linear trend = AAN). */
function fixedEts(name: string, components: EtsComponents, minHistory: number): ModelSpec {
  const seasonal = components.season !== 'N';
  return defineModel<EtsFit>({
    name,
    family: 'statistical',
    capabilities: capabilities(minHistory, seasonal),
    schemaVersion: 1,
    fit: (y, context) => {
      const fit = fitEts(y, components, context.seasonPeriod, seedOf(context));
      if (!fit)
        throw new ModelFitError(
          name,
          `cannot fit ETS(${etsName(components)}): ${whyNot(y, components, context.seasonPeriod)}`,
        );
      return fit;
    },
    forecast: etsForecast,
  });
}

/** Simple exponential smoothing, ETS(A,N,N). */
export const sesModel = fixedEts('ses', { error: 'A', trend: 'N', season: 'N' }, 4);
/** Holt's linear trend, ETS(A,A,N). */
export const holtModel = fixedEts('holt', { error: 'A', trend: 'A', season: 'N' }, 6);
/** Additive damped trend (Gardner & McKenzie), ETS(A,Ad,N). */
export const dampedHoltModel = fixedEts('holt_damped', { error: 'A', trend: 'Ad', season: 'N' }, 7);
/** Additive Holt–Winters, ETS(A,A,A). */
export const holtWintersAdditiveModel = fixedEts('hw_additive', { error: 'A', trend: 'A', season: 'A' }, 8);
/** Multiplicative Holt–Winters, ETS(M,A,M). */
export const holtWintersMultiplicativeModel = fixedEts(
  'hw_multiplicative',
  { error: 'M', trend: 'A', season: 'M' },
  8,
);

/**
 * Automatic ETS: every candidate of etsCandidates (A/M error × N/A/Ad trend × N/A|M season, the last
 * only for 1 < m ≤ 24 with two full seasons, M components only for positive data), lowest AICc wins.
 */
export const etsModel = defineModel<EtsFit>({
  name: 'ets',
  family: 'statistical',
  // two years of daily data are plenty for a level, a damped trend and a weekday season (M3's are shorter)
  capabilities: { ...capabilities(4, false), maxObservations: 730 },
  schemaVersion: 1,
  fit: (y, context) => {
    const fit = autoEts(y, context.seasonPeriod, seedOf(context));
    if (!fit) throw new ModelFitError('ets', `no ETS model fits ${y.length} observations`);
    return fit;
  },
  forecast: etsForecast,
});

export const etsModels = [
  etsModel,
  sesModel,
  holtModel,
  dampedHoltModel,
  holtWintersAdditiveModel,
  holtWintersMultiplicativeModel,
];
