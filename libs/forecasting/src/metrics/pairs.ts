/**
 * Shared input handling of the metrics: arrays must be the same length (a mismatch is a caller bug and
 * throws); positions where any input is not finite (NaN = not observed / not forecast) are skipped.
 */
export function usablePairs(name: string, ...arrays: readonly (readonly number[])[]): number[] {
  const n = arrays[0].length;
  for (const a of arrays)
    if (a.length !== n)
      throw new RangeError(`${name}: inputs differ in length (${arrays.map((x) => x.length).join(' vs ')})`);
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (arrays.every((a) => Number.isFinite(a[i]))) idx.push(i);
  return idx;
}
