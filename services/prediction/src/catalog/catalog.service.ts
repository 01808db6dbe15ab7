import { Injectable, OnModuleInit } from '@nestjs/common';
import { CategoriesRepository } from './categories.repository';

/** Each SKU's category, in memory (loaded at start, kept current by the SkusConsumer). */
@Injectable()
export class CatalogService implements OnModuleInit {
  private categories = new Map<string, string>();

  constructor(private readonly repository: CategoriesRepository) {}

  async onModuleInit(): Promise<void> {
    this.categories = await this.repository.all();
  }

  categoryOf(sku: string): string {
    return this.categories.get(sku) ?? '';
  }

  async record(rows: { sku: string; category: string; sourceTs: Date }[]): Promise<void> {
    await this.repository.upsert(rows);
    for (const r of rows) this.categories.set(r.sku, r.category);
  }
}
