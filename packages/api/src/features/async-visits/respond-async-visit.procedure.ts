import { respondAsyncVisit } from '@virtual-care/domain';
import { asyncVisitDto } from './async-visit.views';
import { asyncVisitDtoSchema, respondAsyncVisitInputSchema } from './async-visit.schema';
import { clinicianProcedure } from '../../edge/procedures';

export const respondAsyncVisitProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/async-visits/{id}/respond',
      tags: ['async-visits'],
      protect: true,
      summary:
        "Answer the patient (responded); creates the visit's FHIR Encounter, keyed by the visit id (with FHIR down: encounterPending, the worker creates it later)",
    },
  })
  .input(respondAsyncVisitInputSchema)
  .output(asyncVisitDtoSchema)
  .mutation(async ({ ctx, input }) => {
    const { visit, encounterFailure } = await respondAsyncVisit(ctx.services.deps, {
      tenantId: ctx.tenantId,
      asyncVisitId: input.id,
      providerId: ctx.user.id,
      response: input.response,
    });
    if (encounterFailure?.kind === 'rejected') ctx.services.metrics.encounterRejections.inc();
    return asyncVisitDto(ctx.services, ctx.tenantId, visit);
  });
