import { z } from 'zod';

/** A listening address: an IPv4 or IPv6 literal, or a host name. */
export const listenHostSchema = z
  .string()
  .regex(/^[A-Za-z0-9.:-]+$/, 'must be an address to listen on, e.g. 127.0.0.1 or 0.0.0.0');

/**
 * The web app's metrics server (decision 0043): off unless METRICS_PORT is set, on this host only unless METRICS_HOST
 * says otherwise (0.0.0.0 in a container, where the scraper comes from another pod).
 */
export const metricsEnvSlice = z
  .object({
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    METRICS_HOST: listenHostSchema.default('127.0.0.1'),
  })
  .transform((env) => ({
    metricsServer:
      env.METRICS_PORT === undefined ? null : { port: env.METRICS_PORT, host: env.METRICS_HOST },
  }));

export type MetricsServerConfig = NonNullable<z.output<typeof metricsEnvSlice>['metricsServer']>;
