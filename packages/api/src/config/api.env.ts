import { z } from 'zod';
import { parseJoinTokenKeyring, type JoinTokenKeyring } from '../adapters/hmac-join-token.adapter';
import path from 'node:path';
import type { S3AttachmentStoreOptions } from '../adapters/attachment-store.s3.adapter';
import { aiGatewayKeyFromEnv } from '../adapters/ai-gateway-key';
import { masterKeysFromEnv, type MasterKeyProvider } from '../adapters/kms-secret.adapter';
import { DEFAULT_EVENT_SUBJECT_PREFIX } from '../adapters/nats-event-subject';
import type { RateLimitConfig } from '../edge/rate-limit/rate-limits';
import {
  booleanFlagSchema,
  evenAfterOtherErrors,
  httpUrlSchema,
  logLevelSchema,
  natsUrlSchema,
  subjectTokenSchema,
  type LogLevel,
} from './env-schema';

/** Where bearer tokens of non-browser callers are verified (an identity provider's JWKS, as a gateway would). */
export interface BearerAuthConfig {
  issuer: string;
  audience: string;
  /** Remote key set (API_JWKS_URL) ... */
  jwksUrl: string | null;
  /** ... or an inline one (API_JWKS), e.g. the local demo key made by the start command. */
  jwks: { keys: Record<string, unknown>[] } | null;
}

/** Where the async visits' photos are kept: files under a directory (the default) or an S3-protocol bucket. */
export type AttachmentStoreConfig =
  { kind: 'filesystem'; dir: string } | ({ kind: 's3' } & S3AttachmentStoreOptions);

/** The AI gateway (OpenAI-compatible API) behind the scribe; `url` null: every call fails as unavailable. */
export interface AiGatewayConfig {
  url: string | null;
  /** Sent as `Authorization: Bearer`; null: no header (a gateway on a private network may not ask for one). */
  apiKey: string | null;
  transcriptionModel: string;
  summaryModel: string;
  transcriptionTimeoutMs: number;
  summaryTimeoutMs: number;
}

/** The session API's platform settings, the same in the web app and the worker (both compose `apiEnvSlice`). */
export interface ApiConfig {
  /** Public origin of the web app: join links and waiting-room URLs are built on it. */
  publicBaseUrl: string;
  joinTokenKeyring: JoinTokenKeyring;
  masterKeys: MasterKeyProvider;
  fhirBaseUrl: string | null;
  fhirTimeoutMs: number;
  /** communication-service (async messaging threads); null: the fallback answers 503 saying it is not configured. */
  communicationServiceUrl: string | null;
  communicationServiceTimeoutMs: number;
  accessPolicyUrl: string | null;
  aiGateway: AiGatewayConfig;
  /** The async visits' photos: ATTACHMENT_S3_BUCKET selects S3, else files under ATTACHMENT_DIR. */
  attachmentStore: AttachmentStoreConfig;
  allowLoopbackVideoHttp: boolean;
  jitsiHealthPath: string | null;
  /** How long a video (Jitsi) token lets its holder connect: the window a removed participant's copy works in. */
  videoTokenLifetimeSeconds: number;
  /** Hosts a tenant's branding logo may come from on the patient pages; empty = any https host. */
  brandingLogoHosts: string[];
  bearer: BearerAuthConfig | null;
  /** NATS with JetStream; null: events wait in the outbox and live pages poll. */
  natsUrl: string | null;
  /** First token of every event subject (`<prefix>.session.created.v1`): the worker publishes, the web subscribes. */
  natsSubjectPrefix: string;
  logLevel: LogLevel;
  /** Request limits shared by every instance (decision 0035). */
  rateLimits: RateLimitConfig;
  /** The largest request body REST and tRPC read, in bytes (file uploads have their own limits). */
  maxBodyBytes: number;
  /** The most calls one tRPC batch may carry. */
  trpcMaxBatchSize: number;
}

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

