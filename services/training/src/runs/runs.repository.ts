import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@salescast/platform';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

export type RunStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface RunRow {
  run_id: string;
  status: RunStatus;
  reason: string;
  skus: string[];
  skus_total: number;
  skus_done: number;
  skus_failed: number;
  started_at: Date | null;
  finished_at: Date | null;
  error: string;
}

@Injectable()
export class RunsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async create(skus: string[], reason: string): Promise<RunRow> {
    const rows: RunRow[] = await this.db.query(
      `INSERT INTO runs (run_id, status, reason, skus) VALUES ($1, 'QUEUED', $2, $3) RETURNING *`,
      [randomUUID(), reason, skus],
    );
    return rows[0];
  }

  async get(id: string): Promise<RunRow | undefined> {
    return (await this.db.query(`SELECT * FROM runs WHERE run_id = $1`, [id]))[0];
  }

  async start(id: string, total: number): Promise<void> {
    await this.db.query(
      `UPDATE runs SET status = 'RUNNING', started_at = now(), skus_total = $2 WHERE run_id = $1`,
      [id, total],
    );
  }

  async progress(id: string, done: number, failed: number): Promise<void> {
    await this.db.query(`UPDATE runs SET skus_done = $2, skus_failed = $3 WHERE run_id = $1`, [
      id,
      done,
      failed,
    ]);
  }

  async finish(id: string, status: 'SUCCEEDED' | 'FAILED', error = ''): Promise<void> {
    await this.db.query(`UPDATE runs SET status = $2, finished_at = now(), error = $3 WHERE run_id = $1`, [
      id,
      status,
      error,
    ]);
  }

  /** Runs left QUEUED/RUNNING by a process that died: picked up again at start. */
  async unfinished(): Promise<RunRow[]> {
    return this.db.query(`SELECT * FROM runs WHERE status IN ('QUEUED','RUNNING') ORDER BY created_at`);
  }
}
