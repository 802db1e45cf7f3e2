import pino, { type DestinationStream, type Logger } from 'pino';
import { redactValue } from './logging/redaction';
import { safeError } from './logging/safe-error';
import { scrubText } from './logging/scrub-text';

export type { Logger };
export { redactConsole } from './logging/console';
export { isRedactedField, redactValue } from './logging/redaction';
export { safeError, type SafeError } from './logging/safe-error';
export { REDACTED, scrubText } from './logging/scrub-text';

/**
 * Structured JSON logs, the web app's and the worker's alike. Never log PHI or secrets: every line still goes
 * through the one redaction list (logging/redaction.ts) and errors through the safe error shape
 * (logging/safe-error.ts) as a safety net, but a log call passes ids and counts, not whole objects
 * (decision 0039). `destination` is for tests that read what was written.
 */
export function createLogger(
  options: { level: string; name: string },
  destination?: DestinationStream,
): Logger {
  return pino(
    {
      name: options.name,
      level: options.level,
      // Errors are already in their safe shape (formatters.log): pino's own serializer would rebuild them.
      serializers: { err: (value: unknown) => value },
      formatters: {
        log: (object) => redactValue(object) as Record<string, unknown>,
        // A child logger's bindings are ours (name, ids), but they are checked the same way.
        bindings: ({ name, ...rest }: Record<string, unknown>) => ({
          name,
          ...(redactValue(rest) as object),
        }),
      },
      hooks: {
        // log.error(err): the error in its safe shape, its safe message as the line's; string arguments lose tokens.
        logMethod(args: unknown[], method) {
          const [first, ...rest] = args;
          if (first instanceof Error) {
            const safe = safeError(first);
            const message = typeof rest[0] === 'string' ? rest : [safe.message, ...rest];
            return method.apply(this, [{ err: first }, ...cleanArgs(message)] as Parameters<
              typeof method
            >);
          }
          return method.apply(this, cleanArgs(args) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

function cleanArgs(args: unknown[]): unknown[] {
  return args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg));
}
