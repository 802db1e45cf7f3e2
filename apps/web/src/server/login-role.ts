import { getDatabase } from './database';

/**
 * Stops the server when its database role bypasses row-level security (decision 0033). In the background: the
 * app starts while PostgreSQL is down (readiness says so), and the check runs as soon as the database answers.
 */
export function refuseUnconfinedLoginRole(): Promise<void> {
  return getDatabase()
    .confirmLoginRole((error, retryInMs) =>
      console.warn(
        `database unreachable (${error.message}); login role checked in ${retryInMs} ms`,
      ),
    )
    .catch((error: unknown) => {
      console.error((error as Error).message);
      process.exit(1);
    });
}
