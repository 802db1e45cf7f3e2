import { waitingRoomChangesProcedure } from './waiting-room-changes.procedure';
import { waitingRoomListProcedure } from './waiting-room-list.procedure';
import { router } from '../../edge/trpc';

export const waitingRoomRouter = router({
  list: waitingRoomListProcedure,
  changes: waitingRoomChangesProcedure,
});
