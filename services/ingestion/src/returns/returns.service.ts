import { Injectable } from '@nestjs/common';
import { ReturnRow, ReturnsRepository } from './returns.repository';

/** Stores each return once (natural key return_id; the last of a batch wins) and updates its day's total. */
@Injectable()
export class ReturnsService {
  constructor(private readonly repo: ReturnsRepository) {}

  async record(rows: ReturnRow[]): Promise<number> {
    const unique = [...new Map(rows.map((r) => [r.returnId, r])).values()];
    return this.repo.recordReturns(unique);
  }
}
