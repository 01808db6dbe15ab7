/**
 * The backfill's fast path: a byte-level check that one CSV line is in the *canonical form* of its
 * record kind — the form salescast's generator and most ERPs write: plain ASCII, no quotes, no
 * surrounding spaces, whole numbers without leading zeros, timestamps as ISO-8601 UTC. A canonical
 * line is exactly what the file format's own validation (`validateRow` of @salescast/datagen) would
 * accept and turn into the same values, so it can go to PostgreSQL as it is (COPY … FORMAT csv), with
 * no string, no object and no re-encoding per row.
 *
 * The check never rejects: a line that is not canonical (a quote, a space, a decimal quantity, a bad
 * date, non-ASCII text, …) goes through the reference path (csv-parse where needed, `validateRow`),
 * which accepts or rejects it with the reason. So the fast path can only be narrower than the
 * reference, never more permissive; canonical-rows.spec.ts checks that on generated and mutated lines.
 */

/**
 * - `text`: non-empty printable ASCII without `,` or `"`, not starting or ending with a space
 * - `count`: a whole number 1 … 999 999 999 (fits `integer`), no sign, no leading zero
 * - `price`: `0` or a number up to 15 integer digits, optionally `.` and 1–15 decimals (fits `float8`)
 * - `timestamp`: `YYYY-MM-DDTHH:MM[:SS[.fffffffff]]` then `Z`, `+00:00`, `-00:00`, `+0000` or `-0000`,
 *   a real calendar day of a year from 1000 on
 */
export type FieldKind = 'text' | 'count' | 'price' | 'timestamp';

const COMMA = 0x2c;
const QUOTE = 0x22;
const SPACE = 0x20;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

const isDigit = (c: number) => c >= ZERO && c <= NINE;

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Digits at buf[p..p+n) as a number, or -1 when one of them is not a digit. */
function digits(buf: Uint8Array, p: number, n: number): number {
  let v = 0;
  for (let i = p; i < p + n; i++) {
    const c = buf[i];
    if (!isDigit(c)) return -1;
    v = v * 10 + (c - ZERO);
  }
  return v;
}

/**
 * Scans a timestamp field starting at p, ending before `end` or a comma. Returns the position after
 * it, or -1; the day (yyyymmdd) goes to `out.day`.
 */
function timestamp(buf: Uint8Array, p: number, end: number, out: { day: number }): number {
  if (p + 17 > end) return -1; // YYYY-MM-DDTHH:MMZ is the shortest
  const year = digits(buf, p, 4);
  const month = digits(buf, p + 5, 2);
  const day = digits(buf, p + 8, 2);
  if (year < 1000 || buf[p + 4] !== 0x2d || buf[p + 7] !== 0x2d || buf[p + 10] !== 0x54) return -1;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return -1;
  const hour = digits(buf, p + 11, 2);
  const minute = digits(buf, p + 14, 2);
  if (hour < 0 || hour > 23 || buf[p + 13] !== 0x3a || minute < 0 || minute > 59) return -1;
  let q = p + 16;
  if (buf[q] === 0x3a) {
    const second = q + 3 <= end ? digits(buf, q + 1, 2) : -1;
    if (second < 0 || second > 59) return -1;
    q += 3;
    if (buf[q] === DOT && q < end) {
      q++;
      const from = q;
      while (q < end && isDigit(buf[q])) q++;
      if (q === from || q - from > 9) return -1;
    }
  }
  if (q >= end) return -1;
  if (buf[q] === 0x5a) q++;
  else if (buf[q] === 0x2b || buf[q] === 0x2d) {
    // +00:00, +0000
    if (q + 5 > end || buf[q + 1] !== ZERO || buf[q + 2] !== ZERO) return -1;
    q += 3;
    if (buf[q] === 0x3a) q++;
    if (q + 2 > end || buf[q] !== ZERO || buf[q + 1] !== ZERO) return -1;
    q += 2;
  } else return -1;
  out.day = year * 10_000 + month * 100 + day;
  return q;
}

const scratch = { day: -1 };

/**
 * When buf[start, end) (one line, without its line break) is a canonical row of `kinds`, returns the
 * UTC day of its timestamp field as yyyymmdd (0 when it has none); otherwise -1.
 */
export function canonicalDay(
  buf: Uint8Array,
  start: number,
  end: number,
  kinds: readonly FieldKind[],
): number {
  let p = start;
  let day = 0;
  for (let f = 0; f < kinds.length; f++) {
    if (f > 0) {
      if (p >= end || buf[p] !== COMMA) return -1;
      p++;
    }
    if (p >= end) return -1;
    const kind = kinds[f];
    if (kind === 'text') {
      const first = buf[p];
      if (first <= SPACE || first > 0x7e || first === COMMA || first === QUOTE) return -1;
      let q = p + 1;
      for (; q < end; q++) {
        const c = buf[q];
        if (c === COMMA) break;
        if (c < SPACE || c > 0x7e || c === QUOTE) return -1;
      }
      if (buf[q - 1] === SPACE) return -1;
      p = q;
    } else if (kind === 'count') {
      if (buf[p] === ZERO || !isDigit(buf[p])) return -1;
      let q = p + 1;
      while (q < end && isDigit(buf[q])) q++;
      if (q - p > 9) return -1;
      p = q;
    } else if (kind === 'price') {
      let q = p;
      while (q < end && isDigit(buf[q])) q++;
      const whole = q - p;
      if (whole === 0 || whole > 15 || (whole > 1 && buf[p] === ZERO)) return -1;
      if (q < end && buf[q] === DOT) {
        const from = ++q;
        while (q < end && isDigit(buf[q])) q++;
        if (q === from || q - from > 15) return -1;
      }
      p = q;
    } else {
      const q = timestamp(buf, p, end, scratch);
      if (q < 0) return -1;
      day = scratch.day;
      p = q;
    }
  }
  return p === end ? day : -1;
}

/** yyyymmdd as YYYY-MM-DD. */
export function dayText(day: number): string {
  const y = Math.floor(day / 10_000);
  const m = Math.floor(day / 100) % 100;
  const d = day % 100;
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** YYYY-MM-DD as yyyymmdd. */
export function dayNumber(day: string): number {
  return Number(day.slice(0, 4)) * 10_000 + Number(day.slice(5, 7)) * 100 + Number(day.slice(8, 10));
}
