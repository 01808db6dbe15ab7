import { BenchDataset } from './types';

/**
 * Every k-th series of a data set (the 1st, the (k+1)-th, …, in the data set's own order), with all of
 * their forecast origins: a subset spread evenly over the whole data set (M3 lists its series by domain,
 * so the first n series are all "micro" while every 5th covers every domain). The selection says what it
 * kept in `split`, so the table states it.
 */
export function everyKthSeries(dataset: BenchDataset, k: number): BenchDataset {
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`every must be a positive integer, got ${k}`);
  if (k === 1) return dataset;
  const order: string[] = [];
  for (const task of dataset.tasks) if (!order.includes(task.seriesId)) order.push(task.seriesId);
  const keep = new Set(order.filter((_, i) => i % k === 0));
  return {
    ...dataset,
    split: `${dataset.split}; every ${k}-th series only (${keep.size} of ${order.length})`,
    tasks: dataset.tasks.filter((t) => keep.has(t.seriesId)),
    subsets: dataset.subsets.map((s) => ({ ...s, seriesIds: s.seriesIds.filter((id) => keep.has(id)) })),
  };
}
