import { listPatientsInputSchema, listPatientsOutputSchema } from './patient.schema';
import { clinicianProcedure } from '../../edge/procedures';

export const listPatientsProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/patients',
      tags: ['patients'],
      protect: true,
      summary: "The tenant's patients with their consent flags",
    },
  })
  .input(listPatientsInputSchema)
  .output(listPatientsOutputSchema)
  .query(async ({ ctx, input }) => ({
    items: await ctx.services.directory.listPatients(ctx.tenantId, input?.search),
  }));
