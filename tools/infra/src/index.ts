export { ensureInfra, chooseSources, infraMode } from './ensure-infra';
export type { Infra, InfraMode, InfraSource } from './ensure-infra';
export { freshDatabase, databaseName, withDatabase } from './fresh-database';
export type { FreshDatabase } from './fresh-database';
export { dockerEngineAnswers } from './docker-engine';
export { startLocalInfra, stopLocalInfra, localInfraRunning, INFRA_SCRIPT } from './local-infra';
export type { LocalInfra } from './local-infra';
