import { Frequency, Series } from './types';

/**
 * Date arithmetic on `YYYY-MM-DD` strings in UTC, per series frequency.
 * Kept tiny and dependency-free: the engine only needs "the date of observation i" and its inverse.
 */

const DAY_MS = 86_400_000;

/** Date.UTC maps years 0–99 to 1900–1999; M3's series are dated from year 1. */
function utc(year: number, month: number, day: number): Date {
  const d = new Date(0);
  d.setUTCFullYear(year, month, day);
  return d;
}

export function parseDate(iso: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) throw new Error(`not a date (want YYYY-MM-DD): '${iso}'`);
  const d = utc(+m[1], +m[2] - 1, +m[3]);
  if (d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3])
    throw new Error(`not a valid date: '${iso}'`);
  return d;
}

export function formatDate(d: Date): string {
  const y = d.getUTCFullYear();
  return `${String(y).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** The date `n` periods after `iso` (n may be negative). */
export function addPeriods(iso: string, freq: Frequency, n: number): string {
  const d = parseDate(iso);
  switch (freq) {
    case 'daily':
      return formatDate(new Date(d.getTime() + n * DAY_MS));
    case 'weekly':
      return formatDate(new Date(d.getTime() + 7 * n * DAY_MS));
    case 'monthly':
    case 'quarterly':
    case 'yearly': {
      const months = n * (freq === 'monthly' ? 1 : freq === 'quarterly' ? 3 : 12);
      return formatDate(utc(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate()));
    }
  }
}

/** Whole periods from `from` to `to` (floor for daily/weekly; calendar months for the others). */
export function periodsBetween(from: string, to: string, freq: Frequency): number {
  const a = parseDate(from);
  const b = parseDate(to);
  switch (freq) {
    case 'daily':
      return Math.round((b.getTime() - a.getTime()) / DAY_MS);
    case 'weekly':
      return Math.floor(Math.round((b.getTime() - a.getTime()) / DAY_MS) / 7);
    case 'monthly':
    case 'quarterly':
    case 'yearly': {
      const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
      const per = freq === 'monthly' ? 1 : freq === 'quarterly' ? 3 : 12;
      return Math.floor(months / per);
    }
  }
}

/** Date of observation i of a series (i may be >= y.length for forecast steps). */
export function dateAt(series: Pick<Series, 'start' | 'freq'>, i: number): string {
  return addPeriods(series.start, series.freq, i);
}

/** Default seasonal period of a frequency (daily: weekly cycle). */
export function defaultSeasonPeriod(freq: Frequency): number {
  return { daily: 7, weekly: 52, monthly: 12, quarterly: 4, yearly: 1 }[freq];
}
