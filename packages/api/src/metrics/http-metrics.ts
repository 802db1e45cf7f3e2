import { Counter, Histogram, type Registry } from 'prom-client';

/** RED per route: how many requests, how many failed (`status_class="5xx"`), how long they took. */
export interface HttpMetrics {
  requests: Counter<'method' | 'route' | 'status_class'>;
  durationSeconds: Histogram<'method' | 'route'>;
}

export function createHttpMetrics(registry: Registry): HttpMetrics {
  const registers = [registry];
  return {
    requests: new Counter({
      name: 'virtual_care_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status class (1xx-5xx, or aborted by the client)',
      labelNames: ['method', 'route', 'status_class'],
      registers,
    }),
    durationSeconds: new Histogram({
      name: 'virtual_care_http_request_duration_seconds',
      help: 'Arrival to the last byte handed to the connection, by method and route template',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
  };
}
