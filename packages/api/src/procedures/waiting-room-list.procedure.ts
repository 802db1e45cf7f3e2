import { waitingCards } from '../composition/waiting-room-view';
import { waitingRoomOutputSchema } from '../schemas/waiting-room.schema';
import { clinicianProcedure } from './virtual-care.procedure';

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
