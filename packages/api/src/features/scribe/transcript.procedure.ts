import { getSessionTranscript } from '@virtual-care/domain';
import { scribeSessionInputSchema, transcriptDtoSchema } from './scribe.schema';
import { transcriptSegmentDto } from './scribe.views';
import { clinicianProcedure } from '../../edge/procedures';

export const transcriptProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/sessions/{id}/ai/transcript',
      tags: ['ai'],
      protect: true,
      summary:
        "The session's AI transcript as kept (US-011): not part of the chart, deleted after the tenant's retention",
    },
  })
  .input(scribeSessionInputSchema)
  .output(transcriptDtoSchema)
  .query(async ({ ctx, input }) => {
    const segments = await getSessionTranscript(ctx.services.deps, {
      tenantId: ctx.tenantId,
      sessionId: input.id,
    });
    return { sessionId: input.id, segments: segments.map(transcriptSegmentDto) };
  });
