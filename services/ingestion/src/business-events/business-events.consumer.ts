import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { BUSINESS_EVENT_KINDS, businessEventProblem } from '@salescast/contracts';
import { EVENT_CONSUMER, EventConsumerPort, topicSubscription } from '@salescast/platform';
import { BusinessEventRow } from './business-events.repository';
import { BusinessEventsService } from './business-events.service';

/** Consumes `erp.business-events.v1`: validates (invalid → DLQ), maps, hands the events on. */
@Injectable()
export class BusinessEventsConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(EVENT_CONSUMER) private readonly consumer: EventConsumerPort,
    private readonly events: BusinessEventsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.subscribe(
      topicSubscription('erp.business-events.v1', {
        groupId: 'ingestion.business-events',
        validate: businessEventProblem,
        handle: (batch) =>
          this.events.upsert(
            batch.map(({ value: e }) => ({
              kind: BUSINESS_EVENT_KINDS[e.kind] as BusinessEventRow['kind'],
              startsOn: e.startsOn,
              scope: e.scope,
              endsOn: e.endsOn || null,
              description: e.description,
            })),
          ),
      }),
    );
  }
}
