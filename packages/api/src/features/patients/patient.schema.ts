import { z } from 'zod';

export const listPatientsInputSchema = z
  .strictObject({ search: z.string().trim().max(100).optional() })
  .optional();

export const patientSummarySchema = z.object({
  id: z.string(),
  displayName: z.string(),
  birthDate: z.string().nullable(),
  telehealthConsent: z.boolean(),
  recordingConsent: z.boolean(),
});

export const listPatientsOutputSchema = z.object({ items: z.array(patientSummarySchema) });
