/** CSV writing helpers (RFC 4180 quoting), shared by the generator, the rejects file and the CLI outputs. */

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field: quoted only when it holds a comma, quote or line break. */
export function csvField(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '';
  const s = String(value);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line, newline included. */
export function csvLine(values: ReadonlyArray<string | number | undefined | null>): string {
  return values.map(csvField).join(',') + '\n';
}
