import { Inject, Injectable } from '@nestjs/common';
import { OutgoingEvent, DATA_SOURCE, enqueue } from '@salescast/platform';
import { StockPosition, SupplyTerms } from '@salescast/planning';
import { DataSource } from 'typeorm';

export interface TermsRow extends SupplyTerms {
  sku: string;
}

export interface InventoryRow extends StockPosition {
  sku: string;
}

/** A proposal to announce: the SKU's last one is replaced only when `fingerprint` changes. */
export interface ProposalRow {
  sku: string;
  proposalId: string;
  fingerprint: string;
  plan: unknown;
  event: OutgoingEvent;
}

/** All SQL of the reorder module: its copies of supply terms and inventory, and the proposals it announced. */
@Injectable()
export class ReorderRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  /** Upserts terms by (sku, supplier); the batch's last row per key wins. */
  async upsertTerms(rows: TermsRow[]): Promise<void> {
    const unique = [...new Map(rows.map((r) => [`${r.sku}\u0000${r.supplier}`, r])).values()];
    if (!unique.length) return;
    await this.db.query(
      `INSERT INTO reorder_supply_terms (sku, supplier, moq, lead_time_days, pack_size, review_days)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int[])
       ON CONFLICT (sku, supplier) DO UPDATE SET moq = EXCLUDED.moq, lead_time_days = EXCLUDED.lead_time_days,
         pack_size = EXCLUDED.pack_size, review_days = EXCLUDED.review_days, updated_at = now()`,
      [
        unique.map((r) => r.sku),
        unique.map((r) => r.supplier),
        unique.map((r) => r.moq),
        unique.map((r) => r.leadTimeDays),
        unique.map((r) => r.packSize),
        unique.map((r) => r.reviewDays),
      ],
    );
  }

  /** Keeps the latest stock report per SKU (a report for an earlier day than the stored one is ignored). */
  async upsertInventory(rows: InventoryRow[]): Promise<void> {
    const latest = new Map<string, InventoryRow>();
    for (const r of rows) {
      const seen = latest.get(r.sku);
      if (!seen || seen.asOf <= r.asOf) latest.set(r.sku, r);
    }
    const unique = [...latest.values()];
    if (!unique.length) return;
    await this.db.query(
      `INSERT INTO reorder_inventory (sku, as_of_date, on_hand, on_order)
       SELECT * FROM unnest($1::text[], $2::date[], $3::float8[], $4::float8[])
       ON CONFLICT (sku) DO UPDATE SET as_of_date = EXCLUDED.as_of_date, on_hand = EXCLUDED.on_hand,
         on_order = EXCLUDED.on_order, updated_at = now()
       WHERE reorder_inventory.as_of_date <= EXCLUDED.as_of_date`,
      [unique.map((r) => r.sku), unique.map((r) => r.asOf), unique.map((r) => r.onHand), unique.map((r) => r.onOrder)],
    );
  }

  /** The terms of each SKU (the most recently updated supplier when a SKU has several). */
  async termsFor(skus: readonly string[]): Promise<Map<string, TermsRow>> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT DISTINCT ON (sku) sku, supplier, moq, lead_time_days, pack_size, review_days
         FROM reorder_supply_terms WHERE sku = ANY($1::text[]) ORDER BY sku, updated_at DESC, supplier`,
      [skus],
    );
    return new Map(rows.map((r) => [r.sku as string, termsRow(r)]));
  }

  /** SKUs whose current terms name `supplier`, sorted. */
  async skusOfSupplier(supplier: string): Promise<string[]> {
    const rows: Array<{ sku: string }> = await this.db.query(
      `SELECT sku FROM (
         SELECT DISTINCT ON (sku) sku, supplier FROM reorder_supply_terms ORDER BY sku, updated_at DESC, supplier
       ) t WHERE supplier = $1 ORDER BY sku`,
      [supplier],
    );
    return rows.map((r) => r.sku);
  }

  async inventoryFor(skus: readonly string[]): Promise<Map<string, InventoryRow>> {
    const rows: Array<{ sku: string; as_of_date: string; on_hand: number; on_order: number }> = await this.db.query(
      `SELECT sku, to_char(as_of_date, 'YYYY-MM-DD') AS as_of_date, on_hand, on_order
         FROM reorder_inventory WHERE sku = ANY($1::text[])`,
      [skus],
    );
    return new Map(
      rows.map((r) => [r.sku, { sku: r.sku, asOf: r.as_of_date, onHand: Number(r.on_hand), onOrder: Number(r.on_order) }]),
    );
  }

  /**
   * Records the proposals whose fingerprint differs from the SKU's last one and enqueues their events
   * (one transaction, through the outbox). Returns the SKUs announced.
   */
  async propose(proposals: ProposalRow[]): Promise<string[]> {
    const rows = [...new Map(proposals.map((p) => [p.sku, p])).values()];
    if (!rows.length) return [];
    return this.db.transaction(async (tx) => {
      const changed: Array<{ sku: string }> = await tx.query(
        `INSERT INTO reorder_proposals (sku, proposal_id, fingerprint, plan)
         SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::jsonb[])
         ON CONFLICT (sku) DO UPDATE SET proposal_id = EXCLUDED.proposal_id, fingerprint = EXCLUDED.fingerprint,
           plan = EXCLUDED.plan, proposed_at = now()
         WHERE reorder_proposals.fingerprint <> EXCLUDED.fingerprint
         RETURNING sku`,
        [
          rows.map((r) => r.sku),
          rows.map((r) => r.proposalId),
          rows.map((r) => r.fingerprint),
          rows.map((r) => JSON.stringify(r.plan)),
        ],
      );
      const announced = new Set(changed.map((c) => c.sku));
      await enqueue(
        tx,
        rows.filter((r) => announced.has(r.sku)).map((r) => r.event),
      );
      return [...announced];
    });
  }
}

function termsRow(r: Record<string, unknown>): TermsRow {
  return {
    sku: r.sku as string,
    supplier: r.supplier as string,
    moq: Number(r.moq),
    leadTimeDays: Number(r.lead_time_days),
    packSize: Number(r.pack_size),
    reviewDays: Number(r.review_days),
  };
}
