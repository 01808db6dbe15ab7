import { defineModel } from '../../core/model-support';
import { Capabilities, ModelFitError } from '../../core/types';

/**
 * Intermittent-demand members for sparse SKUs (many days without a sale), where smoothing the raw series
 * chases single orders and a zero forecast is right most days and useless in total:
 *
 * - `croston` — Croston's method with the Syntetos–Boylan approximation (SBA): exponential smoothing of the
 *   non-zero demand sizes z and of the intervals p between them, updated only on demand days; the forecast
 *   rate (1 − α/2)·z/p (the factor removes Croston's known upward bias).
 * - `tsb` — Teunter–Syntetos–Babai: smooths the probability of a demand occurring (updated EVERY period,
 *   so a SKU that stops selling decays toward 0, unlike Croston) and the size when it occurs; forecast p·z.
 *
 * Both forecast a flat rate per period (the expected units per day, not a day's likely value). The smoothing
 * constants are chosen per series from a small grid by the one-step mean squared error of the rate, after a
 * warm-up; no optimiser, so a fit costs O(n × grid). Intervals: normal, sd from the one-step errors of the
 * rate, growing like SES's (1 + (h−1)α²). Cannot skip missing points: they see the repaired series.
 */

const capabilities: Capabilities = {
  needsSeasonality: false,
  usesExogenous: false,
  minHistory: 4,
  handlesMissing: false,
  nativeIntervals: true,
};

export interface IntermittentParams {
  /** Forecast rate per period. */
  rate: number;
  /** The smoothing constant of the size (and, for tsb, of the probability). */
  alpha: number;
  beta: number;
  /** Root mean squared one-step error of the rate. */
  sigma: number;
}

const ALPHAS = [0.05, 0.1, 0.2, 0.3];
const BETAS = [0.02, 0.05, 0.1, 0.2];

function checkDemand(name: string, y: readonly number[]): void {
  if (!y.every((v) => Number.isFinite(v) && v >= 0))
    throw new ModelFitError(name, 'needs finite, non-negative demand');
}

/** One Croston–SBA pass: the rate after each period (rates[t] forecasts y[t+1]) and its squared error. */
function crostonPass(y: readonly number[], alpha: number): { rate: number; sse: number; n: number } {
  const first = y.findIndex((v) => v > 0);
  if (first < 0) return { rate: 0, sse: 0, n: 0 };
  let z = y[first];
  // initial interval: the first demand's position + 1 (demand occurred after `first` empty periods)
  let p = first + 1;
  let since = 0;
  let sse = 0;
  let n = 0;
  for (let t = first + 1; t < y.length; t++) {
    const rate = (1 - alpha / 2) * (z / p);
    sse += (y[t] - rate) ** 2;
    n++;
    since++;
    if (y[t] > 0) {
      z += alpha * (y[t] - z);
      p += alpha * (since - p);
      since = 0;
    }
  }
  return { rate: (1 - alpha / 2) * (z / p), sse, n };
}

/** One TSB pass. */
function tsbPass(
  y: readonly number[],
  alpha: number,
  beta: number,
): { rate: number; sse: number; n: number } {
  const first = y.findIndex((v) => v > 0);
  if (first < 0) return { rate: 0, sse: 0, n: 0 };
  const nonZero = y.filter((v) => v > 0);
  let z = nonZero.reduce((a, b) => a + b, 0) / nonZero.length;
  let prob = nonZero.length / y.length;
  let sse = 0;
  let n = 0;
  for (let t = 0; t < y.length; t++) {
    const rate = prob * z;
    if (t >= Math.min(first + 1, y.length - 1)) {
      sse += (y[t] - rate) ** 2;
      n++;
    }
    const occurred = y[t] > 0 ? 1 : 0;
    prob += beta * (occurred - prob);
    if (occurred) z += alpha * (y[t] - z);
  }
  return { rate: prob * z, sse, n };
}

function sdPath(p: IntermittentParams, h: number): number[] {
  return Array.from({ length: h }, (_, k) => p.sigma * Math.sqrt(1 + k * p.alpha * p.alpha));
}

export const crostonModel = defineModel<IntermittentParams>({
  name: 'croston',
  family: 'statistical',
  capabilities,
  schemaVersion: 1,
  fit: (y) => {
    checkDemand('croston', y);
    let best: IntermittentParams | undefined;
    let bestMse = Infinity;
    for (const alpha of ALPHAS) {
      const pass = crostonPass(y, alpha);
      const mse = pass.n > 0 ? pass.sse / pass.n : 0;
      if (mse < bestMse) {
        bestMse = mse;
        best = { rate: pass.rate, alpha, beta: alpha, sigma: Math.sqrt(mse) };
      }
    }
    return best!;
  },
  forecast: (p, h) => ({ mean: new Array<number>(h).fill(p.rate), sd: sdPath(p, h) }),
});

export const tsbModel = defineModel<IntermittentParams>({
  name: 'tsb',
  family: 'statistical',
  capabilities,
  schemaVersion: 1,
  fit: (y) => {
    checkDemand('tsb', y);
    let best: IntermittentParams | undefined;
    let bestMse = Infinity;
    for (const alpha of ALPHAS)
      for (const beta of BETAS) {
        const pass = tsbPass(y, alpha, beta);
        const mse = pass.n > 0 ? pass.sse / pass.n : 0;
        if (mse < bestMse) {
          bestMse = mse;
          best = { rate: pass.rate, alpha, beta, sigma: Math.sqrt(mse) };
        }
      }
    return best!;
  },
  forecast: (p, h) => ({ mean: new Array<number>(h).fill(p.rate), sd: sdPath(p, h) }),
});

export const intermittentModels = [crostonModel, tsbModel];
