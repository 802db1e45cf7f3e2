import { recordConsentDecision } from './patient-consents';
import { consentRecordDtoSchema, recordVerbalInputSchema } from './consent.schema';
import { consentClinicianProcedure } from './consent-base.procedure';

export const consentRecordVerbalProcedure = consentClinicianProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/consents/verbal',
      tags: ['consents'],
      protect: true,
      summary:
        "A clinician records a patient's verbal consent with attestation (method verbal_attested)",
    },
  })
  .input(recordVerbalInputSchema)
  .output(consentRecordDtoSchema)
  .mutation(({ ctx, input }) =>
    recordConsentDecision(ctx.services, {
      tenantId: ctx.tenantId,
      patientId: input.patientId,
      capturedBy: ctx.user.id,
      type: input.type,
      decision: 'granted',
      textVersion: input.textVersion,
      method: 'verbal_attested',
    }),
  );
