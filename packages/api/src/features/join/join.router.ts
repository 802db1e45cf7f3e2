import { enterJoinProcedure } from './enter-join.procedure';
import { joinHeartbeatProcedure } from './join-heartbeat.procedure';
import { joinStatusProcedure } from './join-status.procedure';
import { validateJoinProcedure } from './validate-join.procedure';
import { router } from '../../edge/trpc';

/** Token-holder procedures (no sign-in). */
export const joinRouter = router({
  validate: validateJoinProcedure,
  enter: enterJoinProcedure,
  status: joinStatusProcedure,
  heartbeat: joinHeartbeatProcedure,
});
