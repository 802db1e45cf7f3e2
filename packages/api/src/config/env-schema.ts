import { z } from 'zod';

/** Pieces the env slices share (packages/api's and the apps' own), so one kind of value is checked one way. */
export const logLevelSchema = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  .default('info');

export type LogLevel = z.output<typeof logLevelSchema>;

/** The product's NATS clients speak the TCP protocol only (no WebSocket transport). */
export const natsUrlSchema = z
  .string()
  .refine((v) => /^(nats|tls):\/\//.test(v), 'must be a nats:// URL (or tls://)');

export const httpUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

export const booleanFlagSchema = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .default('false')
  .transform((v) => v === 'true' || v === '1');

/** One token of a NATS subject (a prefix such as `virtual_care`). */
export const subjectTokenSchema = z
  .string()
  .regex(/^[a-z0-9_]+$/, 'must be lower-case letters, digits and _');

/**
 * For a slice's cross-variable checks: run them even when another variable already failed, so one message
 * names every problem (zod skips refinements after a failed field by default).
 */
export const evenAfterOtherErrors = { when: () => true } as const;
