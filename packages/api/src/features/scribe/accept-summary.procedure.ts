import { acceptAiSummary } from '@virtual-care/domain';
import { acceptSummaryInputSchema, acceptSummaryOutputSchema } from './scribe.schema';
import { draftDigest } from './scribe.views';
import { clinicianProcedure } from '../../edge/procedures';

export const acceptSummaryProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/sessions/{id}/ai/accept-summary',
      tags: ['ai'],
      protect: true,
      summary:
        "The clinician's decision on an AI summary (US-012): accepted charts it with AI provenance, declined writes nothing",
    },
  })
  .input(acceptSummaryInputSchema)
  .output(acceptSummaryOutputSchema)
  .mutation(async ({ ctx, input }) => {
    const edited = input.accepted && input.draftDigest !== draftDigest(input.summaryText);
    const decision = await acceptAiSummary(ctx.services.deps, {
      tenantId: ctx.tenantId,
      sessionId: input.id,
      actorId: ctx.user.id,
      accepted: input.accepted,
      summaryText: input.summaryText,
      aiModel: input.aiModel,
      edited,
    });
    return { ...decision, edited };
  });
