import { Controller, MessageEvent, Sse } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { interval, map, merge, Observable } from 'rxjs';
import { ApiStandardErrors } from '../api-docs';
import { RequireScopes } from '../auth/principal';
import { LiveEventsConsumer } from './live-events.consumer';

/** Server-sent events: forecasts published and alerts raised, as they happen. */
@ApiTags('events')
@Controller('api/v1')
export class EventsController {
  constructor(private readonly live: LiveEventsConsumer) {}

  @Sse('events')
  @RequireScopes('forecasts:read')
  @ApiOperation({
    summary:
      'A text/event-stream of `forecast` (forecasts.published.v1) and `alert` (monitoring.alerts.v1) events',
    description:
      'Send the bearer token in the Authorization header (fetch streaming or an SSE client that sets headers). A `ping` every 15 s keeps proxies from closing the stream.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'event: forecast|alert|ping, data: JSON',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiStandardErrors()
  stream(): Observable<MessageEvent> {
    return merge(
      this.live.events$.pipe(map((e): MessageEvent => ({ type: e.type, data: e.data }))),
      interval(15_000).pipe(map((): MessageEvent => ({ type: 'ping', data: {} }))),
    );
  }
}
