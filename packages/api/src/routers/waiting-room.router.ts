import { waitingRoomChangesProcedure } from '../procedures/waiting-room-changes.procedure';
import { router } from '../trpc';

export const waitingRoomRouter = router({ changes: waitingRoomChangesProcedure });
