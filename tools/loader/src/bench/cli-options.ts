import { InvalidArgumentError } from 'commander';

/** A commander argument parser for a whole number ≥ 1; `what` names the option in the error. */
export const positiveInt = (what: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`${what} must be a whole number >= 1, got '${value}'`);
  return n;
};

/** One line per paragraph or list item ("- "): commander wraps them to the terminal (hard breaks made ragged lines). */
export const paragraphs = (lines: string[]): string =>
  lines
    .join('\n')
    .split('\n\n')
    .map((p) => p.replace(/\n(?!- )/g, ' '))
    .join('\n\n');
