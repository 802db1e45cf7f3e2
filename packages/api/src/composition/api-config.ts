import { z } from 'zod';
import { parseJoinTokenKeyring, type JoinTokenKeyring } from '../adapters/hmac-join-token.adapter';
import { masterKeysFromEnv, type MasterKeyProvider } from '../adapters/kms-secret.adapter';
import { EnvError, emptyAsUndefined, httpUrlSchema, postgresUrlSchema } from '../config/env-schema';

/** Where bearer tokens of non-browser callers are verified (an identity provider's JWKS, as a gateway would). */
export interface BearerAuthConfig {
  issuer: string;
  audience: string;
  /** Remote key set (API_JWKS_URL) ... */
  jwksUrl: string | null;
  /** ... or an inline one (API_JWKS), e.g. the local demo key made by the start command. */
  jwks: { keys: Record<string, unknown>[] } | null;
}

/** The platform configuration of the session API, validated once per process. */
export interface ApiConfig {
  databaseUrl: string;
  databasePoolSize: number;
  /** Public origin of the web app: join links and waiting-room URLs are built on it. */
  publicBaseUrl: string;
  joinTokenKeyring: JoinTokenKeyring;
  masterKeys: MasterKeyProvider;
  fhirBaseUrl: string | null;
  accessPolicyUrl: string | null;
  allowLoopbackVideoHttp: boolean;
  jitsiHealthPath: string | null;
  /** Hosts a tenant's branding logo may come from on the patient pages; empty = any https host. */
  brandingLogoHosts: string[];
  bearer: BearerAuthConfig | null;
}

const booleanFlag = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .default('false')
  .transform((v) => v === 'true' || v === '1');

const hostList = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  )
  .refine(
    (hosts) => hosts.every((h) => /^[a-z0-9.-]+(:\d+)?$/.test(h)),
    'must be a comma-separated list of host names',
  );

const jwksSchema = z
  .string()
  .transform((raw, ctx) => {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON Web Key Set ({"keys":[...]})' });
      return z.NEVER;
    }
  })
  .pipe(
    z.object(
      { keys: z.array(z.record(z.string(), z.unknown())).min(1, 'must hold at least one key') },
      { error: 'must be a JSON Web Key Set ({"keys":[...]})' },
    ),
  );

const apiEnvSchema = z
  .object({
    DATABASE_URL: postgresUrlSchema,
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    PUBLIC_BASE_URL: httpUrlSchema.optional(),
    NEXTAUTH_URL: httpUrlSchema.optional(),
    JOIN_TOKEN_KEYS: z.string({
      error: 'is required ("kid:base64url-key[,older...]", 32+ bytes each)',
    }),
    SECRET_STORE_MASTER_KEY: z.string().optional(),
    SECRET_STORE_MASTER_KEY_FILE: z.string().optional(),
    FHIR_BASE_URL: httpUrlSchema.optional(),
    ACCESS_POLICY_URL: httpUrlSchema.optional(),
    VIDEO_ALLOW_LOOPBACK_HTTP: booleanFlag,
    JITSI_HEALTH_PATH: z
      .string()
      .regex(/^\/[\w./-]*$/, 'must be a path starting with /')
      .optional(),
    BRANDING_LOGO_HOSTS: hostList,
    API_JWT_ISSUER: z.string().min(1).optional(),
    API_JWT_AUDIENCE: z.string().min(1).optional(),
    API_JWKS_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    API_JWKS: jwksSchema.optional(),
  })
  .superRefine((env, ctx) => {
    if (env.API_JWKS_URL && env.API_JWKS) {
      ctx.addIssue({
        code: 'custom',
        path: ['API_JWKS'],
        message: 'set API_JWKS_URL or API_JWKS, not both',
      });
    }
    if (env.API_JWKS_URL || env.API_JWKS) {
      for (const name of ['API_JWT_ISSUER', 'API_JWT_AUDIENCE'] as const) {
        if (!env[name])
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: 'is required when API_JWKS_URL or API_JWKS is set',
          });
      }
    }
  });

/**
 * Parses the session API's variables from `source` (the app's env, read once by its caller). Every bad variable is
 * named in one EnvError; key material never appears in a message.
 */
export function loadApiConfig(source: Record<string, string | undefined>): ApiConfig {
  const result = apiEnvSchema.safeParse(emptyAsUndefined(source));
  const problems = result.success
    ? []
    : result.error.issues.map((i) => `  - ${i.path.join('.') || '(environment)'}: ${i.message}`);
  const keyring = guard(problems, 'JOIN_TOKEN_KEYS', () =>
    result.success ? parseJoinTokenKeyring(result.data.JOIN_TOKEN_KEYS) : null,
  );
  const masterKeys = guard(problems, 'SECRET_STORE_MASTER_KEY', () =>
    masterKeysFromEnv(emptyAsUndefined(source)),
  );
  if (!result.success || !keyring || !masterKeys || problems.length > 0) {
    throw new EnvError(
      `Invalid environment for the session API:\n${problems.join('\n')}\nSee apps/web/.env.example for every variable.`,
    );
  }
  const env = result.data;
  const bearer: BearerAuthConfig | null =
    env.API_JWT_ISSUER && env.API_JWT_AUDIENCE && (env.API_JWKS_URL || env.API_JWKS)
      ? {
          issuer: env.API_JWT_ISSUER,
          audience: env.API_JWT_AUDIENCE,
          jwksUrl: env.API_JWKS_URL ?? null,
          jwks: env.API_JWKS ?? null,
        }
      : null;
  return {
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? env.NEXTAUTH_URL ?? 'http://localhost:3000').replace(
      /\/+$/,
      '',
    ),
    joinTokenKeyring: keyring,
    masterKeys,
    fhirBaseUrl: env.FHIR_BASE_URL ?? null,
    accessPolicyUrl: env.ACCESS_POLICY_URL ?? null,
    allowLoopbackVideoHttp: env.VIDEO_ALLOW_LOOPBACK_HTTP,
    jitsiHealthPath: env.JITSI_HEALTH_PATH ?? null,
    brandingLogoHosts: env.BRANDING_LOGO_HOSTS,
    bearer,
  };
}

function guard<T>(problems: string[], name: string, parse: () => T): T | null {
  try {
    return parse();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    problems.push(`  - ${name}: ${message}`);
    return null;
  }
}
