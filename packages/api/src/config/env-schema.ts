import { z } from 'zod';

/** Pieces shared by each app's `env.ts` (each app still reads process.env once, in its own file). */
export const logLevelSchema = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  .default('info');

export const postgresUrlSchema = z
  .string({ error: 'is required (a postgres:// connection string)' })
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL');

export const natsUrlSchema = z
  .string()
  .refine(
    (v) => /^(nats|tls|wss?):\/\//.test(v),
    'must be a nats:// (or tls://, ws://, wss://) URL',
  );

export const httpUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/** Treats `FOO=` (empty) as unset, which is what a blank line in .env means. */
export function emptyAsUndefined(source: Record<string, string | undefined>) {
  return Object.fromEntries(Object.entries(source).map(([k, v]) => [k, v === '' ? undefined : v]));
}

export class EnvError extends Error {
  override name = 'EnvError';
}

/** Parses, or throws one message that names every bad variable and what is wrong with it. */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  source: Record<string, string | undefined>,
  app: string,
): z.infer<S> {
  const result = schema.safeParse(emptyAsUndefined(source));
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.length ? issue.path.join('.') : '(environment)';
    return `  - ${name}: ${issue.message}`;
  });
  throw new EnvError(
    `Invalid environment for ${app}:\n${lines.join('\n')}\nSee .env.example for every variable.`,
  );
}
