import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

export type HealthCheck = () => Promise<Record<string, 'ok' | 'down' | 'not_configured'>>;

/** `/health` answers liveness; `/ready` runs the dependency checks (503 when one is down); `/metrics` is Prometheus. */
export function startHealthServer(
  port: number,
  ready: HealthCheck,
  registry?: Registry,
): Promise<Server> {
  const server = createServer((request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
      });
      response.end(JSON.stringify(body));
    };
    if (request.url === '/health') return reply(200, { status: 'ok' });
    if (request.url === '/metrics' && registry) {
      registry
        .metrics()
        .then((text) => {
          response.writeHead(200, { 'content-type': registry.contentType });
          response.end(text);
        })
        .catch(() => reply(500, { status: 'error' }));
      return;
    }
    if (request.url === '/ready') {
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
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
