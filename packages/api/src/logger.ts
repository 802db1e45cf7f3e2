import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Never log PHI or secrets: the redact list is a safety
 * net for the usual field names, not a licence to pass whole objects in.
 */
export function createLogger(options: { level: string; name: string }): Logger {
  return pino({
    name: options.name,
    level: options.level,
    redact: {
      paths: [
        'password',
        'email',
        'token',
        '*.password',
        '*.email',
        '*.name',
        '*.token',
        'req.headers.cookie',
        'req.headers.authorization',
      ],
      censor: '[redacted]',
    },
  });
}
