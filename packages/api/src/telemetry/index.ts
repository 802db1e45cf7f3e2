// Tracing's start (the SDK is imported only when configured) and the messaging spans (decision 0042).
export type { TraceContext } from './trace-context';
export {
  endPublishSpan,
  inProcessSpan,
  startPublishSpan,
  type HeaderReader,
} from './messaging-spans';
export { startTelemetry, type Telemetry, type TelemetryOptions } from './start-telemetry';
export { telemetryEnvSlice, type TelemetryConfig } from './telemetry.env';
