import { Injectable } from '@nestjs/common';
import { Snapshot } from './snapshot';

/** The latest snapshot of every SKU, in memory: what every read is answered from. */
@Injectable()
export class SnapshotStore {
  private readonly bySku = new Map<string, Snapshot>();
  private sorted?: string[];

  get(sku: string): Snapshot | undefined {
    return this.bySku.get(sku);
  }

  /** Keeps `s` unless a newer snapshot of its SKU is already held. */
  put(s: Snapshot): void {
    const held = this.bySku.get(s.sku);
    if (held && held.publishedAt > s.publishedAt) return;
    if (!held) this.sorted = undefined;
    this.bySku.set(s.sku, s);
  }

  get size(): number {
    return this.bySku.size;
  }

  /** Every SKU held, ascending. */
  skus(): readonly string[] {
    return (this.sorted ??= [...this.bySku.keys()].sort());
  }
}
