import { InvalidArgumentError } from 'commander';

/** commander argument parsers that reject bad values with a message naming the expected form. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1)
    throw new InvalidArgumentError(`expected a positive integer, got '${value}'`);
  return n;
}

export function integer(value: string): number {
  if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError(`expected an integer, got '${value}'`);
  return Number(value);
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!(Number.isFinite(n) && n > 0)) throw new InvalidArgumentError(`expected a number > 0, got '${value}'`);
  return n;
}

export function probability(value: string): number {
  const n = Number(value);
  if (!(Number.isFinite(n) && n > 0 && n < 1))
    throw new InvalidArgumentError(`expected a number between 0 and 1 (e.g. 0.95), got '${value}'`);
  return n;
}

export function isoDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : undefined;
  if (!m || !d || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3])
    throw new InvalidArgumentError(`expected a date YYYY-MM-DD, got '${value}'`);
  return value;
}
