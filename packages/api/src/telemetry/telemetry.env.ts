import { z } from 'zod';
import { httpUrlSchema } from '../config/env-schema';

const protocolSchema = z.enum(['http/protobuf', 'http/json'], {
  error: 'must be http/protobuf (the default) or http/json',
});

/**
 * The OpenTelemetry variables this product reads itself, by their standard names (decision 0042). Read by the
 * apps' telemetry start, before their env.ts (which loads pg); the SDK reads the other standard OTEL_*
 * variables (headers, timeout, sampler, resource attributes) itself.
 */
export const telemetryEnvSlice = z
  .object({
    /** The collector's OTLP/HTTP base URL (traces go to <url>/v1/traces); unset: no tracing, nothing loaded. */
    OTEL_EXPORTER_OTLP_ENDPOINT: httpUrlSchema.optional(),
    /** The traces URL itself, when it is not <OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces. */
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrlSchema.optional(),
    OTEL_EXPORTER_OTLP_PROTOCOL: protocolSchema.default('http/protobuf'),
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: protocolSchema.optional(),
    /** service.name; default virtual-care-web or virtual-care-worker. */
    OTEL_SERVICE_NAME: z.string().min(1).optional(),
  })
  .transform((env) => ({
    telemetry:
      env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
        ? {
            protocol: env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL,
            serviceName: env.OTEL_SERVICE_NAME ?? null,
          }
        : null,
  }));

/** Tracing's settings; null: tracing is off. */
export type TelemetryConfig = z.output<typeof telemetryEnvSlice>['telemetry'];
