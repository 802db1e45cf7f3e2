import { defaultTenantConfig, getSessionDetail, noShowDueAt } from '@virtual-care/domain';
import { detailDto } from './session.views';
import { sessionDetailOutputSchema, sessionRefInputSchema } from './session.schema';
import { clinicianProcedure } from '../../edge/procedures';

export const sessionDetailProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/sessions/{id}',
      tags: ['sessions'],
      protect: true,
      summary: 'A session with its participants',
    },
  })
  .input(sessionRefInputSchema)
  .output(sessionDetailOutputSchema)
  .query(async ({ ctx, input }) => {
    const { services, tenantId } = ctx;
    const [snapshot, config] = await Promise.all([
      getSessionDetail(services.deps, { tenantId, sessionId: input.id }),
      services.directory.videoConfig(tenantId),
    ]);
    const grace = (config ?? defaultTenantConfig(tenantId, new Date())).sessionGraceMinutesAfter;
    return {
      ...(await detailDto(services, tenantId, snapshot)),
      noShowAt: noShowDueAt(snapshot, grace)?.toISOString() ?? null,
    };
  });
