import { dayNumber } from './days';

/**
 * The story the generated data tells (see docs/data-format.md): seven years of growing sales, a
 * sudden shutdown in mid-November 2024, a reopening in January 2025 and a recovery, with July–August
 * 2025 held out as the truth to forecast.
 */
export const STORY = {
  historyStart: '2018-01-01',
  /** First closed day; the last day with sales is the day before. */
  shutdownStart: '2024-11-16',
  /** Last closed day. */
  shutdownEnd: '2025-01-05',
  reopening: '2025-01-06',
  /** Last day of the exported files. */
  dataEnd: '2025-06-30',
  truthStart: '2025-07-01',
  truthEnd: '2025-08-31',
  /** Order lines written at --scale 1. */
  linesAtScale1: 85_000_000,
  /** SKUs at --scale 1 (scaled by the square root of --scale unless --skus is given). */
  skusAtScale1: 1200,
} as const;

export const DAYS = {
  historyStart: dayNumber(STORY.historyStart),
  shutdownStart: dayNumber(STORY.shutdownStart),
  shutdownEnd: dayNumber(STORY.shutdownEnd),
  reopening: dayNumber(STORY.reopening),
  dataEnd: dayNumber(STORY.dataEnd),
  truthStart: dayNumber(STORY.truthStart),
  truthEnd: dayNumber(STORY.truthEnd),
};

export function isClosed(day: number): boolean {
  return day >= DAYS.shutdownStart && day <= DAYS.shutdownEnd;
}

/** SKU count for a scale: the assortment grows slower than volume (a 100× smaller shop has ~10× fewer SKUs). */
export function skusForScale(scale: number): number {
  return Math.max(12, Math.round(STORY.skusAtScale1 * Math.sqrt(scale)));
}
