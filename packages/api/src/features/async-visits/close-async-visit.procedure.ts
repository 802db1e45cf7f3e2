import { asyncVisitDtoSchema, asyncVisitRefInputSchema } from './async-visit.schema';
import { reviewStep } from './review-step';
import { clinicianProcedure } from '../../edge/procedures';

export const closeAsyncVisitProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/async-visits/{id}/close',
      tags: ['async-visits'],
      protect: true,
      summary: 'Close a responded visit',
    },
  })
  .input(asyncVisitRefInputSchema)
  .output(asyncVisitDtoSchema)
  .mutation(reviewStep('close'));
