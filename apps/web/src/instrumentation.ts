/**
 * Runs once when the server starts: validate the environment now, so a bad
 * variable stops start-up with its message instead of failing the first request.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Traces when OTEL_EXPORTER_OTLP_ENDPOINT is set, else nothing loads (decision 0042). First: pg is patched as it loads.
  const { startTelemetry } = await import('@virtual-care/api/telemetry');
  await startTelemetry(process.env, { defaultServiceName: 'virtual-care-web' });
  // Next prints an uncaught error whole (a PostgreSQL `detail` holds row values): through our redaction (decision 0039).
  const { redactConsole } = await import('@virtual-care/api/logger');
  redactConsole();
  const { getEnv } = await import('./env');
  getEnv();
  // Every request's access-log line and RED metrics, and the metrics server on METRICS_PORT (decision 0043).
  const { startObservability } = await import('./server/observability');
  await startObservability();
  // And stop if the database role escapes row-level security (decision 0033).
  const { refuseUnconfinedLoginRole } = await import('./server/login-role');
  void refuseUnconfinedLoginRole();
}
