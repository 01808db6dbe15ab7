/** Last write wins within a batch for records with the same key (the broker keeps per-key order). */
export function lastByKey<T>(rows: readonly T[], key: (v: T) => string): T[] {
  return [...new Map(rows.map((r) => [key(r), r])).values()];
}
