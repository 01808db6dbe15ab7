import type { Infra } from './ensure-infra';

/**
 * Jest runs globalSetup and globalTeardown in the same process, and globals set by one are seen by
 * the other (and by no test): the handle of what setup started travels this way.
 */
const KEY = '__salescastInfra';

type WithInfra = typeof globalThis & { [KEY]?: Infra };

export function rememberInfra(infra: Infra): void {
  (globalThis as WithInfra)[KEY] = infra;
}

export function takeInfra(): Infra | undefined {
  const infra = (globalThis as WithInfra)[KEY];
  delete (globalThis as WithInfra)[KEY];
  return infra;
}
