import { z } from 'zod';
import { uuidSchema } from '../../edge/common.schema';

export const CONSENT_TYPE_VALUES = ['telehealth', 'recording', 'ai_processing'] as const;
export const consentTypeSchema = z.enum(CONSENT_TYPE_VALUES);

export const consentTextSchema = z
  .object({
    type: consentTypeSchema,
    version: z.string(),
    title: z.string(),
    body: z.string(),
    verbalAttestation: z.string(),
  })
  .meta({ id: 'ConsentText' });

export const consentTextsOutputSchema = z.object({ items: z.array(consentTextSchema) });

export const consentRecordDtoSchema = z
  .object({
    id: z.string(),
    patientId: z.string(),
    type: consentTypeSchema,
    decision: z.enum(['granted', 'revoked']),
    textVersion: z.string(),
    capturedAt: z.string(),
    capturedBy: z.string(),
    method: z.enum(['portal', 'verbal_attested', 'paper', 'imported']),
  })
  .meta({ id: 'ConsentRecord' });

export type ConsentRecordDto = z.infer<typeof consentRecordDtoSchema>;

/** Per type: whether it is on file now, and every record (oldest first: the audit trail). */
export const patientConsentsOutputSchema = z.object({
  patientId: z.string(),
  current: z.array(
    z.object({
      type: consentTypeSchema,
      granted: z.boolean(),
      latest: consentRecordDtoSchema.nullable(),
    }),
  ),
  history: z.array(consentRecordDtoSchema),
});

export type PatientConsentsDto = z.infer<typeof patientConsentsOutputSchema>;

/** The patient grants or revokes the text they were shown (its version). */
export const patientDecisionInputSchema = z.strictObject({
  type: consentTypeSchema,
  textVersion: z.string().trim().min(1).max(100),
});

export const recordVerbalInputSchema = z.strictObject({
  patientId: uuidSchema,
  type: consentTypeSchema,
  textVersion: z.string().trim().min(1).max(100),
  /** The clinician confirms the attestation text of that consent type (consents.texts). */
  attested: z.literal(true, { error: 'the attestation must be confirmed' }),
});

export const forPatientInputSchema = z.strictObject({ patientId: uuidSchema });
