import { asyncVisitDtoSchema, asyncVisitRefInputSchema } from './async-visit.schema';
import { reviewStep } from './review-step';
import { clinicianProcedure } from '../../edge/procedures';

export const reviewAsyncVisitProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/async-visits/{id}/review',
      tags: ['async-visits'],
      protect: true,
      summary:
        'Pick a submitted visit up for review (under_review); the reviewer becomes its provider',
    },
  })
  .input(asyncVisitRefInputSchema)
  .output(asyncVisitDtoSchema)
  .mutation(reviewStep('start_review'));
