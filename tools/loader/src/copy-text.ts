/**
 * PostgreSQL COPY text format (the default of `COPY … FROM STDIN`): fields separated by tabs, rows by
 * newlines, `\N` for NULL, and backslash, tab, newline and carriage return escaped with a backslash.
 * Text format (not CSV) because it needs no quoting pass: most fields go through untouched.
 * See https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.2.
 */

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One field in COPY text format; null/undefined become `\N`. */
export function copyField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  const s = String(value);
  return NEEDS_ESCAPE.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : s;
}

/** One row in COPY text format, newline included. */
export function copyRow(values: ReadonlyArray<string | number | null | undefined>): string {
  let out = copyField(values[0]);
  for (let i = 1; i < values.length; i++) out += '\t' + copyField(values[i]);
  return out + '\n';
}
