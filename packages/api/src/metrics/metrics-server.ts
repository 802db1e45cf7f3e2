import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

export type ReadinessCheck = () => Promise<Record<string, 'ok' | 'down' | 'not_configured'>>;

export interface MetricsServerOptions {
  port: number;
  /** The address to listen on: 127.0.0.1 (this host only, the default) or 0.0.0.0 (a pod's, for its scraper). */
  host: string;
  registry: Registry;
  /** The dependency checks behind `/ready` (the worker's); without them there is no `/ready`. */
  ready?: ReadinessCheck;
}

const metricsServers = new WeakSet<Server>();

/** True for a server startMetricsServer made: the access log leaves its scrapes out of the app's figures. */
export function isMetricsServer(server: Server): boolean {
  return metricsServers.has(server);
}

/**
 * A process's own small HTTP server, apart from what it serves its users: `/metrics` (Prometheus text), `/health`
 * (liveness) and, given checks, `/ready` (503 when one is down). Nothing else answers, and nothing of a patient's
 * is in it: counts and durations only.
 */
export function startMetricsServer(options: MetricsServerOptions): Promise<Server> {
  const { registry, ready } = options;
  const server = createServer((request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
      });
      response.end(JSON.stringify(body));
    };
    if (request.url === '/health') return reply(200, { status: 'ok' });
    if (request.url === '/metrics') {
      registry
        .metrics()
        .then((text) => {
          response.writeHead(200, { 'content-type': registry.contentType });
          response.end(text);
        })
        .catch(() => reply(500, { status: 'error' }));
      return;
    }
    if (request.url === '/ready' && ready) {
      ready()
        .then((checks) => {
          const down = Object.values(checks).includes('down');
          reply(down ? 503 : 200, { status: down ? 'unavailable' : 'ok', checks });
        })
        .catch(() => reply(503, { status: 'unavailable' }));
      return;
    }
    reply(404, { status: 'not_found' });
  });
  metricsServers.add(server);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve(server));
  });
}
