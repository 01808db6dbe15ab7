import { Controller, Get, Header, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Metrics } from '@salescast/platform';
import { Public } from './auth/principal';
import { LiveEventsConsumer } from './events/live-events.consumer';
import { GATEWAY_METRICS } from './tokens';

/** Liveness, readiness (the live-event consumers have joined their groups) and Prometheus metrics. */
@ApiExcludeController()
@Public()
@Controller()
export class GatewayHealthController {
  constructor(
    private readonly live: LiveEventsConsumer,
    @Inject(GATEWAY_METRICS) private readonly metrics: Metrics,
  ) {}

  @Get('health/live')
  liveness() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready() {
    if (await this.live.joined()) return { status: 'ok', kafka: 'joined' };
    throw new HttpException(
      { status: 'unavailable', kafka: 'joining consumer groups' },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return (await this.metrics.render()).body;
  }
}
