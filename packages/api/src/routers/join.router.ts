import { enterJoinProcedure } from '../procedures/enter-join.procedure';
import { joinHeartbeatProcedure } from '../procedures/join-heartbeat.procedure';
import { joinStatusProcedure } from '../procedures/join-status.procedure';
import { validateJoinProcedure } from '../procedures/validate-join.procedure';
import { router } from '../trpc';

/** Token-holder procedures (no sign-in). */
export const joinRouter = router({
  validate: validateJoinProcedure,
  enter: enterJoinProcedure,
  status: joinStatusProcedure,
  heartbeat: joinHeartbeatProcedure,
});
