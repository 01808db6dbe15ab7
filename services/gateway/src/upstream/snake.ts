/**
 * ts-proto messages have camelCase properties; the REST API uses the .proto field names
 * (snake_case), so a field an upstream error names (`horizon_days`) is the field the client sent.
 * Dates become ISO strings. Pure.
 */
export function toSnake(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toSnake);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = toSnake(v);
    }
    return out;
  }
  return value;
}
