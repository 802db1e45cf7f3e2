import { generateSummaryDraft } from '@virtual-care/domain';
import { scribeSessionInputSchema, summaryDraftDtoSchema } from './scribe.schema';
import { draftDigest } from './scribe.views';
import { clinicianProcedure } from '../../edge/procedures';

export const summaryProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/sessions/{id}/ai/summary',
      tags: ['ai'],
      protect: true,
      summary:
        'A visit-summary draft of the kept transcript (US-012), answered and not stored; a refusal is 422 AI_COMPLETION_REFUSED',
    },
  })
  .input(scribeSessionInputSchema)
  .output(summaryDraftDtoSchema)
  .mutation(async ({ ctx, input }) => {
    const draft = await generateSummaryDraft(ctx.services.deps, {
      tenantId: ctx.tenantId,
      sessionId: input.id,
    });
    return { ...draft, draftDigest: draftDigest(draft.text) };
  });
