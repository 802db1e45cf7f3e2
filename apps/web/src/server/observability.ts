import {
  createLogger,
  createRouteTemplates,
  createWebMetrics,
  startAccessLog,
  startMetricsServer,
  type WebMetrics,
} from '@virtual-care/api';
import { getEnv } from '../env';

/**
 * The pages and route handlers of src/app as route templates (REST and tRPC come from the router itself). A new
 * page missing here is labelled `{unmatched}`: counted, never a series of its own per path.
 */
const PAGE_ROUTES = [
  '/',
  '/signin',
  '/join',
  '/join/api/bandwidth',
  '/join/api/enter',
  '/join/api/language',
  '/join/api/link',
  '/join/api/messages',
  '/join/api/status',
  '/clinician',
  '/clinician/sessions/{id}',
  '/clinician/async-visits/{id}',
  '/clinician/patients/{id}/consent',
  '/portal',
  '/portal/async-visits',
  '/portal/async-visits/{file}',
  '/portal/visits/{id}/join',
  '/admin/settings',
  '/api/health',
  '/api/ready',
  '/api/csp-reports',
  '/api/auth/{action}',
  '/api/auth/{action}/{provider}',
  '/favicon.ico',
  '/icon.svg',
];

// On globalThis, as the services are: the instrumentation and the route handlers are bundled apart, and this
// process has one registry, which both fill.
const globalForMetrics = globalThis as typeof globalThis & {
  __vcWebMetrics?: WebMetrics;
  __vcObserving?: true;
};

/** The web process's one metrics registry (RED per route, the domain's, Node's own). */
export function getWebMetrics(): WebMetrics {
  return (globalForMetrics.__vcWebMetrics ??= createWebMetrics());
}

/**
 * From start-up (instrumentation.ts): one access-log line and the RED metrics for every request, and, with
 * METRICS_PORT, the metrics server on its own port (decision 0043).
 */
export async function startObservability(): Promise<void> {
  // Once per process, even if `next dev` registers the instrumentation again.
  if (globalForMetrics.__vcObserving) return;
  globalForMetrics.__vcObserving = true;
  const env = getEnv();
  const metrics = getWebMetrics();
  startAccessLog({
    log: createLogger({ level: env.logLevel, name: 'web' }),
    http: metrics.http,
    routeOf: createRouteTemplates(PAGE_ROUTES),
  });
  if (!env.metricsServer) return;
  await startMetricsServer({ ...env.metricsServer, registry: metrics.registry });
}
