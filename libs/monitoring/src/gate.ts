/**
 * The champion/challenger gate: a new fit becomes champion only when its backtest error is not worse
 * than the current champion's by more than a margin; otherwise it stays a challenger.
 */

export interface BacktestErrors {
  wape?: number;
  smape?: number;
  mase?: number;
}

export interface GateDecision {
  promote: boolean;
  /** Which error was compared: the first both sides have, in the order wape, mase, smape. */
  metric: 'wape' | 'mase' | 'smape' | 'none';
  candidate: number;
  champion: number;
  /** Largest candidate error still promoted: champion * (1 + margin). */
  limit: number;
  reason: string;
}

/** `margin` is relative (0.05 = the candidate may be up to 5 % worse). */
export function gate(candidate: BacktestErrors, champion: BacktestErrors | undefined, margin: number): GateDecision {
  if (!champion)
    return { promote: true, metric: 'none', candidate: NaN, champion: NaN, limit: NaN, reason: 'no champion yet' };
  for (const metric of ['wape', 'mase', 'smape'] as const) {
    const c = candidate[metric];
    const h = champion[metric];
    if (c === undefined || h === undefined || !Number.isFinite(c) || !Number.isFinite(h)) continue;
    const limit = h * (1 + margin);
    const promote = c <= limit;
    return {
      promote,
      metric,
      candidate: c,
      champion: h,
      limit,
      reason: `${metric} ${round(c)} ${promote ? '<=' : '>'} ${round(h)} x (1 + ${margin})`,
    };
  }
  return {
    promote: true,
    metric: 'none',
    candidate: NaN,
    champion: NaN,
    limit: NaN,
    reason: 'no comparable backtest error; promoted',
  };
}

const round = (v: number) => Math.round(v * 1000) / 1000;