/** The parser's own message (never the key material) as the variable's problem. */
function parsedBy<T>(parse: (value: string) => T) {
  return (value: string, ctx: z.RefinementCtx): T => {
    try {
      return parse(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  };
}

const settings = z
  .object({
    PUBLIC_BASE_URL: httpUrlSchema.optional(),
    /** NextAuth's site URL (the web's slice reads it too): the default of PUBLIC_BASE_URL. */
    NEXTAUTH_URL: httpUrlSchema.optional(),
    JOIN_TOKEN_KEYS: z
      .string({ error: 'is required ("kid:base64url-key[,older...]", 32+ bytes each)' })
      .transform(parsedBy(parseJoinTokenKeyring)),
    FHIR_BASE_URL: httpUrlSchema.optional(),
    FHIR_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
    COMMUNICATION_SERVICE_URL: httpUrlSchema.optional(),
    COMMUNICATION_SERVICE_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
    ACCESS_POLICY_URL: httpUrlSchema.optional(),
    AI_GATEWAY_URL: httpUrlSchema.optional(),
    AI_TRANSCRIPTION_MODEL: z.string().min(1).default('whisper-1'),
    AI_SUMMARY_MODEL: z.string().min(1).default('gpt-4o-mini'),
    AI_TRANSCRIPTION_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
    AI_SUMMARY_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
    ATTACHMENT_DIR: z.string().min(1).default('.data/attachments'),
    ATTACHMENT_S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')
      .optional(),
    ATTACHMENT_S3_ENDPOINT: httpUrlSchema.optional(),
    ATTACHMENT_S3_REGION: z.string().min(1).default('us-east-1'),
    ATTACHMENT_S3_FORCE_PATH_STYLE: booleanFlagSchema,
    ATTACHMENT_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    ATTACHMENT_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    VIDEO_ALLOW_LOOPBACK_HTTP: booleanFlagSchema,
    // Long enough for a page to open the call on a slow link, short enough that a removed participant's copy dies soon.
    VIDEO_TOKEN_LIFETIME_SECONDS: z.coerce.number().int().min(60).max(3600).default(600),
    JITSI_HEALTH_PATH: z
      .string()
      .regex(/^\/[\w./-]*$/, 'must be a path starting with /')
      .optional(),
    BRANDING_LOGO_HOSTS: hostList,
    API_JWT_ISSUER: z.string().min(1).optional(),
    API_JWT_AUDIENCE: z.string().min(1).optional(),
    API_JWKS_URL: httpUrlSchema.optional(),
    API_JWKS: jwksSchema.optional(),
    NATS_URL: natsUrlSchema.optional(),
    NATS_SUBJECT_PREFIX: subjectTokenSchema.default(DEFAULT_EVENT_SUBJECT_PREFIX),
    LOG_LEVEL: logLevelSchema,
    RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    RATE_LIMIT_PER_CLIENT: z.coerce.number().int().min(1).default(600),
    RATE_LIMIT_PER_TENANT: z.coerce.number().int().min(1).default(6000),
    // Generous: the waiting patients of a clinic behind one address poll their status every few seconds.
    RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(3000),
    RATE_LIMIT_JOIN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
    RATE_LIMIT_JOIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(1),
    API_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10_485_760).default(65_536),
    TRPC_MAX_BATCH_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  })
  .superRefine((env, ctx) => {
    if (env.API_JWKS_URL && env.API_JWKS) {
      ctx.addIssue({
        code: 'custom',
        path: ['API_JWKS'],
        message: 'set API_JWKS_URL or API_JWKS, not both',
      });
    }
    if (!env.ATTACHMENT_S3_ACCESS_KEY_ID !== !env.ATTACHMENT_S3_SECRET_ACCESS_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['ATTACHMENT_S3_SECRET_ACCESS_KEY'],
        message:
          'set ATTACHMENT_S3_ACCESS_KEY_ID and ATTACHMENT_S3_SECRET_ACCESS_KEY together, or neither',
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
  }, evenAfterOtherErrors);

/** A slice of its own inside the API's, so its two variables are checked even when another variable failed. */
const masterKey = z
  .object({
    SECRET_STORE_MASTER_KEY: z.string().optional(),
    SECRET_STORE_MASTER_KEY_FILE: z.string().optional(),
  })
  .transform((env, ctx) => {
    try {
      return { masterKeys: masterKeysFromEnv(env) };
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        path: ['SECRET_STORE_MASTER_KEY'],
        message: (error as Error).message,
      });
      return z.NEVER;
    }
  });

/**
 * The AI gateway's key, like the master key: inline (AI_GATEWAY_API_KEY) or from a mounted secret
 * (AI_GATEWAY_API_KEY_FILE, e.g. a Kubernetes or Vault secret), never both; messages never quote it.
 */
