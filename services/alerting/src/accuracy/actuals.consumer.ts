import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { dailySalesProblem } from '@salescast/contracts';
import { EVENT_CONSUMER, EventConsumerPort, topicSubscription } from '@salescast/platform';
import { AlertsService } from '../alerts/alerts.service';
import { AccuracyRepository } from './accuracy.repository';
import { AccuracyService } from './accuracy.service';

/** sales.daily.v1: the actuals every forecast is scored against and drift is judged on. */
@Injectable()
export class ActualsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly repo: AccuracyRepository,
    private readonly accuracy: AccuracyService,
    private readonly alerts: AlertsService,
    @Inject(EVENT_CONSUMER) private readonly consumer: EventConsumerPort,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.subscribe(
      topicSubscription('sales.daily.v1', {
        groupId: 'alerting.actuals',
        validate: dailySalesProblem,
        handle: async (batch) => {
          const skus = await this.repo.recordActuals(batch);
          this.accuracy.touched();
          await this.alerts.evaluate(skus);
        },
      }),
    );
  }
}
