import { waitingRoomChangesProcedure } from '../procedures/waiting-room-changes.procedure';
import { waitingRoomListProcedure } from '../procedures/waiting-room-list.procedure';
import { router } from '../trpc';

export const waitingRoomRouter = router({
  list: waitingRoomListProcedure,
  changes: waitingRoomChangesProcedure,
});
