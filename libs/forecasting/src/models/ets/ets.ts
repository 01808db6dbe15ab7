import { defineModel } from '../../core/model-support';
import { Capabilities, FitContext, ModelFitError, ModelSpec } from '../../core/types';
import {
  autoEts,
  etsCandidates,
  EtsComponents,
  etsForecast,
  EtsFit,
  etsName,
  fitEts,
  MAX_ETS_PERIOD,
  rankEts,
} from './ets-core';

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
 * Forms a refit at a backtest origin chooses among: the REFIT_FORMS best by AICc on the full history, and any
 * form the full history could not take (e.g. multiplicative errors on a window without zeros). Each form left
 * out saves a fit per origin; an origin whose own best form is left out scores ETS with its next best. With 5,
 * the panels measured forecast exactly as with all forms (BENCHMARKS.md, "Speed of the default daily
 * ensemble"); with 4, one generated retailer's monthly WAPE was 0.03 points worse; with 3, up to 0.07.
 */
const REFIT_FORMS = 5;
/** What each auto-ETS fit of this thread ranked on its full history (for refit). */
const rankings = new WeakMap<EtsFit, { best: string[]; fitted: string[] }>();

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
    const ranked = rankEts(y, etsCandidates(y, context.seasonPeriod), context.seasonPeriod, seedOf(context));
    if (ranked.length === 0) throw new ModelFitError('ets', `no ETS model fits ${y.length} observations`);
    rankings.set(ranked[0], {
      best: ranked.slice(0, REFIT_FORMS).map((f) => etsName(f.components)),
      fitted: ranked.map((f) => etsName(f.components)),
    });
    return ranked[0];
  },
  // At the ensemble's backtest origins: the same AICc choice, among the forms that ranked best on the full
  // history (see REFIT_FORMS) instead of all 6–12; the full search where none of them fits the shorter history.
  refit: (previous, y, context) => {
    const ranking = rankings.get(previous);
    const forms = etsCandidates(y, context.seasonPeriod).filter((c) => {
      const name = etsName(c);
      return ranking
        ? ranking.best.includes(name) || !ranking.fitted.includes(name)
        : name === etsName(previous.components);
    });
    const fit =
      rankEts(y, forms, context.seasonPeriod, seedOf(context))[0] ??
      autoEts(y, context.seasonPeriod, seedOf(context));
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
