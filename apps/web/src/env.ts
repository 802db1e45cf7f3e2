import {
  httpUrlSchema,
  logLevelSchema,
  natsUrlSchema,
  parseEnv,
  postgresUrlSchema,
} from '@virtual-care/api';
import { z } from 'zod';

// Used only outside production, so `next dev` works with no set-up. Production refuses to start without a real one.
const DEV_ONLY_SECRET = 'virtual-care-dev-only-secret-do-not-use-in-production';

export const webEnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: postgresUrlSchema,
    NEXTAUTH_URL: httpUrlSchema.optional(),
    NEXTAUTH_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters (try: openssl rand -base64 32)')
      .optional(),
    NATS_URL: natsUrlSchema.optional(),
    OIDC_ISSUER: httpUrlSchema.optional(),
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
    LOG_LEVEL: logLevelSchema,
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.NEXTAUTH_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['NEXTAUTH_SECRET'],
        message: 'is required in production',
      });
    }
    if (env.NODE_ENV === 'production' && !env.NEXTAUTH_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['NEXTAUTH_URL'],
        message: 'is required in production (the public URL of the site)',
      });
    }
    const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
    const set = oidc.filter(Boolean).length;
    if (set !== 0 && set !== 3) {
      for (const name of ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const) {
        if (!env[name]) {
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message:
              'OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together (all three or none)',
          });
        }
      }
    }
  })
  .transform((env) => ({
    nodeEnv: env.NODE_ENV,
    databaseUrl: env.DATABASE_URL,
    nextAuthUrl: env.NEXTAUTH_URL ?? 'http://localhost:3000',
    nextAuthSecret: env.NEXTAUTH_SECRET ?? DEV_ONLY_SECRET,
    natsUrl: env.NATS_URL ?? null,
    oidc:
      env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET
        ? {
            issuer: env.OIDC_ISSUER,
            clientId: env.OIDC_CLIENT_ID,
            clientSecret: env.OIDC_CLIENT_SECRET,
          }
        : null,
    logLevel: env.LOG_LEVEL,
  }));

export type WebEnv = z.infer<typeof webEnvSchema>;

let cached: WebEnv | null = null;

/**
 * The only place the web app reads process.env. Lazy (first call, then cached)
 * rather than at import, so `next build` can collect pages without a database URL.
 */
export function getEnv(): WebEnv {
  cached ??= parseEnv(webEnvSchema, process.env, 'apps/web');
  return cached;
}
