import { changeBandwidthProfile } from '@virtual-care/domain';
import { bandwidthProfileDto } from './fallback.views';
import { bandwidthProfileOutputSchema, changeBandwidthProfileInputSchema } from './fallback.schema';
import { clinicianProcedure } from '../../edge/procedures';

export const bandwidthProfileProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/sessions/{id}/bandwidth-profile',
      tags: ['fallback'],
      protect: true,
      summary:
        'Move the call to audio only, or back to video while active; each change kept with its time',
    },
  })
  .input(changeBandwidthProfileInputSchema)
  .output(bandwidthProfileOutputSchema)
  .mutation(async ({ ctx, input }) => {
    const { session } = await changeBandwidthProfile(ctx.services.deps, {
      tenantId: ctx.tenantId,
      sessionId: input.id,
      profile: input.profile,
      actorId: ctx.user.id,
      ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
    });
    return bandwidthProfileDto(session);
  });
