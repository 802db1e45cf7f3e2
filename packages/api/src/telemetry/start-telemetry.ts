import { createRequire } from 'node:module';
import path from 'node:path';
import { trace } from '@opentelemetry/api';
import { loadEnv, type EnvSource } from '../config/load-env';
import { redactingExporter, type SpanExporter } from './redacting-exporter';
import { telemetryEnvSlice, type TelemetryConfig } from './telemetry.env';

export interface Telemetry {
  /** Sends every span ended so far. */
  flush(): Promise<void>;
  /** Flushes, then stops exporting. */
  shutdown(): Promise<void>;
}

export interface TelemetryOptions {
  /** service.name unless OTEL_SERVICE_NAME names it: virtual-care-web, virtual-care-worker. */
  defaultServiceName: string;
}

type Protocol = NonNullable<TelemetryConfig>['protocol'];

/**
 * Starts OpenTelemetry tracing when OTEL_EXPORTER_OTLP_ENDPOINT (or its traces variant) is set in `source` (the
 * process's environment), else does nothing and loads nothing: the SDK, the exporter and the instrumentations
 * are imported only here (decision 0042). Call it before the modules it instruments are loaded: pg and undici
 * are patched as they load, and http is patched here. A bad variable throws an EnvError naming it.
 */
export async function startTelemetry(
  source: EnvSource,
  options: TelemetryOptions,
): Promise<Telemetry | null> {
  const { telemetry: config } = loadEnv('telemetry', [telemetryEnvSlice], source);
  if (!config) return null;
  const [{ NodeSDK }, exporter, { HttpInstrumentation }, { PgInstrumentation }, undici] =
    await Promise.all([
      import('@opentelemetry/sdk-node'),
      otlpExporter(config.protocol),
      import('@opentelemetry/instrumentation-http'),
      import('@opentelemetry/instrumentation-pg'),
      import('@opentelemetry/instrumentation-undici'),
    ]);
  const sdk = new NodeSDK({
    serviceName: config.serviceName ?? options.defaultServiceName,
    traceExporter: redactingExporter(exporter),
    // Logs stay on stdout through the one redaction (decision 0039); metrics are Prometheus's.
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation(),
      // Statement text only, never the values; and only within a traced operation, so the relay's and the
      // sweeps' idle polls do not each start a trace.
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
      // fetch: FHIR, Jitsi, the AI gateway, communication-service.
      new undici.UndiciInstrumentation(),
    ],
  });
  sdk.start();
  // The http server was loaded before this ran (Next's, or the app's own): a require now applies the patch.
  const requireNow = createRequire(path.join(process.cwd(), 'telemetry.cjs'));
  requireNow('node:http');
  requireNow('node:https');
  const flush = async () => {
    const provider = trace.getTracerProvider() as { getDelegate?: () => object };
    const delegate = provider.getDelegate?.() as { forceFlush?: () => Promise<void> } | undefined;
    await delegate?.forceFlush?.();
  };
  return {
    flush,
    async shutdown() {
      await flush();
      await sdk.shutdown();
    },
  };
}

async function otlpExporter(protocol: Protocol): Promise<SpanExporter> {
  if (protocol === 'http/json') {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    return new OTLPTraceExporter();
  }
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
  return new OTLPTraceExporter();
}
