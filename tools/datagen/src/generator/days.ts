/**
 * Days as integers (days since 1970-01-01, UTC) for the generator's hot loop, where formatting and
 * parsing dates millions of times would dominate.
 */
const DAY_MS = 86_400_000;

export function dayNumber(iso: string): number {
  return Math.round(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS);
}

export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday. */
export function weekday(day: number): number {
  return (day + 3) % 7;
}

/** Day of the year, 0-based. */
export function dayOfYear(day: number): number {
  const d = new Date(day * DAY_MS);
  return day - Math.round(Date.UTC(d.getUTCFullYear(), 0, 1) / DAY_MS);
}

export function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** Black Friday: the day after the fourth Thursday of November. */
export function blackFriday(year: number): number {
  const nov1 = dayNumber(`${year}-11-01`);
  const firstThursday = nov1 + ((3 - weekday(nov1) + 7) % 7);
  return firstThursday + 21 + 1;
}
