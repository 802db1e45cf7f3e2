import {
  apiEnvSlice,
  evenAfterOtherErrors,
  httpUrlSchema,
  loadEnv,
  metricsEnvSlice,
  type ApiConfig,
  type EnvSource,
  type MetricsServerConfig,
} from '@virtual-care/api';
import { dbEnvSlice, type DbConfig } from '@virtual-care/db';
import { z } from 'zod';

// Used only outside production, so `next dev` works with no set-up. Production refuses to start without a real one.
const DEV_ONLY_SECRET = 'virtual-care-dev-only-secret-do-not-use-in-production';

interface WebConfig {
  nodeEnv: 'development' | 'test' | 'production';
  nextAuthUrl: string;
  nextAuthSecret: string;
  oidc: { issuer: string; clientId: string; clientSecret: string } | null;
}

/** The web app's own variables (sign-in); the database's and the session API's come from their packages' slices. */
export const webEnvSlice = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    NEXTAUTH_URL: httpUrlSchema.optional(),
    NEXTAUTH_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters (try: openssl rand -base64 32)')
      .optional(),
    OIDC_ISSUER: httpUrlSchema.optional(),
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
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
  }, evenAfterOtherErrors)
  .transform((env): WebConfig => ({
    nodeEnv: env.NODE_ENV,
    nextAuthUrl: env.NEXTAUTH_URL ?? 'http://localhost:3000',
    nextAuthSecret: env.NEXTAUTH_SECRET ?? DEV_ONLY_SECRET,
    oidc:
      env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET
        ? {
            issuer: env.OIDC_ISSUER,
            clientId: env.OIDC_CLIENT_ID,
            clientSecret: env.OIDC_CLIENT_SECRET,
          }
        : null,
  }));

export type WebEnv = DbConfig &
  ApiConfig &
  WebConfig & { metricsServer: MetricsServerConfig | null };

/** Every variable the web app reads, validated together: one message names each bad one. */
export function loadWebEnv(source: EnvSource): WebEnv {
  return loadEnv('apps/web', [dbEnvSlice, apiEnvSlice, metricsEnvSlice, webEnvSlice], source);
}

let cached: WebEnv | null = null;

/**
 * The only place the web app reads process.env. Lazy (first call, then cached)
 * rather than at import, so `next build` can collect pages without a database URL.
 */
export function getEnv(): WebEnv {
  cached ??= loadWebEnv(process.env);
  return cached;
}
