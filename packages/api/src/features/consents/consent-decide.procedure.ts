import type { ConsentDecision } from '@virtual-care/domain';
import { patientIdOfUser, recordConsentDecision } from './patient-consents';
import { consentRecordDtoSchema, patientDecisionInputSchema } from './consent.schema';
import { consentPatientProcedure } from './consent-base.procedure';

/** grant and revoke differ only in the decision: a revocation is a new record, never an edit. */
function patientDecisionProcedure(decision: ConsentDecision, path: string, summary: string) {
  return consentPatientProcedure
    .meta({ openapi: { method: 'POST', path, tags: ['consents'], protect: true, summary } })
    .input(patientDecisionInputSchema)
    .output(consentRecordDtoSchema)
    .mutation(async ({ ctx, input }) =>
      recordConsentDecision(ctx.services, {
        tenantId: ctx.tenantId,
        patientId: await patientIdOfUser(ctx.services, ctx.tenantId, ctx.user.id),
        capturedBy: ctx.user.id,
        type: input.type,
        decision,
        textVersion: input.textVersion,
        method: 'portal',
      }),
    );
}

export const consentGrantProcedure = patientDecisionProcedure(
  'granted',
  '/consents/me/grant',
  'The signed-in patient grants a consent (current text version)',
);
export const consentRevokeProcedure = patientDecisionProcedure(
  'revoked',
  '/consents/me/revoke',
  'The signed-in patient revokes a consent (a new record)',
);
