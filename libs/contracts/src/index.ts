/**
 * salescast contracts: code generated from `proto/` by ts-proto (under `gen/`, never edited by
 * hand) plus the hand-written topic map, payload codecs and envelope helper.
 *
 *   import { events, api, TOPICS } from '@salescast/contracts';
 *   const line: events.SalesLineRecorded = events.SalesLineRecorded.decode(bytes);
 *   server.addService(api.ForecastServiceService, handlers);
 */
export * as events from './gen/index.salescast.events.v1';
export * as api from './gen/index.salescast.api.v1';
export * from './topics';
export * from './codec';
export * from './envelope';
export * from './proto-files';
export * from './validation';
export * from './rpc-scopes';
