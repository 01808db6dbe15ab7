import { takeInfra } from './global-infra';

/** Stops what the global set-up started, and nothing else (infrastructure found running stays up). */
export default async function globalTeardown(): Promise<void> {
  await takeInfra()?.stop();
}
