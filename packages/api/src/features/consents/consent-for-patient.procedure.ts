import { patientConsents } from './patient-consents';
import { forPatientInputSchema, patientConsentsOutputSchema } from './consent.schema';
import { consentClinicianProcedure } from './consent-base.procedure';

export const consentForPatientProcedure = consentClinicianProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/consents/patients/{patientId}',
      tags: ['consents'],
      protect: true,
      summary: "A patient's consents and their history",
    },
  })
  .input(forPatientInputSchema)
  .output(patientConsentsOutputSchema)
  .query(({ ctx, input }) => patientConsents(ctx.services, ctx.tenantId, input.patientId));
