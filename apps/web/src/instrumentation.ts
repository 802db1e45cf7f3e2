/**
 * Runs once when the server starts: validate the environment now, so a bad
 * variable stops start-up with its message instead of failing the first request.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Next prints an uncaught error whole (a PostgreSQL `detail` holds row values): through our redaction (decision 0039).
  const { redactConsole } = await import('@virtual-care/api/logger');
  redactConsole();
  const { getEnv } = await import('./env');
  getEnv();
  // And stop if the database role escapes row-level security (decision 0033).
  const { refuseUnconfinedLoginRole } = await import('./server/login-role');
  void refuseUnconfinedLoginRole();
}
