import { collectDefaultMetrics, Registry } from 'prom-client';
import { createDomainMetrics, type DomainMetrics } from './domain-metrics';
import { createHttpMetrics, type HttpMetrics } from './http-metrics';

/** The web process's one registry: Node's own figures, RED per route, and the domain's. */
export interface WebMetrics extends DomainMetrics {
  http: HttpMetrics;
}

export function createWebMetrics(options: { defaults?: boolean } = {}): WebMetrics {
  const registry = new Registry();
  if (options.defaults ?? true)
    collectDefaultMetrics({ register: registry, prefix: 'virtual_care_web_' });
  return { ...createDomainMetrics(registry), http: createHttpMetrics(registry) };
}
