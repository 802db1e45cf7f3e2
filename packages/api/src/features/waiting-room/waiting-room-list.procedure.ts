import { waitingCards } from './waiting-room.views';
import { waitingRoomOutputSchema } from './waiting-room.schema';
import { clinicianProcedure } from '../../edge/procedures';

export const waitingRoomListProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/waiting-room',
      tags: ['waiting room'],
      protect: true,
      summary:
        'Everyone waiting across the open sessions, in queue order: time waited, device check, place',
    },
  })
  .output(waitingRoomOutputSchema)
  .query(async ({ ctx }) => ({
    items: await waitingCards(ctx.services, ctx.tenantId, ctx.user.id),
  }));
