import { stopRepoPostgres } from './repo-global-setup';

/** Stops the PostgreSQL the `repo` project's set-up started (nothing when DATABASE_URL was given). */
export default async function globalTeardown(): Promise<void> {
  stopRepoPostgres();
}
