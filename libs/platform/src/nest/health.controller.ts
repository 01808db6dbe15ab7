import { Controller, Get, Header, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Metrics } from '../metrics/metrics';
import { DATA_SOURCE, METRICS } from './tokens';

/** Liveness, readiness (database reachable) and Prometheus metrics, on every service's HTTP port. */
@Controller()
export class HealthController {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready() {
    try {
      await this.db.query('SELECT 1');
      return { status: 'ok', database: 'up' };
    } catch (e) {
      throw new HttpException({ status: 'unavailable', database: String(e) }, HttpStatus.SERVICE_UNAVAILABLE);
    }
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return (await this.metrics.render()).body;
  }
}
