import { z } from 'zod';
import { ApiError } from './api-error';

/** Parses request input with a zod schema; the first problem becomes a 400 naming its field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, where = ''): z.infer<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  const i = r.error.issues[0];
  const field = [where, ...i.path.map(String)].filter(Boolean).join('.') || 'body';
  return ((): never => {
    throw ApiError.invalid(field, i.message);
  })();
}

/** A query parameter that may be repeated (`levels=80&levels=95`) or comma-separated (`levels=80,95`). */
export const listOfInts = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v, ctx) => {
    const parts = (Array.isArray(v) ? v : v ? [v] : []).flatMap((s) => s.split(',')).filter((s) => s !== '');
    const out: number[] = [];
    for (const p of parts) {
      if (!/^\d{1,3}$/.test(p)) {
        ctx.addIssue({ code: 'custom', message: `want whole numbers (got '${p}')` });
        return z.NEVER;
      }
      out.push(Number(p));
    }
    return out;
  });

/** A single query parameter as a string (a repeated one is refused rather than silently joined). */
export const oneString = z.string({ error: 'want one value' });

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'want an ISO date YYYY-MM-DD')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'not a calendar date',
  );

/** Identifiers in paths: SKU codes, ids. Printable, no slashes, bounded. */
export const identifier = z
  .string()
  .min(1, 'required')
  .max(200, 'at most 200 characters')
  .regex(/^[^\s/\\]+$/, 'no spaces or slashes');