const aiGatewayKey = z
  .object({
    AI_GATEWAY_API_KEY: z.string().optional(),
    AI_GATEWAY_API_KEY_FILE: z.string().optional(),
  })
  .transform((env, ctx) => {
    try {
      return { aiGatewayApiKey: aiGatewayKeyFromEnv(env) };
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        path: ['AI_GATEWAY_API_KEY'],
        message: (error as Error).message,
      });
      return z.NEVER;
    }
  });

/** The session API's environment variables; both apps compose this slice into their env.ts. */
export const apiEnvSlice = z
  .intersection(z.intersection(settings, masterKey), aiGatewayKey)
  .transform((env): ApiConfig => ({
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? env.NEXTAUTH_URL ?? 'http://localhost:3000').replace(
      /\/+$/,
      '',
    ),
    joinTokenKeyring: env.JOIN_TOKEN_KEYS,
    masterKeys: env.masterKeys,
    fhirBaseUrl: env.FHIR_BASE_URL ?? null,
    fhirTimeoutMs: env.FHIR_TIMEOUT_MS,
    communicationServiceUrl: env.COMMUNICATION_SERVICE_URL ?? null,
    communicationServiceTimeoutMs: env.COMMUNICATION_SERVICE_TIMEOUT_MS,
    accessPolicyUrl: env.ACCESS_POLICY_URL ?? null,
    aiGateway: {
      url: env.AI_GATEWAY_URL ?? null,
      apiKey: env.aiGatewayApiKey,
      transcriptionModel: env.AI_TRANSCRIPTION_MODEL,
      summaryModel: env.AI_SUMMARY_MODEL,
      transcriptionTimeoutMs: env.AI_TRANSCRIPTION_TIMEOUT_MS,
      summaryTimeoutMs: env.AI_SUMMARY_TIMEOUT_MS,
    },
    attachmentStore: env.ATTACHMENT_S3_BUCKET
      ? {
          kind: 's3',
          bucket: env.ATTACHMENT_S3_BUCKET,
          endpoint: env.ATTACHMENT_S3_ENDPOINT ?? null,
          region: env.ATTACHMENT_S3_REGION,
          forcePathStyle: env.ATTACHMENT_S3_FORCE_PATH_STYLE,
          credentials:
            env.ATTACHMENT_S3_ACCESS_KEY_ID && env.ATTACHMENT_S3_SECRET_ACCESS_KEY
              ? {
                  accessKeyId: env.ATTACHMENT_S3_ACCESS_KEY_ID,
                  secretAccessKey: env.ATTACHMENT_S3_SECRET_ACCESS_KEY,
                }
              : null,
        }
      : // Resolved once here, so every later use of the process (whatever its working directory) means one place.
        { kind: 'filesystem', dir: path.resolve(env.ATTACHMENT_DIR) },
    allowLoopbackVideoHttp: env.VIDEO_ALLOW_LOOPBACK_HTTP,
    jitsiHealthPath: env.JITSI_HEALTH_PATH ?? null,
    videoTokenLifetimeSeconds: env.VIDEO_TOKEN_LIFETIME_SECONDS,
    brandingLogoHosts: env.BRANDING_LOGO_HOSTS,
    bearer:
      env.API_JWT_ISSUER && env.API_JWT_AUDIENCE && (env.API_JWKS_URL || env.API_JWKS)
        ? {
            issuer: env.API_JWT_ISSUER,
            audience: env.API_JWT_AUDIENCE,
            jwksUrl: env.API_JWKS_URL ?? null,
            jwks: env.API_JWKS ?? null,
          }
        : null,
    natsUrl: env.NATS_URL ?? null,
    natsSubjectPrefix: env.NATS_SUBJECT_PREFIX,
    logLevel: env.LOG_LEVEL,
    rateLimits: {
      windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
      perClient: env.RATE_LIMIT_PER_CLIENT,
      perTenant: env.RATE_LIMIT_PER_TENANT,
      perAddress: env.RATE_LIMIT_PER_ADDRESS,
      joinFailuresPerAddress: env.RATE_LIMIT_JOIN_FAILURES_PER_ADDRESS,
      joinFailureWindowSeconds: env.RATE_LIMIT_JOIN_FAILURE_WINDOW_SECONDS,
      trustedProxyHops: env.TRUSTED_PROXY_HOPS,
    },
    maxBodyBytes: env.API_MAX_BODY_BYTES,
    trpcMaxBatchSize: env.TRPC_MAX_BATCH_SIZE,
  }));
