import { z } from 'zod';
import { patientConsents, patientIdOfUser } from './patient-consents';
import { patientConsentsOutputSchema } from './consent.schema';
import { consentPatientProcedure } from './consent-base.procedure';

export const consentMineProcedure = consentPatientProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/consents/me',
      tags: ['consents'],
      protect: true,
      summary: "The signed-in patient's consents and their history",
    },
  })
  .input(z.void())
  .output(patientConsentsOutputSchema)
  .query(async ({ ctx }) =>
    patientConsents(
      ctx.services,
      ctx.tenantId,
      await patientIdOfUser(ctx.services, ctx.tenantId, ctx.user.id),
    ),
  );
