import { MAX_AI_TRANSCRIPT_RETENTION_HOURS, VIDEO_BACKENDS } from '@virtual-care/domain';
import { z } from 'zod';
import { numberSchema, strictBooleanSchema } from '../../edge/common.schema';

const backendSchema = z.enum(VIDEO_BACKENDS);
/** Shape only (types and sane lengths); the domain's rules give the per-field reasons (HTTPS, allowlist, hex). */
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const minutesSchema = numberSchema()
  .int('must be a whole number')
  .min(0, 'must not be negative')
  .max(1440, 'must be at most 1440');
/** Write-only: a string sets, null clears, omitted or "****" keeps the stored value. */
const credentialSchema = z.string().min(1).max(4096).nullable().optional();

export const configViewSchema = z
  .object({
    tenantId: z.string(),
    defaultVideoBackend: backendSchema,
    jitsiServerUrl: z.string().nullable(),
    jitsiJwtAppId: z.string().nullable(),
    jitsiJwtSecret: z.literal('****').nullable(),
    mediasoupWsUrl: z.string().nullable(),
    zoomApiKey: z.literal('****').nullable(),
    webexClientId: z.literal('****').nullable(),
    teamsClientId: z.literal('****').nullable(),
    brandingLogoUrl: z.string().nullable(),
    brandingPrimaryColor: z.string().nullable(),
    roomSlugPrefix: z.string().nullable(),
    recordingEnabled: z.boolean(),
    sessionGraceMinutesBefore: z.number().int(),
    sessionGraceMinutesAfter: z.number().int(),
    maxParticipants: z.number().int(),
    fallbackVideoBackend: backendSchema.nullable(),
    graceReconnectSeconds: z.number().int(),
    /** Transcription needs the patient's ai_processing consent (decision 0029). */
    aiConsentRequired: z.boolean(),
    /** Hours a session's AI transcript is kept. */
    aiTranscriptRetentionHours: z.number().int(),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'TenantVirtualCareConfig' });

export type ConfigViewDto = z.infer<typeof configViewSchema>;

export const updateConfigInputSchema = z.strictObject({
  /** The version the admin edited (0 before the first save); a different stored version is 409 OPTIMISTIC_LOCK_CONFLICT. */
  expectedVersion: numberSchema().int('must be a whole number').min(0).max(2_147_483_647),
  defaultVideoBackend: backendSchema.optional(),
  jitsiServerUrl: optionalText(2048),
  jitsiJwtAppId: optionalText(200),
  mediasoupWsUrl: optionalText(2048),
  brandingLogoUrl: optionalText(2048),
  brandingPrimaryColor: optionalText(9),
  roomSlugPrefix: optionalText(32),
  recordingEnabled: strictBooleanSchema.optional(),
  sessionGraceMinutesBefore: minutesSchema.optional(),
  sessionGraceMinutesAfter: minutesSchema.optional(),
  maxParticipants: numberSchema().int('must be a whole number').optional(),
  fallbackVideoBackend: backendSchema.nullable().optional(),
  graceReconnectSeconds: numberSchema()
    .int('must be a whole number')
    .min(0, 'must not be negative')
    .max(3600, 'must be at most 3600')
    .optional(),
  aiConsentRequired: strictBooleanSchema.optional(),
  aiTranscriptRetentionHours: numberSchema()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_AI_TRANSCRIPT_RETENTION_HOURS, `must be at most ${MAX_AI_TRANSCRIPT_RETENTION_HOURS}`)
    .optional(),
  jitsiJwtSecret: credentialSchema,
  zoomApiKey: credentialSchema,
  webexClientId: credentialSchema,
  teamsClientId: credentialSchema,
});

export type UpdateConfigInput = z.infer<typeof updateConfigInputSchema>;

export const updateConfigOutputSchema = z.object({
  config: configViewSchema,
  /** Field names only (credentials by name, never a value). */
  changedFields: z.array(z.string()),
});

export const testConnectionInputSchema = z
  .strictObject({
    /** Test a server before saving it; default: the saved configuration. */
    jitsiServerUrl: z.string().trim().min(1).max(2048).optional(),
  })
  .optional();

export const testConnectionOutputSchema = z.object({
  healthy: z.boolean(),
  latencyMs: z.number().int().min(0),
  reason: z.string().optional(),
});
