import { startTelemetry, type Telemetry } from '@virtual-care/api/telemetry';

/**
 * OpenTelemetry for the worker, off unless OTEL_EXPORTER_OTLP_ENDPOINT is set (decision 0042). The start command
 * preloads this module (`tsx --import ./src/telemetry.ts src/main.ts`): pg is patched only as it loads, so
 * tracing must start before main's imports load it. Its variables are read here, not in env.ts (which loads pg).
 */
async function start(): Promise<Telemetry | null> {
  try {
    return await startTelemetry(process.env, { defaultServiceName: 'virtual-care-worker' });
  } catch (error) {
    // As main does with a bad variable: its message (naming it), not a stack.
    console.error((error as Error).message);
    process.exit(1);
  }
}

const telemetry = await start();

/** Sends the spans still buffered; main calls it before the process exits. */
export const shutdownTelemetry = async (): Promise<void> => telemetry?.shutdown();
