import { startTelemetry, type Telemetry } from '@virtual-care/api/telemetry';
import { startOtlpReceiver } from './otlp-receiver';

/**
 * Imported first by a test file: an OTLP receiver, then the product's telemetry exporting to it over OTLP/HTTP
 * JSON, before the test's other imports load pg (which is patched only as it loads, decision 0042).
 */
export const receiver = await startOtlpReceiver();
process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
process.env.OTEL_EXPORTER_OTLP_PROTOCOL = 'http/json';
export const telemetry = (await startTelemetry(process.env, {
  defaultServiceName: 'virtual-care-test',
})) as Telemetry;
