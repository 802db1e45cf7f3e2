import { submitAsyncVisit } from '@virtual-care/domain';
import { callersPatientId } from './async-visit-reader';
import { asyncVisitDto } from './async-visit.views';
import { asyncVisitDtoSchema, submitAsyncVisitInputSchema } from './async-visit.schema';
import { servicesProcedure } from '../../edge/procedures';

export const submitAsyncVisitProcedure = servicesProcedure('patient')
  .meta({
    openapi: {
      method: 'POST',
      path: '/async-visits',
      tags: ['async-visits'],
      protect: true,
      summary:
        'Submit a visit drafted offline (201); the same clientMutationId again answers the original (200)',
      successDescription: 'Created (201), or the original visit (200)',
    },
  })
  .input(submitAsyncVisitInputSchema)
  .output(asyncVisitDtoSchema)
  .mutation(async ({ ctx, input }) => {
    const { services } = ctx;
    const { visit, created } = await submitAsyncVisit(
      { ...services.deps, attachments: services.attachments },
      {
        tenantId: ctx.tenantId,
        patientId: await callersPatientId(ctx),
        clientMutationId: input.clientMutationId,
        chiefComplaint: input.chiefComplaint,
        attachments: input.attachments,
        answers: input.answers,
        appointmentId: input.appointmentId ?? null,
      },
    );
    ctx.reply.status = created ? 201 : 200;
    return asyncVisitDto(services, ctx.tenantId, visit);
  });
